/**
 * Ends tasks: fetches the result with tasks/result (at once on input_required, so the server can
 * ask its question on that stream), checks it, stores it, and only then records the final state.
 */
import { legacyClient, type ServerSession } from '../servers/types';
import type { EngineEnv } from './engineEnv';
import type { TaskBook } from './taskBook';
import type { ServerAccess } from './serverAccess';
import { Emitter } from '../events';
import { giveUpResult, isWaitingEarly, nextResultRequest, OPEN, shareableReply, type ResultOutcome } from './liveTask';
import {
  errorMessage, isConnectionError, isShapeError, isUnknownTaskError, toolErrorText, toTaskError,
} from './protocolErrors';
import type { TaskLoss } from './taskLoss';
import { whenIdle } from '../servers/incomingActivity';
import { isTerminalStatus, type TaskStatus } from '../model/taskRecord';
import type { TaskPatch } from '../model/transitions';
import { isWireTerminal, parseWireStatus, type WireTask } from './wireTask';

/** Applies what the server says about a task, as every other snapshot is applied (TaskTracker.apply). */
export type ApplySnapshot = (key: string, wire: WireTask) => Promise<void>;

export class TaskFinisher {
  private readonly answeredAtOnce = new Emitter<ServerSession>();
  /** A server answered tasks/result before the task ended (so results are not held there again). */
  readonly onDidAnswerAtOnce = this.answeredAtOnce.event;

  constructor(
    private readonly env: EngineEnv,
    private readonly book: TaskBook,
    private readonly servers: ServerAccess,
    private readonly loss: TaskLoss,
    private readonly applySnapshot: ApplySnapshot,
  ) {}

