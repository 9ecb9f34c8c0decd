/** Waiting for a task to end as the CLI sees it, and what each ending means for the exit code. */
import type { TaskEvents } from './backend';
import { isTerminalStatus, type TaskRecord } from '../core/model/taskRecord';
import { EXIT_FAILED, EXIT_OK } from './errors';

/** Terminal, or connection_lost: the CLI does not reconnect, so a lost connection ends the wait. */
export function isOutcome(record: TaskRecord): boolean {
  return isTerminalStatus(record.status) || record.status === 'connection_lost';
}

export function waitForOutcome(engine: TaskEvents, key: string): Promise<TaskRecord> {
  return new Promise((resolve) => {
    const current = engine.get(key);
    if (current && isOutcome(current)) return resolve(current);
    const sub = engine.onDidChangeTask((record) => {
      if (record.key !== key || !isOutcome(record)) return;
      sub.dispose();
      resolve(record);
    });
  });
}

export function exitCodeOf(record: TaskRecord): number {
  return record.status === 'completed' ? EXIT_OK : EXIT_FAILED;
}

/** The stderr line for an ending other than completed. */
export function outcomeReason(record: TaskRecord): string {
  const status = record.status === 'connection_lost' ? 'connection lost' : record.status;
  const why = withoutResumePromise(record.error?.message ?? record.statusMessage);
  const kind = record.error?.kind === 'timeout' ? 'timed out' : status;
  return `${kind}${why ? `: ${why.replace(/\s+/g, ' ').trim()}` : ''}`;
}

/** The engine resumes tracking after a reconnect; the CLI does not, so it leaves that promise out. */
export function withoutResumePromise(text: string | undefined): string | undefined {
  return text?.replace(/;\s*tracking resumes[^;]*$/, '');
}
