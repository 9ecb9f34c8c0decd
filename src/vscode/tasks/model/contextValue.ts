/** The words package.json menus match on for a task item (`viewItem =~ /\bcancellable\b/`). */
import type { ServerCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { isTerminalStatus, type TaskRecord } from '../../../core/model/taskRecord';
import { canCancelTask } from '../../../core/tasks/cancelSupport';
import { groupStateOf } from './taskState';

/**
 * `capabilities`: those of the task's server while it runs; while they are unknown (the server is
 * not connected) the action stays, and cancelling says what the server allows once it connects.
 */
export function contextValueOf(record: TaskRecord, asks: boolean, capabilities?: ServerCapabilities): string {
  const finished = isTerminalStatus(record.status);
  const words = ['task', groupStateOf(record, asks)];
  if (!finished && (capabilities === undefined || canCancelTask(record, capabilities))) words.push('cancellable');
  if (asks && !finished) words.push('answerable');
  if (finished) words.push('hasOutcome', 'removable');
  if (record.kind !== 'hosted' && record.tool) words.push('rerunnable');
  return words.join(' ');
}