  /**
   * The task's tasks/result; never rejects. An early request (sent before the end was known, see
   * awaitResult) is shared while it waits, except by a caller that knows the task has ended: that
   * one gives the early request up and asks again, so the result comes now instead of whenever the
   * server next checks on its blocked request.
   */
  resultOnce(key: string, early = false): Promise<ResultOutcome> {
    const live = this.book.live(key);
    const shared = shareableReply(live.result, early);
    if (shared) return shared;
    giveUpResult(live, true);
    const record = this.book.record(key);
    const session = live.session ?? (record ? this.servers.server(record.serverId).session : undefined);
    if (!record || !session) {
      return Promise.resolve({ ok: false, error: new Error('no session to fetch the result from') });
    }
    this.book.counts(key).result++;
    // Only a request that waits for the end may be given up; one for an ended task is answered at once.
    const abort = early ? new AbortController() : undefined;
    const reply: Promise<ResultOutcome> = this.env.protocol.getTaskResult(session, record.taskId, abort?.signal).then(
      (result) => ({ ok: true as const, result }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    live.result = nextResultRequest(live.result, { kind: 'sent', reply, early, abort });
    void reply.then(() => {
      live.result = nextResultRequest(live.result, { kind: 'answered', reply });
    });
    return reply;
  }

  /**
   * Asks for the result before the task has ended (input_required, or a held result): the server
   * delivers its questions on that request, and answers it when the task ends.
   */
  awaitResult(key: string): void {
    const live = this.book.live(key);
    if (live.result.kind !== 'none' || live.ending.kind === 'finishing' || live.answersAtOnce) return;
    // A modern server brings the result with the final status: polls fetch it, nothing waits on the server.
    const session = live.session;
    if (session && !this.env.protocol.waitsOnServer(session)) return;
    this.watchEarlyResult(key);
  }

  /** Replaces a waiting early request with a new one (a held result is renewed now and then). */
  renewResult(key: string): void {
    const live = this.book.live(key);
    if (!isWaitingEarly(live.result) || live.ending.kind === 'finishing') return;
    giveUpResult(live, true);
    this.watchEarlyResult(key);
  }

  /**
   * Renews a held request, after asking how the task is: one that has ended is finished instead,
   * so the answer the server may already be sending on the held request is the only one it sends.
   */
  async renewHeldResult(key: string): Promise<void> {
    const live = this.book.live(key);
    const record = this.book.record(key);
    if (!record || !live.session || !isWaitingEarly(live.result) || live.ending.kind === 'finishing') return;
    try {
      this.book.counts(key).get++;
      const wire = await this.env.protocol.getTask(live.session, record.taskId);
      const status = parseWireStatus(wire.status);
      if (status && isWireTerminal(status)) {
        await this.applySnapshot(key, wire);
        return;
      }
    } catch (err) {
      this.env.logger.debug(`${key}: tasks/get before renewing the held result failed: ${errorMessage(err)}`);
    }
    this.renewResult(key);
  }

  private watchEarlyResult(key: string): void {
    const pending = this.resultOnce(key, true);
    void pending.then((outcome) => this.onResultArrived(key, pending, outcome)).catch((err: unknown) => {
      this.env.logger.error(`${key}: handling the result failed: ${errorMessage(err)}`);
    });
  }

  /** Moves a task to completed/failed once its result is stored. Concurrent callers share one run. */
  finish(key: string, status: 'completed' | 'failed', patch: TaskPatch): Promise<void> {
    const live = this.book.live(key);
    if (live.ending.kind === 'finishing') return live.ending.run;
    this.env.scheduler.remove(key);
    const run = this.finishNow(key, status, patch).catch(async (err: unknown) => {
      this.env.logger.error(`${key}: finishing failed: ${errorMessage(err)}`);
      await this.book.commit(key, { status: 'failed', error: toTaskError('protocol', err, 'the result could not be stored') });
    });
    live.ending = { kind: 'finishing', as: status, run };
    return run;
  }

  private async finishNow(key: string, status: 'completed' | 'failed', patch: TaskPatch): Promise<void> {
    await this.earlyAnswerSettled(key);
    const outcome = await this.resultOnce(key);
    const record = this.book.record(key);
    if (!record || isTerminalStatus(record.status)) return;
    if (!outcome.ok) {
      await this.onResultError(key, status, patch, outcome.error);
      return;
    }
    const result = outcome.result;
    const stored = await this.book.store.storeResult(key, result);
    if (result.isError) {
      await this.book.commit(key, { ...patch, status: 'failed', result: stored, error: { kind: 'tool-error', message: toolErrorText(result) } });
      return;
    }
    const tool = this.servers.server(record.serverId).tools?.find((t) => t.name === record.tool);
    const problem = this.env.validator.check(tool, result);
    if (problem) {
      await this.book.commit(key, { ...patch, status: 'failed', result: stored, error: { kind: 'protocol', message: problem } });
      return;
    }
    if (status === 'failed') {
      // A failed task whose stored result is not an error: keep it, and the server's words.
      await this.book.commit(key, {
        ...patch, status: 'failed', result: stored,
        error: { kind: 'server-error', message: patch.statusMessage ?? record.statusMessage ?? 'the task failed' },
      });
      return;
    }
    await this.book.commit(key, { ...patch, status: 'completed', result: stored });
  }

  /**
   * The early request may be being answered right now: a large result takes a while to arrive, and
   * a poll's answer read after it can overtake its continuations. Asking again would have the
   * server send the result twice, so first let what is arriving arrive; resultOnce then shares it.
   */
  private async earlyAnswerSettled(key: string): Promise<void> {
    const live = this.book.live(key);
    if (isWaitingEarly(live.result)) await whenIdle(legacyClient(live.session));
  }

  private async onResultError(key: string, status: TaskStatus, patch: TaskPatch, error: unknown): Promise<void> {
    const live = this.book.live(key);
    if (isConnectionError(error)) {
      live.ending = OPEN;
      await this.loss.markLost(key, `the connection closed while fetching the result: ${errorMessage(error)}`);
      return;
    }
    if (isUnknownTaskError(error)) {
      if (status === 'failed') {
        await this.book.commit(key, { ...patch, status: 'failed', error: { kind: 'server-error', message: patch.statusMessage ?? 'the task failed and its result is gone' } });
      } else {
        await this.book.commit(key, { ...patch, status: 'expired', error: { kind: 'expired', message: `${this.loss.unknownTaskMessage(key)}; its result could not be fetched` } });
      }
      return;
    }
    if (isShapeError(error)) {
      await this.book.commit(key, { ...patch, status: 'failed', error: toTaskError('protocol', error, 'tasks/result returned something that is not a tool result') });
      return;
    }
    // A JSON-RPC error is what a failed task's request would have returned.
    await this.book.commit(key, { ...patch, status: 'failed', error: toTaskError('server-error', error) });
  }

  /** The blocking tasks/result came back: the task has ended; learn how, then finish. */
  private async onResultArrived(key: string, pending: Promise<ResultOutcome>, outcome: ResultOutcome): Promise<void> {
    const live = this.book.live(key);
    if (live.result.kind === 'none' || live.result.reply !== pending || live.ending.kind === 'finishing') return;
    const record = this.book.record(key);
    if (!record || isTerminalStatus(record.status)) return;
    if (!outcome.ok && isConnectionError(outcome.error)) {
      await this.loss.markLost(key, `the connection closed while waiting for the result: ${errorMessage(outcome.error)}`);
      return;
    }
    if (!outcome.ok && isUnknownTaskError(outcome.error)) {
      await this.loss.expire(key, this.loss.unknownTaskMessage(key));
      return;
    }
    // One tasks/get tells the true final status (cancelled and failed both end a result with an error).
    const session = live.session ?? this.servers.server(record.serverId).session;
    if (session) {
      try {
        this.book.counts(key).get++;
        const wire = await this.env.protocol.getTask(session, record.taskId);
        const status = parseWireStatus(wire.status);
        if (status && isWireTerminal(status)) {
          await this.applySnapshot(key, wire);
          return;
        }
        if (status) {
          // The server answered before the task ended: it does not block on tasks/result.
          this.answeredAtOnce.fire(session);
          giveUpResult(live, false);
          live.answersAtOnce = true;
          this.env.logger.warn(`${key}: tasks/result was answered while the task is ${status}; polling instead`);
          await this.applySnapshot(key, wire);
          return;
        }
      } catch (err) {
        this.env.logger.debug(`${key}: tasks/get after the result failed: ${errorMessage(err)}`);
      }
    }
    await this.finish(key, outcome.ok && !outcome.result.isError ? 'completed' : 'failed', {});
  }
}

