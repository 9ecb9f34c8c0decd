/**
 * mcpTasks_waitForTask: waits, up to a bounded timeout, for a task to end and returns its result
 * as the reply's content; otherwise says it still runs. A question the task asks meanwhile goes
 * to the user (the Tasks UI's own flow) and the wait goes on, so an answer given in time still
 * ends in the result.
 */
import { isTerminalStatus } from '../../core/model/taskRecord';
import { guarded, type AgentDeps, type CallContext } from './agentDeps';
import { errorReply, type AgentReply } from './agentReply';
import { AGENT_TOOLS, clampSeconds, WAIT_LIMITS, type WaitForTaskInput } from './agentToolNames';
import { finishedReply } from './finishedReply';
import { findTask } from './taskHandles';
import { reportTask, waitsForUser } from './taskReports';
import { watchTask } from './taskWatcher';

export function waitForTask(deps: AgentDeps, input: WaitForTaskInput, context: CallContext = {}): Promise<AgentReply> {
  return guarded('Waiting for the task', async () => {
    const found = findTask(deps.tasks, input.handle);
    if (!found.ok) return errorReply(found.message);
    const seconds = clampSeconds(input.timeoutSeconds, WAIT_LIMITS.waitDefaultSeconds, 1, WAIT_LIMITS.waitMaxSeconds);
    const end = await watchTask({
      tasks: deps.tasks, questions: deps.questions, key: found.value.key, timeoutMs: seconds * 1000, signal: context.signal,
      reached: (r) => isTerminalStatus(r.status),
    });
    if (end.kind === 'removed') return errorReply(`The task "${found.value.key}" was removed from the Tasks view while waiting; its result is gone.`);
    const record = end.record;
    if (end.kind === 'reached') return finishedReply(deps, record, `${record.tool} on ${record.serverLabel} has ended.`, context.limits);
    const handle = JSON.stringify(record.key);
    const stillWaiting = waitsForUser(record, deps.questions);
    const head = end.kind === 'aborted'
      ? `Stopped waiting (the request was cancelled); ${record.tool} keeps running.`
      : `${record.tool} is still ${stillWaiting ? 'waiting for the user' : 'running'} after ${Math.round(seconds)} s of waiting.`;
    return {
      parts: [{
        kind: 'text',
        text: [
          head,
          ...reportTask(record, deps.now(), deps.questions),
          `Next: call ${AGENT_TOOLS.wait} {"handle": ${handle}} again to keep waiting, or do other work and check later with ${AGENT_TOOLS.check}. Do not start it again.`,
        ].join('\n'),
      }],
    };
  });
}
