/**
 * Stops work: tasks/cancel for tasks (never notifications/cancelled, which would only abort a
 * request; and never to a server that does not declare tasks.cancel), an abort for plain calls;
 * and the local deadline and idle timeouts.
 */
import { canCancel } from './cancelSupport';
import type { EngineEnv } from './engineEnv';
import type { TaskBook } from './taskBook';
import type { ServerAccess } from './serverAccess';
import { errorMessage, isUnknownTaskError } from './protocolErrors';
import type { TaskLoss } from './taskLoss';
import type { TaskTracker } from './taskTracker';
import { isTerminalStatus, type TaskError, type TaskRecord } from '../model/taskRecord';
import type { WireTask } from './wireTask';

export class TaskCanceller {
  constructor(
    private readonly env: EngineEnv,
    private readonly book: TaskBook,
    private readonly servers: ServerAccess,
    private readonly tracker: TaskTracker,
    private readonly loss: TaskLoss,
  ) {}

  /**
   * Cancels a task and resolves with its true final state: if the task ended first, the
   * server's -32602 makes us re-read it and keep what really happened.
   */
  async cancel(key: string, why: TaskError = { kind: 'cancelled', message: 'cancelled on request' }): Promise<TaskRecord> {
    const record = this.require(key);
    if (isTerminalStatus(record.status)) return record;
    if (record.kind !== 'task') return this.abortCall(key, why);
    const session = await this.servers.session(record.serverId);
    if (!canCancel(session.serverCapabilities)) {
      throw new Error(`${record.serverLabel} does not let its tasks be cancelled (it does not declare tasks.cancel); ${record.tool} goes on running on the server`);
    }
    const live = this.book.live(key);
    live.session ??= session;
    this.book.counts(key).cancel++;
    try {
      const wire = await this.env.protocol.cancelTask(session, record.taskId);
      await this.tracker.apply(key, wire, { error: why });
    } catch (err) {
      if (!isUnknownTaskError(err)) throw err;
      await this.reread(key);
    }
    const ending = this.book.live(key).ending;
    if (ending.kind === 'finishing') await ending.run;
    return this.require(key);
  }

  /**
   * A deadline or idle timeout passed. The task is given up locally either way; the server is
   * asked to cancel it, and if it does not answer in time the record says so.
   */
  async timeOut(key: string, message: string): Promise<void> {
    const record = this.book.record(key);
    if (!record || isTerminalStatus(record.status)) return;
    const why: TaskError = { kind: 'timeout', message };
    if (record.kind !== 'task') {
      await this.abortCall(key, why);
      return;
    }
    let timer: { dispose(): void } | undefined;
    const gaveUp = new Promise<'timeout'>((resolve) => {
      timer = this.env.clock.setTimeout(() => resolve('timeout'), this.env.settings.cancelTimeoutMs);
    });
    const attempt = this.cancel(key, why).then(() => 'done' as const, (err: unknown) => err);
    const outcome = await Promise.race([attempt, gaveUp]);
    timer?.dispose();
    if (outcome === 'done') return;
    const detail = outcome === 'timeout' ? 'the server did not confirm the cancellation' : `cancelling failed: ${errorMessage(outcome)}`;
    this.env.scheduler.remove(key);
    await this.book.commit(key, { status: 'failed', error: { kind: 'timeout', message: `${message}; ${detail}` } });
  }

  private async abortCall(key: string, why: TaskError): Promise<TaskRecord> {
    // For a plain call, notifications/cancelled (sent by the SDK on abort) is the right signal.
    this.book.live(key).abort?.abort(why.message);
    await this.book.commit(key, { status: 'cancelled', error: why });
    return this.require(key);
  }

  private async reread(key: string): Promise<void> {
    const record = this.require(key);
    const session = this.book.live(key).session ?? this.servers.server(record.serverId).session;
    if (!session) return;
    let wire: WireTask;
    try {
      this.book.counts(key).get++;
      wire = await this.env.protocol.getTask(session, record.taskId);
    } catch (err) {
      if (isUnknownTaskError(err)) await this.loss.expire(key, this.loss.unknownTaskMessage(key));
      else throw err;
      return;
    }
    await this.tracker.apply(key, wire);
  }

  private require(key: string): TaskRecord {
    const record = this.book.record(key);
    if (!record) throw new Error(`unknown task ${key}`);
    return record;
  }
}
