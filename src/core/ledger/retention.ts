/**
 * How long finished records stay in the ledger: until `createdAt + granted ttl + retention`.
 * The ttl part is what the server promised to keep the task; the retention part is how long the
 * user can still look at it here. A record that is not finished is never expired.
 */
import { clampDuration, MAX_TTL_MS } from '../model/limits';
import { isTerminalStatus, type TaskRecord } from '../model/taskRecord';

export const DEFAULT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** Epoch ms after which the record may be pruned; undefined while it is not finished. */
export function expiresAt(record: TaskRecord, retentionMs: number): number | undefined {
  if (!isTerminalStatus(record.status)) return undefined;
  // A record written before the host capped ttls (or by hand) cannot keep itself for ever either.
  const ttl = typeof record.ttl === 'number' && Number.isFinite(record.ttl) ? clampDuration(record.ttl, MAX_TTL_MS) : 0;
  return record.createdAt + ttl + retentionMs;
}

export function isExpired(record: TaskRecord, now: number, retentionMs: number): boolean {
  const at = expiresAt(record, retentionMs);
  return at !== undefined && now >= at;
}
