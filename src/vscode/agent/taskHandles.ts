/**
 * A handle is a task's key in the Tasks view ("<server id>/<task id>"), the same key the task
 * commands take (mcpTasks.openResult, mcpTasks.cancelTask). Models sometimes pass only the task
 * id, or the key with the task id unencoded: both are accepted when they name one task.
 */
import type { TaskRecord } from '../../core/model/taskRecord';
import type { TaskService } from '../../core/taskService';
import type { Found } from './agentReply';
import { AGENT_TOOLS } from './agentToolNames';

export function findTask(tasks: Pick<TaskService, 'get' | 'list'>, handle: unknown): Found<TaskRecord> {
  if (typeof handle !== 'string' || handle.trim() === '') {
    return { ok: false, message: `"handle" is required: the handle ${AGENT_TOOLS.start} returned (it looks like "server-id/task-id").` };
  }
  const wanted = handle.trim();
  const exact = tasks.get(wanted);
  if (exact) return { ok: true, value: exact };
  const loose = tasks.list().filter((r) => r.taskId === wanted || `${r.serverId}/${r.taskId}` === wanted);
  if (loose.length === 1) return { ok: true, value: loose[0] };
  if (loose.length > 1) {
    return { ok: false, message: `"${wanted}" names ${loose.length} tasks; pass one of their handles: ${loose.map((r) => `"${r.key}"`).join(', ')}.` };
  }
  return {
    ok: false,
    message: `No task has the handle "${wanted}". Use a handle that ${AGENT_TOOLS.start} returned (it looks like "server-id/task-id"); ${AGENT_TOOLS.check} without "handles" lists the tasks started from chat. A finished task the user removed from the Tasks view is gone.`,
  };
}
