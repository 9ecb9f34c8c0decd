/**
 * The persistent task ledger: every task record survives reloads and crashes.
 *
 * Format: a snapshot file plus an append-only journal, both JSON lines with a CRC32 per line
 * (entryCodec.ts). Changes are batched for `flushDelayMs` and appended with one write + fsync;
 * when the journal outgrows the snapshot it is compacted into a new snapshot (temp file, fsync,
 * rename, fsync the folder). Why this shape: loading is one sequential read and a JSON.parse per
 * line (10,000 records load in well under a second); an append never touches bytes that were
 * already durable, so a crash can only tear the last, unacknowledged line, which its checksum
 * exposes; and the snapshot is only ever replaced whole.
 *
 * Results larger than `inlineResultLimitBytes` live in files of their own (resultFiles.ts).
 *
 * Several ledgers on one folder (two windows, or a window and the task host): every read and write of the record files
 * happens under a lock file (dirLock.ts) and each ledger only appends its own changes; a
 * compaction re-reads the files under the lock, so a record written by another ledger is never
 * dropped. Two ledgers changing the same record: the later write wins. Another ledger's changes
 * show up here on reload(), prune() or this ledger's next compaction (onDidLoad fires).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Emitter, type Event } from '../events';
import { silentLogger, systemClock, type Clock, type Logger } from '../ports';
import type { StoredResult, TaskRecord } from '../model/taskRecord';
import type { TaskRecordStore } from '../model/recordStore';
import { DirLock } from './dirLock';
import { recordProblem, type LedgerEntry } from './entryCodec';
import { LedgerStorage, type DiskState } from './ledgerStorage';
import type { FileTaskLedgerOptions, LedgerLoadReport, LedgerWrite } from './fileTaskLedgerOptions';
import { mergeDiskState } from './mergeDiskState';
import { ResultFiles } from './resultFiles';
import { DEFAULT_RETENTION_MS, isExpired } from './retention';
import { sweepStaleTemps } from './staleTemps';

export type { FileTaskLedgerOptions, LedgerLoadReport, LedgerWrite } from './fileTaskLedgerOptions';

/** An unrecorded result file is only swept once it is this old (it may be recorded any moment). */
const ORPHAN_GRACE_MS = 60 * 60 * 1000;

export class FileTaskLedger implements TaskRecordStore {
  readonly dir: string;
  loadReport: LedgerLoadReport = { records: 0, ms: 0, recoveredFiles: [], problems: [], pruned: 0 };

  private readonly onDidLoadEmitter = new Emitter<LedgerLoadReport>();
  /** Fires when records were (re)read from disk after open: reload, prune, compaction. */
  readonly onDidLoad: Event<LedgerLoadReport> = this.onDidLoadEmitter.event;
  private readonly onDidReportProblemEmitter = new Emitter<string>();
  readonly onDidReportProblem: Event<string> = this.onDidReportProblemEmitter.event;
  private readonly onDidWriteEmitter = new Emitter<LedgerWrite>();
  /** Every file write, for diagnostics (and to observe batching). */
  readonly onDidWrite: Event<LedgerWrite> = this.onDidWriteEmitter.event;

  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly flushDelayMs: number;
  private readonly inlineLimit: number;
  private readonly retentionMs: number;
  private readonly compactAfterBytes: number;
  private readonly lock: Pick<DirLock, 'withLock'>;
  private readonly storage: LedgerStorage;
  private readonly results: ResultFiles;

  private readonly records = new Map<string, TaskRecord>();
  /** Keys changed since the last write; the value to write is read from `records` then. */
  private pending = new Map<string, 'put' | 'del'>();
  private readonly allProblems: string[] = [];
  private snapshotBytes = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private queuedFlush: Promise<void> | undefined;
  private timer: { dispose(): void } | undefined;
  private disposed = false;

  static async open(options: FileTaskLedgerOptions): Promise<FileTaskLedger> {
    const ledger = new FileTaskLedger(options);
    await ledger.enqueue(() => ledger.initialLoad(options.pruneOnOpen ?? true));
    return ledger;
  }

