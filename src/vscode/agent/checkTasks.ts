/** mcpTasks_checkTasks: where one or more tasks are, at once. */
import { isTerminalStatus, type TaskRecord } from '../../core/model/taskRecord';
import { guarded, type AgentDeps } from './agentDeps';
import { errorReply, textReply, type AgentReply } from './agentReply';
import { AGENT_TOOLS, type CheckTasksInput } from './agentToolNames';
import { findTask } from './taskHandles';
import { nextStep, reportTask } from './taskReports';

/** More would flood the model's context; it can ask again for the rest. */
export const MAX_CHECKED = 20;
/** Without handles: the chat's running tasks, and those that ended this long ago at most. */
export const RECENT_MS = 60 * 60_000;

export function checkTasks(deps: AgentDeps, input: CheckTasksInput): Promise<AgentReply> {
  return guarded('Checking the tasks', async () => {
    const handles = typeof input.handles === 'string' ? [input.handles] : input.handles;
    if (handles !== undefined && !Array.isArray(handles)) {
      return errorReply('"handles" must be a list of handles, e.g. ["server-id/task-id"]; leave it out for the tasks started from chat.');
    }
    if (handles === undefined || handles.length === 0) return textReply(...chatTasks(deps));
    const blocks: string[] = [];
    let unknown = 0;
    for (const handle of handles.slice(0, MAX_CHECKED)) {
      const found = findTask(deps.tasks, handle);
      if (!found.ok) {
        unknown++;
        blocks.push(found.message);
      } else {
        blocks.push([...reportTask(found.value, deps.now(), deps.questions), nextStep(found.value)].join('\n'));
      }
    }
    if (handles.length > MAX_CHECKED) blocks.push(`${handles.length - MAX_CHECKED} more handles not checked: at most ${MAX_CHECKED} a call.`);
    const reply = textReply(blocks.join('\n\n'));
    return unknown === handles.length ? { ...reply, isError: true } : reply;
  });
}

function chatTasks(deps: AgentDeps): string[] {
  const now = deps.now();
  const recent = (r: TaskRecord) => !isTerminalStatus(r.status) || now - (r.finishedAt ?? r.updatedAt) <= RECENT_MS;
  const mine = deps.tasks.list()
    .filter((r) => r.origin === 'chat' && recent(r))
    .sort((a, b) => Number(isTerminalStatus(a.status)) - Number(isTerminalStatus(b.status)) || b.createdAt - a.createdAt);
  if (mine.length === 0) {
    return [`No tasks were started from chat in the last hour. Start one with ${AGENT_TOOLS.start}; pass "handles" to check other tasks.`];
  }
  const shown = mine.slice(0, MAX_CHECKED);
  const blocks = shown.map((r) => [...reportTask(r, now, deps.questions), nextStep(r)].join('\n'));
  if (mine.length > shown.length) blocks.push(`${mine.length - shown.length} older tasks not shown.`);
  return [`Tasks started from chat (running first, then those that ended in the last hour):`, '', blocks.join('\n\n')];
}
