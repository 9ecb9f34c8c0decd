import type { StoredResult, TaskRecord } from './taskRecord';

/**
 * Where task records live. The engine writes every transition here; the file-backed ledger
 * persists them across reloads, the in-memory store serves one-shot uses (CLI, tests).
 */
export interface TaskRecordStore {
  get(key: string): TaskRecord | undefined;
  all(): readonly TaskRecord[];
  /** Keeps the record now and persists it with the next batch. */
  put(record: TaskRecord): void;
  /** Resolves once everything put so far is durably stored. */
  flush(): Promise<void>;
  /** Resolves once the record is durably stored (used before anyone is told about a result). */
  putDurable(record: TaskRecord): Promise<void>;
  /** Stores a result: inline when small, in a file of its own when large. */
  storeResult(key: string, value: unknown): Promise<StoredResult>;
  readResult(stored: StoredResult): Promise<unknown>;
  remove(key: string): Promise<void>;
}