  private constructor(options: FileTaskLedgerOptions) {
    this.dir = path.resolve(options.dir);
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.flushDelayMs = options.flushDelayMs ?? 100;
    this.inlineLimit = options.inlineResultLimitBytes ?? 256 * 1024;
    this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    this.compactAfterBytes = options.compactAfterBytes ?? 1024 * 1024;
    this.lock = options.exclusive ? { withLock: (work) => work() } : new DirLock(path.join(this.dir, 'tasks.lock'), options.lock);
    this.storage = new LedgerStorage(this.dir, () => this.clock.now(), (kind, file, bytes) => this.onDidWriteEmitter.fire({ kind, file, bytes }));
    this.results = new ResultFiles(this.dir, (file, bytes) => this.onDidWriteEmitter.fire({ kind: 'result', file, bytes }));
  }

  /** Every problem seen since open (load and later writes), worded for the user. */
  get problems(): readonly string[] {
    return this.allProblems;
  }

  get(key: string): TaskRecord | undefined {
    return this.records.get(key);
  }

  all(): readonly TaskRecord[] {
    return [...this.records.values()];
  }

  /**
   * Records are treated as immutable once put: put a new object for every change.
   * Throws for a record missing the fields every reader relies on (a programming error).
   */
  put(record: TaskRecord): void {
    const problem = recordProblem(record);
    if (problem) throw new Error(`task record ${String(record?.key)} cannot be stored: ${problem}`);
    this.records.set(record.key, record);
    this.pending.set(record.key, 'put');
    this.scheduleFlush(this.flushDelayMs);
  }

  async putDurable(record: TaskRecord): Promise<void> {
    this.put(record);
    await this.flush(); // rides along with whatever else is pending, without waiting the window
  }

  storeResult(key: string, value: unknown): Promise<StoredResult> {
    return this.results.store(key, value, this.inlineLimit);
  }

  readResult(stored: StoredResult): Promise<unknown> {
    return this.results.read(stored);
  }

  /** Removes the record durably, then its result file (never the other way round). */
  async remove(key: string): Promise<void> {
    const record = this.records.get(key);
    this.records.delete(key);
    this.pending.set(key, 'del');
    await this.flush();
    await this.results.remove(record?.result);
  }

  /** Writes everything put so far; resolves when it is on disk. */
  flush(): Promise<void> {
    this.timer?.dispose();
    this.timer = undefined;
    // Callers before the queued write starts share it; later ones queue the next.
    this.queuedFlush ??= this.enqueue(() => {
      this.queuedFlush = undefined;
      return this.writePending();
    });
    return this.queuedFlush;
  }

  /** Removes finished records past their retention (and their result files). */
  prune(now: number = this.clock.now()): Promise<number> {
    return this.enqueue(() => this.pruneExpired(now, true));
  }

  /** Re-reads the files (e.g. to see another window's tasks); unsaved local changes stay. */
  reload(): Promise<LedgerLoadReport> {
    return this.enqueue(async () => {
      const started = performance.now();
      const state = await this.readDisk();
      this.adopt(state);
      const report = this.reportFor(state, started, 0);
      this.onDidLoadEmitter.fire(report);
      return report;
    });
  }

  /** Flushes, then stops batching. Rejects if the last write fails (the problem is reported). */
  async dispose(): Promise<void> {
    this.disposed = true;
    try {
      await this.flush();
    } finally {
      this.onDidLoadEmitter.dispose();
      this.onDidReportProblemEmitter.dispose();
      this.onDidWriteEmitter.dispose();
    }
  }

  private async initialLoad(pruneOnOpen: boolean): Promise<void> {
    const started = performance.now();
    let state: DiskState | undefined;
    try {
      await fs.promises.mkdir(this.results.dir, { recursive: true });
      await sweepStaleTemps(this.dir);
      await sweepStaleTemps(this.results.dir);
      state = await this.readDisk();
      this.adopt(state);
    } catch (err) {
      this.reportProblem(`the task ledger in ${this.dir} could not be loaded (${(err as Error).message}); earlier tasks are not shown`);
    }
    const ms = performance.now() - started;
    let pruned = 0;
    if (pruneOnOpen && state && !state.unreadable) {
      pruned = await this.pruneExpired(this.clock.now(), false).catch((err) => {
        this.reportProblem(`expired tasks could not be pruned: ${(err as Error).message}`);
        return 0;
      });
    }
    this.loadReport = { ...this.reportFor(state, started, pruned), ms: Math.round(ms * 10) / 10, problems: [...this.allProblems] };
  }

