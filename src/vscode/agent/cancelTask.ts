/**
 * mcpTasks_cancelTask: a real cancel through the task service (tasks/cancel for a server's task,
 * an abort for a plain call), refused up front when the server cannot cancel tasks.
 */
import { canCancelTask } from '../../core/tasks/cancelSupport';
import { isTerminalStatus } from '../../core/model/taskRecord';
import { guarded, type AgentDeps } from './agentDeps';
import { errorReply, textReply, type AgentReply } from './agentReply';
import { AGENT_TOOLS, type CancelTaskInput } from './agentToolNames';
import { findTask } from './taskHandles';
import { reportTask } from './taskReports';

export function cancelTask(deps: AgentDeps, input: CancelTaskInput): Promise<AgentReply> {
  return guarded('Cancelling the task', async () => {
    const found = findTask(deps.tasks, input.handle);
    if (!found.ok) return errorReply(found.message);
    const record = found.value;
    if (isTerminalStatus(record.status)) {
      return textReply(`${record.tool} on ${record.serverLabel} has already ended (${record.status}); there is nothing to cancel.`, ...reportTask(record, deps.now(), deps.questions));
    }
    const server = deps.servers.get(record.serverId);
    if (!canCancelTask(record, server?.serverCapabilities)) {
      const why = server?.serverCapabilities
        ? `${record.serverLabel} does not support cancelling tasks (it declares no tasks.cancel capability)`
        : `${record.serverLabel} is not connected now`;
      return errorReply(
        `${why}, so ${record.tool} cannot be cancelled and keeps running. It is still tracked: follow it with ${AGENT_TOOLS.check} or ${AGENT_TOOLS.wait}.`,
        ...reportTask(record, deps.now(), deps.questions),
      );
    }
    const after = await deps.tasks.cancel(record.key);
    const head = after.status === 'cancelled'
      ? `Cancelled ${record.tool} on ${record.serverLabel}.`
      : `${record.tool} on ${record.serverLabel} ${isTerminalStatus(after.status) ? `ended as ${after.status} before the cancel took effect` : `is ${after.status}: the cancel was sent but has not taken effect yet`}.`;
    return textReply(head, ...reportTask(after, deps.now(), deps.questions));
  });
}
