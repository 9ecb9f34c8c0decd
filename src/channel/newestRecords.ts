/**
 * The newest record of each task as a client sees them: an answer and a notification about the
 * same task may arrive in either order, and an older one must not overwrite a newer one.
 */
import type { TaskRecord } from '../core/model/taskRecord';

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
}
