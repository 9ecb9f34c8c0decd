import type { TaskRecord } from '../model/taskRecord';
import type { DiskState } from './ledgerStorage';

/**
 * Brings the in-memory records in line with what was read from disk: the disk is the truth
 * (it holds every ledger's writes), with this ledger's not yet written changes (`pending`) on top.
 * Returns whether anything a view shows changed.
 */
export function mergeDiskState(records: Map<string, TaskRecord>, pending: ReadonlyMap<string, unknown>, state: DiskState): boolean {
  let changed = false;
  for (const [key, record] of state.records) {
    if (pending.has(key)) continue;
    const mine = records.get(key);
    if (!mine || mine.updatedAt !== record.updatedAt || mine.status !== record.status) changed = true;
    records.set(key, record);
  }
  // A file that could not be read says nothing about which records are gone.
  if (!state.unreadable) {
    for (const key of [...records.keys()]) {
      if (!state.records.has(key) && !pending.has(key)) {
        records.delete(key);
        changed = true;
      }
    }
  }
  return changed;
}
