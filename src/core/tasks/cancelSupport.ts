/**
 * Whether a task can be cancelled from here: the one answer the engine (which refuses to send
 * tasks/cancel otherwise) and any UI (which hides or disables the action) both go by.
 */
import type { ServerCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { isTerminalStatus, type TaskRecord } from '../model/taskRecord';

/** The server declares `capabilities.tasks.cancel` (an object; its presence is the promise). */
export function canCancel(capabilities: ServerCapabilities | undefined): boolean {
  const cancel: unknown = capabilities?.tasks?.cancel;
  return typeof cancel === 'object' && cancel !== null && !Array.isArray(cancel);
}

/**
 * A running record can be stopped: a plain call or a hosted task always (they run here), a
 * server's task only when that server can cancel tasks. `capabilities`: the server's current session's.
 */
export function canCancelTask(record: Pick<TaskRecord, 'kind' | 'status'>, capabilities: ServerCapabilities | undefined): boolean {
  if (isTerminalStatus(record.status)) return false;
  return record.kind !== 'task' || canCancel(capabilities);
}
