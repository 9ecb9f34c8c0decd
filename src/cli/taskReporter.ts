/**
 * Prints what happens to tasks as it happens: one stderr line per status change, status message
 * and (without a TTY) progress update; on a TTY progress is a bar redrawn in place.
 */
import type { Disposable } from '../core/events';
import type { TaskEvents } from './backend';
import { isTerminalStatus, type TaskProgress, type TaskRecord } from '../core/model/taskRecord';
import { withoutResumePromise } from './taskOutcome';
import type { Terminal } from './terminal';

interface Seen {
  status?: string;
  statusMessage?: string;
  progress?: string;
  /** The kind last announced (a plain call refused as "needs a task" becomes a task). */
  announced?: string;
}

export class TaskReporter implements Disposable {
  private readonly seen = new Map<string, Seen>();
  private readonly subscription: Disposable;

  /** `announce: false` leaves out the "task … on …" line (the caller already named the task). */
  constructor(engine: TaskEvents, private readonly terminal: Terminal, private readonly options: { announce?: boolean } = {}) {
    this.subscription = engine.onDidChangeTask((record) => this.show(record));
  }

  show(record: TaskRecord): void {
    let seen = this.seen.get(record.key);
    if (!seen) {
      seen = {};
      this.seen.set(record.key, seen);
    }
    if (seen.announced !== record.kind) {
      seen.announced = record.kind;
      if (this.options.announce !== false) this.terminal.line(announcement(record));
    }
    const progress = record.progress ? formatProgress(record.progress) : undefined;
    if (progress !== undefined && progress !== seen.progress && !isTerminalStatus(record.status)) {
      seen.progress = progress;
      if (this.terminal.redraws) this.terminal.progress(`${bar(record.progress!)} ${progress}`);
      else this.terminal.line(`progress: ${progress}`);
    }
    const statusChanged = record.status !== seen.status;
    const messageChanged = record.statusMessage !== undefined && record.statusMessage !== seen.statusMessage;
    if (!statusChanged && !messageChanged) return;
    seen.status = record.status;
    seen.statusMessage = record.statusMessage;
    if (isTerminalStatus(record.status) || record.status === 'connection_lost') this.terminal.clearProgress();
    const detail = isTerminalStatus(record.status) || record.status === 'connection_lost'
      ? record.error?.message ?? (record.status === 'completed' ? undefined : record.statusMessage)
      : record.statusMessage;
    const shown = withoutResumePromise(detail);
    this.terminal.line(`status: ${record.status}${shown ? `: ${flat(shown)}` : ''}`);
  }

  dispose(): void {
    this.subscription.dispose();
    this.terminal.clearProgress();
  }
}

function announcement(record: TaskRecord): string {
  if (record.kind !== 'task') return `call ${record.tool} on ${record.serverLabel} (plain tools/call, not a task)`;
  const ttl = record.ttl === null ? ' (ttl unlimited)' : record.ttl !== undefined ? ` (ttl ${record.ttl} ms)` : '';
  return `task ${record.taskId} on ${record.serverLabel}${ttl}`;
}

export function formatProgress(p: TaskProgress): string {
  const amount = p.total !== undefined ? `${p.progress}/${p.total}` : `${p.progress}`;
  const percent = p.total ? ` (${Math.round((100 * p.progress) / p.total)}%)` : '';
  return `${amount}${percent}${p.message ? ` ${flat(p.message)}` : ''}`;
}

function bar(p: TaskProgress): string {
  const width = 20;
  if (!p.total) return `[${'·'.repeat(width)}]`;
  const filled = Math.max(0, Math.min(width, Math.round((width * p.progress) / p.total)));
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

function flat(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