  /** Reads the files under the lock; rewrites them cleanly when damage was found and backed up. */
  private async readDisk(): Promise<DiskState> {
    const state = await this.lock.withLock(async () => {
      const read = await this.storage.read();
      if (read.needsRewrite && !read.unreadable) {
        try {
          this.snapshotBytes = await this.storage.rewrite(read.records.values());
        } catch (err) {
          read.problems.push(`the repaired task ledger could not be written (${(err as Error).message}); will retry`);
        }
      } else {
        this.snapshotBytes = read.snapshotBytes;
      }
      return read;
    });
    for (const problem of state.problems) this.reportProblem(problem);
    return state;
  }

  private adopt(state: DiskState): boolean {
    return mergeDiskState(this.records, this.pending, state);
  }

  private async writePending(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const entries: LedgerEntry[] = [];
    for (const [key, op] of batch) {
      const record = op === 'put' ? this.records.get(key) : undefined;
      entries.push(record ? { op: 'put', record } : { op: 'del', key });
    }
    try {
      await this.lock.withLock(async () => {
        const { size, skipped } = await this.storage.append(entries);
        for (const { key, reason } of skipped) this.reportProblem(`task ${key} could not be saved: ${reason}`);
        if (size > Math.max(this.compactAfterBytes, this.snapshotBytes)) await this.compact();
      });
    } catch (err) {
      // Keep the batch for the next attempt unless something newer replaced it meanwhile.
      for (const [key, op] of batch) if (!this.pending.has(key)) this.pending.set(key, op);
      this.reportProblem(`task ledger changes could not be saved (${(err as Error).message}); retrying`);
      this.scheduleFlush(Math.max(1000, this.flushDelayMs));
      throw err;
    }
  }

  /** Folds the journal into a new snapshot. Caller holds the lock; never throws. */
  private async compact(): Promise<void> {
    try {
      const state = await this.storage.read();
      for (const problem of state.problems) this.reportProblem(problem);
      if (state.unreadable) return;
      this.snapshotBytes = await this.storage.rewrite(state.records.values());
      if (this.adopt(state)) this.onDidLoadEmitter.fire(this.reportFor(state, performance.now(), 0));
    } catch (err) {
      this.reportProblem(`the task ledger journal could not be compacted (${(err as Error).message}); it keeps growing until the next try`);
    }
  }

  private async pruneExpired(now: number, syncFirst: boolean): Promise<number> {
    if (syncFirst) {
      const state = await this.readDisk();
      if (this.adopt(state)) this.onDidLoadEmitter.fire(this.reportFor(state, performance.now(), 0));
    }
    const expired = [...this.records.values()].filter((r) => isExpired(r, now, this.retentionMs));
    for (const record of expired) {
      this.records.delete(record.key);
      this.pending.set(record.key, 'del');
    }
    if (expired.length > 0) await this.writePending();
    for (const record of expired) {
      await this.results.remove(record.result).catch((err: Error) => this.reportProblem(`result file of ${record.key} could not be removed: ${err.message}`));
    }
    const referenced = new Set<string>();
    for (const record of this.records.values()) {
      const file = record.result?.kind === 'file' ? this.results.resolveInside(record.result.path) : undefined;
      if (file) referenced.add(file);
    }
    await this.results.sweepOrphans(referenced, now, ORPHAN_GRACE_MS);
    return expired.length;
  }

  private reportFor(state: DiskState | undefined, started: number, pruned: number): LedgerLoadReport {
    return {
      records: this.records.size,
      ms: Math.round((performance.now() - started) * 10) / 10,
      recoveredFiles: state ? [...state.backups] : [],
      problems: state ? [...state.problems] : [],
      pruned,
    };
  }

  private reportProblem(problem: string): void {
    this.logger.warn(problem);
    if (this.allProblems.includes(problem)) return; // a failing retry repeats itself
    this.allProblems.push(problem);
    this.onDidReportProblemEmitter.fire(problem);
  }

  private scheduleFlush(delayMs: number): void {
    if (this.timer || this.disposed) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.flush().catch(() => { /* reported by writePending, retried by its timer */ });
    }, delayMs);
  }

  /** Runs disk work one piece at a time, in order; a failure does not stop later work. */
  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
