import type { StoredResult, TaskRecord } from '../model/taskRecord';
import type { TaskRecordStore } from '../model/recordStore';

/** A store that keeps records for the life of the process (the CLI, one-shot runs). */
export class MemoryTaskRecordStore implements TaskRecordStore {
  private readonly records = new Map<string, TaskRecord>();

  get(key: string): TaskRecord | undefined {
    return this.records.get(key);
  }

  all(): readonly TaskRecord[] {
    return [...this.records.values()];
  }

  put(record: TaskRecord): void {
    this.records.set(record.key, record);
  }

  async flush(): Promise<void> {
    // nothing to write
  }

  async putDurable(record: TaskRecord): Promise<void> {
    this.records.set(record.key, record);
  }

  async storeResult(_key: string, value: unknown): Promise<StoredResult> {
    return { kind: 'inline', value: value as Record<string, unknown> };
  }

  async readResult(stored: StoredResult): Promise<unknown> {
    if (stored.kind === 'inline') return stored.value;
    throw new Error(`results stored in files are not available in memory (${stored.path})`);
  }

  async remove(key: string): Promise<void> {
    this.records.delete(key);
  }
}
