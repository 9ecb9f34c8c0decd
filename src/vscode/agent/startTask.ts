/**
 * mcpTasks_startTask: starts a tool call in the background and returns its handle at once, or
 * after a short bounded wait when it ends (or needs the user) quickly. Goes through the same
 * server.connect() and TaskService.call as the Call Tool flow, so consent and trust apply alike.
 */
import { isTerminalStatus } from '../../core/model/taskRecord';
import { guarded, type AgentDeps, type CallContext } from './agentDeps';
import { errorReply, type AgentReply } from './agentReply';
import { clampSeconds, WAIT_LIMITS, type StartTaskInput } from './agentToolNames';
import { argumentProblem, parseCallArguments } from './callArguments';
import { finishedReply } from './finishedReply';
import { startServerWithin } from './serverStart';
import { findServer, findTool } from './serverTargets';
import { nextStep, questionOf, reportTask } from './taskReports';
import { watchTask } from './taskWatcher';

export function startTask(deps: AgentDeps, input: StartTaskInput, context: CallContext = {}): Promise<AgentReply> {
  return guarded('Starting the task', async () => {
    const server = findServer(deps.servers, input.server);
    if (!server.ok) return errorReply(server.message);
    const args = parseCallArguments(input.arguments);
    if (!args.ok) return errorReply(args.message);
    const started = await startServerWithin(server.value, WAIT_LIMITS.connectSeconds * 1000, context.signal);
    if (!started.ok) return errorReply(`${started.message} Nothing was called; try again once the server runs.`);
    const tool = findTool(server.value, input.tool);
    if (!tool.ok) return errorReply(tool.message);
    const problem = argumentProblem(server.value.label, tool.value, args.value);
    if (problem) return errorReply(problem);

    let record;
    try {
      // Optional task support runs as a task: the agent wants it in the background, cancellable.
      record = await deps.tasks.call(server.value.id, tool.value.name, args.value, { mode: 'auto', optionalDefault: 'task', origin: 'chat' });
    } catch (err) {
      return errorReply(`${server.value.label} · ${tool.value.name} could not start: ${err instanceof Error ? err.message : String(err)}`);
    }
    const waitMs = clampSeconds(input.waitSeconds, WAIT_LIMITS.startDefaultSeconds, 0, WAIT_LIMITS.startMaxSeconds) * 1000;
    const end = await watchTask({
      tasks: deps.tasks, questions: deps.questions, key: record.key, timeoutMs: waitMs, signal: context.signal,
      // input_required alone is not enough: the question itself follows, and the reply should quote it.
      reached: (r) => isTerminalStatus(r.status) || questionOf(r, deps.questions) !== undefined,
    });
    const now = end.kind === 'removed' ? record : end.record;
    if (isTerminalStatus(now.status)) {
      return finishedReply(deps, now, `${tool.value.name} on ${server.value.label} ended within the wait.`, context.limits);
    }
    const how = now.kind === 'call'
      ? 'as a plain call (the tool has no task support); it keeps running in the background'
      : 'as a background task';
    return {
      parts: [{
        kind: 'text',
        text: [
          `Started ${tool.value.name} on ${server.value.label} ${how}. The user sees it in the MCP Tasks view.`,
          ...reportTask(now, deps.now(), deps.questions),
          nextStep(now),
        ].join('\n'),
      }],
    };
  });
}
