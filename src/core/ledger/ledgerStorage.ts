/**
 * The record set on disk: a snapshot (rewritten whole, atomically) plus an append-only journal
 * of the changes since. Callers hold the directory lock around every method here.
 *
 * Reading never throws because of file content: damaged files are copied aside as backups,
 * described in `problems`, and whatever is still readable is returned; `needsRewrite` then asks
 * the caller to write a clean snapshot so the damage is not read again.
 */
import * as path from 'node:path';
import type { TaskRecord } from '../model/taskRecord';
import { appendDurable, backupCopy, readIfExists, writeFileAtomic } from './atomicFile';
import { decodeLedgerFile, encodeHeader, encodeLine, type DecodedLedgerFile, type LedgerEntry, type LedgerFileKind } from './entryCodec';

export const SNAPSHOT_FILE = 'tasks.snapshot.jsonl';
export const JOURNAL_FILE = 'tasks.journal.jsonl';

export interface DiskState {
  records: Map<string, TaskRecord>;
  problems: string[];
  /** Backup copies made of damaged or unsupported files. */
  backups: string[];
  needsRewrite: boolean;
  /** A file exists but could not be read (I/O error): the state is incomplete, never rewrite it. */
  unreadable: boolean;
  journalBytes: number;
  snapshotBytes: number;
}

export type WriteKind = 'journal' | 'snapshot';

export class LedgerStorage {
  readonly snapshotPath: string;
  readonly journalPath: string;

  constructor(
    private readonly dir: string,
    private readonly now: () => number,
    private readonly onWrite: (kind: WriteKind, file: string, bytes: number) => void,
  ) {
    this.snapshotPath = path.join(dir, SNAPSHOT_FILE);
    this.journalPath = path.join(dir, JOURNAL_FILE);
  }

  async read(): Promise<DiskState> {
    const state: DiskState = {
      records: new Map(), problems: [], backups: [], needsRewrite: false, unreadable: false, journalBytes: 0, snapshotBytes: 0,
    };
    // Snapshot first, then the journal on top. Replaying a journal that was already folded into
    // the snapshot (a crash between the two renames of a compaction) yields the same records.
    for (const kind of ['snapshot', 'journal'] as const) {
      const file = kind === 'snapshot' ? this.snapshotPath : this.journalPath;
      let buf: Buffer | undefined;
      try {
        buf = await readIfExists(file);
      } catch (err) {
        state.problems.push(`ledger file ${path.basename(file)} could not be read: ${(err as Error).message}`);
        state.unreadable = true;
        continue;
      }
      if (!buf) continue;
      if (kind === 'snapshot') state.snapshotBytes = buf.length;
      else state.journalBytes = buf.length;
      const decoded = decodeLedgerFile(buf, kind);
      await this.handleDamage(file, kind, decoded, state);
      for (const entry of decoded.entries) {
        if (entry.op === 'put') state.records.set(entry.record.key, this.fromDisk(entry.record));
        else state.records.delete(entry.key);
      }
    }
    return state;
  }

  /**
   * Appends entries to the journal with one write and fsync. An entry that cannot be encoded
   * (a value JSON cannot hold) is left out and named in `skipped`, so it cannot block the others.
   */
  async append(entries: readonly LedgerEntry[]): Promise<{ size: number; skipped: { key: string; reason: string }[] }> {
    const lines: string[] = [];
    const skipped: { key: string; reason: string }[] = [];
    for (const e of entries) {
      try {
        lines.push(encodeLine(e.op === 'put' ? { op: 'put', record: this.toDisk(e.record) } : e));
      } catch (err) {
        skipped.push({ key: e.op === 'put' ? e.record.key : e.key, reason: (err as Error).message });
      }
    }
    if (lines.length === 0) return { size: -1, skipped };
    const data = lines.join('');
    const { size, written } = await appendDurable(this.journalPath, (existing, lastByte) => {
      if (existing === 0) return encodeHeader('journal');
      return lastByte === 10 ? '' : '\n'; // end a torn line left by a crash so ours stays whole
    }, data);
    this.onWrite('journal', this.journalPath, written);
    return { size, skipped };
  }

  /** Writes a new snapshot of `records`, then empties the journal (compaction). */
  async rewrite(records: Iterable<TaskRecord>): Promise<number> {
    const lines: string[] = [];
    for (const record of records) lines.push(encodeLine({ op: 'put', record: this.toDisk(record) }));
    const data = encodeHeader('snapshot', lines.length) + lines.join('');
    const written = await writeFileAtomic(this.snapshotPath, data);
    this.onWrite('snapshot', this.snapshotPath, written);
    this.onWrite('journal', this.journalPath, await writeFileAtomic(this.journalPath, encodeHeader('journal')));
    return written;
  }

  private async handleDamage(file: string, kind: LedgerFileKind, decoded: DecodedLedgerFile, state: DiskState): Promise<void> {
    const name = path.basename(file);
    let what: string | undefined;
    let tag = 'corrupt';
    if (decoded.unsupportedVersion !== undefined) {
      what = `was written by a newer version of the format (version ${decoded.unsupportedVersion}); its records were not loaded`;
      tag = 'unsupported';
    } else if (decoded.badLines > 0 || decoded.tornTail || !decoded.header) {
      const parts: string[] = [];
      if (decoded.badLines) parts.push(`${decoded.badLines} damaged entr${decoded.badLines === 1 ? 'y' : 'ies'} skipped`);
      if (decoded.tornTail) parts.push('its last entry was cut short (a crash while writing) and was dropped');
      if (!decoded.header && !decoded.badLines && !decoded.tornTail) parts.push('it has no header');
      what = `was damaged: ${parts.join('; ')} [${decoded.reasons.join('; ')}]`;
    } else if (kind === 'snapshot' && decoded.header.count !== undefined && decoded.header.count !== decoded.entries.length) {
      what = `was cut short: ${decoded.entries.length} of ${decoded.header.count} records found`;
    }
    if (!what) return;
    state.needsRewrite = true;
    try {
      const backup = await backupCopy(file, tag, this.now());
      state.backups.push(backup);
      state.problems.push(`ledger file ${name} ${what}; kept as ${path.basename(backup)}`);
    } catch (err) {
      // Without a backup the damaged file must not be replaced: nothing may be lost for good.
      state.needsRewrite = false;
      state.problems.push(`ledger file ${name} ${what}; a backup copy could not be made (${(err as Error).message}), so it was left as it is`);
    }
  }

  /** Result file paths are stored relative to the ledger so the folder can move. */
  private toDisk(record: TaskRecord): TaskRecord {
    const result = record.result;
    if (result?.kind !== 'file' || !path.isAbsolute(result.path)) return record;
    const relative = path.relative(this.dir, result.path);
    if (relative.startsWith('..') || path.isAbsolute(relative)) return record;
    return { ...record, result: { ...result, path: relative.split(path.sep).join('/') } };
  }

  private fromDisk(record: TaskRecord): TaskRecord {
    const result = record.result;
    if (result?.kind !== 'file' || path.isAbsolute(result.path)) return record;
    return { ...record, result: { ...result, path: path.resolve(this.dir, result.path) } };
  }
}
