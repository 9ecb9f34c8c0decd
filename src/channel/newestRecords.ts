/**
 * The newest record of each task as a client sees them: an answer and a notification about the
 * same task may arrive in either order, and an older one must not overwrite a newer one.
 */
import { isTerminalStatus, type TaskRecord } from '../core/model/taskRecord';

export class NewestRecords {
  private readonly records = new Map<string, TaskRecord>();
  /** Tasks this client marked lost itself: the host's next word on them wins, however old. */
  private readonly lostHere = new Set<string>();

  /** Keeps `record` unless a newer one is known; returns the one kept and whether it changed. */
  see(record: TaskRecord): { kept: TaskRecord; changed: boolean } {
    const known = this.records.get(record.key);
    if (known && known.updatedAt > record.updatedAt && !this.lostHere.has(record.key)) return { kept: known, changed: false };
    this.lostHere.delete(record.key);
    this.records.set(record.key, record);
    return { kept: record, changed: true };
  }

  /**
   * The host's whole list after (re)connecting: each listed record is seen, and what the host no
   * longer lists is gone (removed meanwhile, by another client or by retention).
   */
  replaceAll(listed: readonly TaskRecord[]): { changed: TaskRecord[]; removed: TaskRecord[] } {
    const changed: TaskRecord[] = [];
    const keys = new Set<string>();
    for (const record of listed) {
      keys.add(record.key);
      const seen = this.see(record);
      if (seen.changed) changed.push(seen.kept);
    }
    const removed = [...this.records.values()].filter((record) => !keys.has(record.key));
    for (const record of removed) this.delete(record.key);
    return { changed, removed };
  }

  get(key: string): TaskRecord | undefined {
    return this.records.get(key);
  }

  delete(key: string): TaskRecord | undefined {
    const record = this.records.get(key);
    this.records.delete(key);
    this.lostHere.delete(key);
    return record;
  }

  values(): IterableIterator<TaskRecord> {
    return this.records.values();
  }

  /**
   * The host went away: nothing follows the unfinished tasks any more. Keeps each as
   * connection_lost with `why` (an error of kind host-lost: the client says so once, not per
   * task) and returns those records.
   */
  loseUnfinished(why: string, now: number): TaskRecord[] {
    const lost: TaskRecord[] = [];
    for (const record of [...this.records.values()]) {
      if (isTerminalStatus(record.status)) continue;
      lost.push(this.see({ ...record, status: 'connection_lost', statusMessage: why, error: { kind: 'host-lost', message: why }, updatedAt: now }).kept);
      this.lostHere.add(record.key);
    }
    return lost;
  }
}
