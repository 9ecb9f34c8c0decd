/** The words package.json menus match on for a task item (`viewItem =~ /\bcancellable\b/`). */
import { isTerminalStatus, type TaskRecord } from '../../../core/model/taskRecord';
import { groupStateOf } from './taskState';

export function contextValueOf(record: TaskRecord, asks: boolean): string {
  const finished = isTerminalStatus(record.status);
  const words = ['task', groupStateOf(record, asks)];
  if (!finished) words.push('cancellable');
  if (asks && !finished) words.push('answerable');
  if (finished) words.push('hasOutcome', 'removable');
  if (record.kind !== 'hosted' && record.tool) words.push('rerunnable');
  return words.join(' ');
}
