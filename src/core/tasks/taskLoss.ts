/**
 * The two ways a running task stops being followed without an ending from the server: its
 * connection went away (resumable), or the server no longer knows it (expired).
 */
import type { EngineEnv } from './engineEnv';
import type { TaskBook } from './taskBook';
import { giveUpResult, OPEN } from './liveTask';
import { isTerminalStatus } from '../model/taskRecord';

export class TaskLoss {
  constructor(private readonly env: EngineEnv, private readonly book: TaskBook) {}

  /** The connection went away: not a failure; keep the taskId and resume after reconnecting. */
  async markLost(key: string, message: string): Promise<void> {
    const record = this.book.record(key);
    if (!record || isTerminalStatus(record.status)) return;
    this.env.scheduler.remove(key);
    const live = this.book.live(key);
    // The session is gone, and its requests with it: nothing to cancel.
    giveUpResult(live, false);
    live.ending = OPEN;
    live.session = undefined;
    await this.book.commit(key, { status: 'connection_lost', error: { kind: 'connection-lost', message } });
  }

  /**
   * The task ran in a server process that is gone (a stdio server ends with the process that
   * started it): no session can fetch it again. A failure the person can re-run, not an expiry.
   */
  async loseWithProcess(key: string): Promise<void> {
    const record = this.book.record(key);
    if (!record || isTerminalStatus(record.status)) return;
    this.env.scheduler.remove(key);
    giveUpResult(this.book.live(key), false);
    await this.book.commit(key, {
      status: 'failed',
      error: { kind: 'connection-lost', message: 'lost with its server process: the stdio server ended with the process that ran it, and the task with it; run it again' },
    });
  }

  async expire(key: string, message: string): Promise<void> {
    this.env.scheduler.remove(key);
    await this.book.commit(key, { status: 'expired', error: { kind: 'expired', message } });
  }

  /** Why -32602 came back, in the words a person needs. */
  unknownTaskMessage(key: string): string {
    const record = this.book.record(key);
    if (record?.status === 'connection_lost') {
      return 'the server no longer knows this task (it restarted, or the task expired while we were disconnected)';
    }
    const ttl = record?.ttl;
    return `the server no longer knows this task; it may have expired${typeof ttl === 'number' ? ` (ttl ${ttl} ms)` : ''}`;
  }
}
