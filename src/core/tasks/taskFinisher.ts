/**
 * Ends tasks: fetches the result with tasks/result (at once on input_required, so the server can
 * ask its question on that stream), checks it, stores it, and only then records the final state.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { EngineContext, LiveTask, ResultOutcome } from './engineContext';
import {
  errorMessage, isConnectionError, isShapeError, isUnknownTaskError, toolErrorText, toTaskError,
} from './protocolErrors';
import type { TaskTracker } from './taskTracker';
import { isTerminalStatus, type TaskStatus } from './taskRecord';
import type { TaskPatch } from './transitions';
import { isWireTerminal, parseWireStatus } from './wireTask';

export class TaskFinisher {
  private tracker!: TaskTracker;

  constructor(private readonly ctx: EngineContext) {}

  /** Told when a server answers tasks/result before the task ended (so results are not held there again). */
  onAnsweredEarly?: (key: string, client: Client) => void;

  bind(tracker: TaskTracker): void {
    this.tracker = tracker;
  }

  /**
   * The task's tasks/result; never rejects. An early request (sent before the end was known, see
   * awaitResult) is shared while it waits, except by a caller that knows the task has ended: that
   * one gives the early request up and asks again, so the result comes now instead of whenever the
   * server next checks on its blocked request.
   */
  resultOnce(key: string, early = false): Promise<ResultOutcome> {
    const live = this.ctx.live(key);
    if (live.result && (early || !live.resultEarly || !live.resultPending)) return live.result;
    if (live.result) this.giveUpWaiting(live);
    const record = this.ctx.record(key);
    const client = live.client ?? (record ? this.ctx.server(record.serverId).session?.client : undefined);
    if (!record || !client) {
      return Promise.resolve({ ok: false, error: new Error('no session to fetch the result from') });
    }
    this.ctx.counts(key).result++;
    // Only a request that waits for the end may be given up; one for an ended task is answered at once.
    const wait = early ? new AbortController() : undefined;
    const pending: Promise<ResultOutcome> = this.ctx.protocol.getTaskResult(client, record.taskId, wait?.signal).then(
      (result) => ({ ok: true as const, result }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    live.result = pending;
    live.resultWait = wait;
    live.resultPending = true;
    live.resultEarly = early;
    void pending.then(() => {
      if (live.result === pending) live.resultPending = false;
    });
    return pending;
  }

  /**
   * Asks for the result before the task has ended (input_required, or a held result): the server
   * delivers its questions on that request, and answers it when the task ends.
   */
  awaitResult(key: string): void {
    const live = this.ctx.live(key);
    if (live.result || live.finishing || live.answeredEarly) return;
    this.watchEarlyResult(key);
  }

  /** Replaces a waiting early request with a new one (a held result is renewed now and then). */
  renewResult(key: string): void {
    const live = this.ctx.live(key);
    if (!live.result || !live.resultEarly || !live.resultPending || live.finishing) return;
    this.giveUpWaiting(live);
    this.watchEarlyResult(key);
  }

  /**
   * Stops waiting on an unanswered result request (the task ended, or the wait is renewed); with
   * `cancel` the server is told (notifications/cancelled for that request, never for the task).
   */
  giveUpWaiting(live: LiveTask, cancel = true): void {
    const wait = live.resultPending && cancel ? live.resultWait : undefined;
    live.result = undefined;
    live.resultWait = undefined;
    live.resultPending = false;
    live.resultEarly = false;
    wait?.abort(new Error('no longer waiting for this result'));
  }

  private watchEarlyResult(key: string): void {
    const pending = this.resultOnce(key, true);
    void pending.then((outcome) => this.onResultArrived(key, pending, outcome)).catch((err: unknown) => {
      this.ctx.logger.error(`${key}: handling the result failed: ${errorMessage(err)}`);
    });
  }

  /** Moves a task to completed/failed once its result is stored. Concurrent callers share one run. */
  finish(key: string, status: 'completed' | 'failed', patch: TaskPatch): Promise<void> {
    const live = this.ctx.live(key);
    if (live.finishing) return live.finishing;
    this.ctx.scheduler.remove(key);
    const run = this.finishNow(key, status, patch).catch(async (err: unknown) => {
      this.ctx.logger.error(`${key}: finishing failed: ${errorMessage(err)}`);
      await this.ctx.commit(key, { status: 'failed', error: toTaskError('protocol', err, 'the result could not be stored') });
    });
    live.finishing = run;
    live.endingAs = status;
    return run;
  }

  private async finishNow(key: string, status: 'completed' | 'failed', patch: TaskPatch): Promise<void> {
    const outcome = await this.resultOnce(key);
    const record = this.ctx.record(key);
    if (!record || isTerminalStatus(record.status)) return;
    if (!outcome.ok) {
      await this.onResultError(key, status, patch, outcome.error);
      return;
    }
    const result = outcome.result;
    const stored = await this.ctx.store.storeResult(key, result);
    if (result.isError) {
      await this.ctx.commit(key, { ...patch, status: 'failed', result: stored, error: { kind: 'tool-error', message: toolErrorText(result) } });
      return;
    }
    const tool = this.ctx.server(record.serverId).tools?.find((t) => t.name === record.tool);
    const problem = this.ctx.validator.check(tool, result);
    if (problem) {
      await this.ctx.commit(key, { ...patch, status: 'failed', result: stored, error: { kind: 'protocol', message: problem } });
      return;
    }
    if (status === 'failed') {
      // A failed task whose stored result is not an error: keep it, and the server's words.
      await this.ctx.commit(key, {
        ...patch, status: 'failed', result: stored,
        error: { kind: 'server-error', message: patch.statusMessage ?? record.statusMessage ?? 'the task failed' },
      });
      return;
    }
    await this.ctx.commit(key, { ...patch, status: 'completed', result: stored });
  }

  private async onResultError(key: string, status: TaskStatus, patch: TaskPatch, error: unknown): Promise<void> {
    const live = this.ctx.live(key);
    if (isConnectionError(error)) {
      live.finishing = undefined;
      await this.tracker.markLost(key, `the connection closed while fetching the result: ${errorMessage(error)}`);
      return;
    }
    if (isUnknownTaskError(error)) {
      if (status === 'failed') {
        await this.ctx.commit(key, { ...patch, status: 'failed', error: { kind: 'server-error', message: patch.statusMessage ?? 'the task failed and its result is gone' } });
      } else {
        await this.ctx.commit(key, { ...patch, status: 'expired', error: { kind: 'expired', message: `${this.tracker.unknownTaskMessage(key)}; its result could not be fetched` } });
      }
      return;
    }
    if (isShapeError(error)) {
      await this.ctx.commit(key, { ...patch, status: 'failed', error: toTaskError('protocol', error, 'tasks/result returned something that is not a tool result') });
      return;
    }
    // A JSON-RPC error is what a failed task's request would have returned.
    await this.ctx.commit(key, { ...patch, status: 'failed', error: toTaskError('server-error', error) });
  }

  /** The blocking tasks/result came back: the task has ended; learn how, then finish. */
  private async onResultArrived(key: string, pending: Promise<ResultOutcome>, outcome: ResultOutcome): Promise<void> {
    const live = this.ctx.live(key);
    if (live.result !== pending || live.finishing) return;
    const record = this.ctx.record(key);
    if (!record || isTerminalStatus(record.status)) return;
    if (!outcome.ok && isConnectionError(outcome.error)) {
      await this.tracker.markLost(key, `the connection closed while waiting for the result: ${errorMessage(outcome.error)}`);
      return;
    }
    if (!outcome.ok && isUnknownTaskError(outcome.error)) {
      await this.tracker.expire(key, this.tracker.unknownTaskMessage(key));
      return;
    }
    // One tasks/get tells the true final status (cancelled and failed both end a result with an error).
    const client = live.client ?? this.ctx.server(record.serverId).session?.client;
    if (client) {
      try {
        this.ctx.counts(key).get++;
        const wire = await this.ctx.protocol.getTask(client, record.taskId);
        const status = parseWireStatus(wire.status);
        if (status && isWireTerminal(status)) {
          await this.tracker.apply(key, wire);
          return;
        }
        if (status) {
          // The server answered before the task ended: it does not block on tasks/result.
          this.onAnsweredEarly?.(key, client);
          this.giveUpWaiting(live, false);
          live.answeredEarly = true;
          this.ctx.logger.warn(`${key}: tasks/result was answered while the task is ${status}; polling instead`);
          await this.tracker.apply(key, wire);
          return;
        }
      } catch (err) {
        this.ctx.logger.debug(`${key}: tasks/get after the result failed: ${errorMessage(err)}`);
      }
    }
    await this.finish(key, outcome.ok && !outcome.result.isError ? 'completed' : 'failed', {});
  }
}

