/** Options and reports of the file-backed task ledger. */
import type { Clock, Logger } from '../ports';
import type { DirLockOptions } from './dirLock';

export interface FileTaskLedgerOptions {
  dir: string;
  clock?: Clock;
  logger?: Logger;
  /** How long changes are gathered before one write (default 100 ms). */
  flushDelayMs?: number;
  /** Larger results go to a file of their own (default 256 KiB). */
  inlineResultLimitBytes?: number;
  /** How long finished records are kept after their ttl (default 7 days). */
  retentionMs?: number;
  /** Compact once the journal is larger than this and than the snapshot (default 1 MiB). */
  compactAfterBytes?: number;
  /** Prune expired records right after loading (default true). */
  pruneOnOpen?: boolean;
  lock?: DirLockOptions;
  /**
   * Only this ledger ever opens the folder (the task host, which holds its home for its whole
   * life): reads and writes skip the lock file. Default false.
   */
  exclusive?: boolean;
}

export interface LedgerLoadReport {
  records: number;
  ms: number;
  /** Backup copies of damaged or unsupported files (the originals were replaced by clean ones). */
  recoveredFiles: string[];
  /** What went wrong, worded for the user, naming the file and its backup. */
  problems: string[];
  pruned: number;
}

export interface LedgerWrite {
  kind: 'journal' | 'snapshot' | 'result';
  file: string;
  bytes: number;
}
