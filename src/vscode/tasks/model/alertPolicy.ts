/** Which change of a task deserves a notification, and how it is worded. */
import type { TaskRecord, TaskStatus } from '../../../core/model/taskRecord';
import { isTerminalStatus } from '../../../core/model/taskRecord';
import { plainText } from '../../inertText';

/** Also the suffix of the `mcpTasks.alerts.*` settings. */
export type AlertEvent = 'completed' | 'failed' | 'cancelled' | 'expired' | 'connectionLost' | 'inputNeeded';

export const ALERT_EVENTS: readonly AlertEvent[] = ['completed', 'failed', 'cancelled', 'expired', 'connectionLost', 'inputNeeded'];

/**
 * The event a change represents, if any. `previous` is the status last seen (undefined for a
 * record seen for the first time); `cancelledHere` marks a cancel the user asked for in this window
 * (that needs no alert: the person knows).
 */
export function alertEventFor(previous: TaskStatus | undefined, next: TaskRecord, cancelledHere: boolean): AlertEvent | undefined {
  if (previous === next.status) return undefined;
  if (previous !== undefined && isTerminalStatus(previous)) return undefined;
  switch (next.status) {
    case 'completed': return 'completed';
    case 'failed': return 'failed';
    case 'cancelled':
      // Our own deadline cancelled it: for the person that is a failure, not a server's decision.
      if (next.error?.kind === 'timeout') return 'failed';
      return cancelledHere ? undefined : 'cancelled';
    case 'expired': return 'expired';
    // A task host that went away is told once for all its tasks (by the window), not per task.
    case 'connection_lost': return next.error?.kind === 'host-lost' ? undefined : 'connectionLost';
    default: return undefined;
  }
}

export type AlertSeverity = 'info' | 'warning' | 'error';

export function alertSeverity(event: AlertEvent): AlertSeverity {
  switch (event) {
    case 'completed': return 'info';
    case 'failed': return 'error';
    default: return 'warning';
  }
}

/** The notification's text; the names and the server's error text cannot become links or icons. */
export function alertMessage(event: AlertEvent, record: TaskRecord): string {
  const who = `${plainText(record.serverLabel)} · ${plainText(record.tool || record.taskId)}`;
  const why = record.error?.message ? `: ${plainText(record.error.message)}` : '';
  switch (event) {
    case 'completed': return `${who} completed.`;
    case 'failed': return `${who} failed${why}`;
    case 'cancelled': return `${who} was cancelled by the server${why}`;
    case 'expired': return `${who} expired: the server no longer keeps the task${record.result ? '' : ' and its result was not fetched'}.`;
    case 'connectionLost': return `${who}: the connection to the server was lost; tracking resumes after it reconnects.`;
    case 'inputNeeded': return `${who} needs your input.`;
  }
}

/** One line for the tasks that finished while the window was closed. */
export function resumedSummary(records: readonly TaskRecord[]): string {
  const counts = new Map<TaskStatus, number>();
  for (const r of records) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const order: TaskStatus[] = ['completed', 'failed', 'cancelled', 'expired'];
  const parts = order.filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s}`);
  const n = records.length;
  return `${n} task${n === 1 ? '' : 's'} finished while VS Code was closed: ${parts.join(', ')}.`;
}
