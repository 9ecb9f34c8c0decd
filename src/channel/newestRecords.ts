/**
 * The newest record of each task as a client sees them: an answer and a notification about the
 * same task may arrive in either order, and an older one must not overwrite a newer one.
 */
import { isTerminalStatus, type TaskRecord } from '../core/model/taskRecord';

export class NewestRecords {
  private readonly records = new Map<string, TaskRecord>();

  /** Keeps `record` unless a newer one is known; returns the one kept and whether it changed. */
  see(record: TaskRecord): { kept: TaskRecord; changed: boolean } {
    const known = this.records.get(record.key);
    if (known && known.updatedAt > record.updatedAt) return { kept: known, changed: false };
    this.records.set(record.key, record);
    return { kept: record, changed: true };
  }

  get(key: string): TaskRecord | undefined {
    return this.records.get(key);
  }

  delete(key: string): TaskRecord | undefined {
    const record = this.records.get(key);
    this.records.delete(key);
    return record;
  }

  values(): IterableIterator<TaskRecord> {
    return this.records.values();
  }

  /**
   * The host went away: nothing follows the unfinished tasks any more. Keeps each as
   * connection_lost with `why` and returns those records.
   */
  loseUnfinished(why: string, now: number): TaskRecord[] {
    const lost: TaskRecord[] = [];
    for (const record of [...this.records.values()]) {
      if (isTerminalStatus(record.status)) continue;
      lost.push(this.see({ ...record, status: 'connection_lost', statusMessage: why, updatedAt: now }).kept);
    }
    return lost;
  }
}
