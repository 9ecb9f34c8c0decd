/**
 * Follows server-side tasks: polls (driven by the PollScheduler), applies status notifications,
 * and turns every snapshot of a task into a legal record transition.
 */
import type { EngineEnv } from './engineEnv';
import type { TaskBook } from './taskBook';
import type { ServerAccess } from './serverAccess';
import type { PollOutcome } from './pollScheduler';
import { errorMessage, isConnectionError, isShapeError, isUnknownTaskError, toTaskError } from './protocolErrors';
import type { TaskFinisher } from './taskFinisher';
import type { TaskLoss } from './taskLoss';
import { dialectOf, isTerminalStatus, type TaskError } from '../model/taskRecord';
import type { TaskPatch } from '../model/transitions';
import { isWireTerminal, parseWireStatus, type WireTask } from './wireTask';

/** Notifications can overtake the response that creates their task; a few are kept until it arrives. */
const EARLY_NOTIFICATION_LIMIT = 256;

export class TaskTracker {
  private readonly early = new Map<string, WireTask>();

  constructor(
    private readonly env: EngineEnv,
    private readonly book: TaskBook,
    private readonly servers: ServerAccess,
    private readonly finisher: TaskFinisher,
    private readonly loss: TaskLoss,
    /** A sign of life (progress, status change): resets the idle timeout. */
    private readonly touch: (key: string) => void,
  ) {}

  /** One scheduled tasks/get. */
  async poll(key: string): Promise<PollOutcome> {
    const record = this.book.record(key);
    if (!record || isTerminalStatus(record.status) || record.kind !== 'task') return 'stop';
    const live = this.book.live(key);
    if (live.ending.kind === 'finishing') return 'stop';
    const session = this.servers.server(record.serverId).session;
    if (!session) {
      await this.loss.markLost(key, `the connection to ${record.serverLabel} is down; tracking resumes when it is back`);
      return 'stop';
    }
    if (dialectOf(record) !== session.dialect) {
      // The server changed revision since the task was created: the task cannot be asked about.
      await this.loss.expire(key, `${record.serverLabel} now speaks MCP ${session.dialect}; this task was created in MCP ${dialectOf(record)} and cannot be followed`);
      return 'stop';
    }
    live.session = session;
    this.book.counts(key).get++;
    let wire: WireTask;
    try {
      wire = await this.env.protocol.getTask(session, record.taskId);
    } catch (err) {
      return this.onPollError(key, err);
    }
    return this.observe(key, wire);
  }

  /**
   * What a tasks/get reply or a tasks/list entry says about a task: both take this one path.
   * Resolves 'stop' once the task has ended (or is being finished), 'ok' while it runs.
   */
  async observe(key: string, wire: WireTask): Promise<PollOutcome> {
    if (this.crossedTheEnd(key, wire)) return 'stop';
    if (!this.observeUnchanged(key, wire)) await this.apply(key, wire);
    return this.afterObserving(key);
  }

  /**
   * The common case of a poll or a listed entry: the task runs on exactly as recorded. Handles it
   * at once, without building a change that turns out empty, and says true; false when there is
   * something to apply (then apply() decides, as for any snapshot).
   */
  observeUnchanged(key: string, wire: WireTask): boolean {
    const record = this.book.record(key);
    if (!record || record.status !== wire.status || (record.status !== 'working' && record.status !== 'input_required')) return false;
    if (wire.statusMessage !== undefined && wire.statusMessage !== record.statusMessage) return false;
    if (wire.ttl !== undefined && wire.ttl !== record.ttl) return false;
    if (wire.pollInterval !== undefined && wire.pollInterval !== record.pollInterval) return false;
    if (this.book.live(key).ending.kind === 'finishing') return false;
    // What apply() does after a change that is no change.
    if (record.status === 'input_required') this.finisher.awaitResult(key);
    else if (!this.env.scheduler.has(key)) this.env.scheduler.add(key, record.pollInterval);
    return true;
  }

  /**
   * The outcome of an observation, as far as it is already known (for a sweep that does not wait
   * for result fetches): 'stop' once the task ended or is being finished.
   */
  afterObserving(key: string): 'ok' | 'stop' {
    const live = this.book.live(key);
    // A blocking tasks/result is waiting for the end: polls only refresh the status, so fewer will do.
    if (live.result.kind !== 'none') this.env.scheduler.noteNotification(key);
    const after = this.book.record(key);
    return !after || isTerminalStatus(after.status) || live.ending.kind === 'finishing' ? 'stop' : 'ok';
  }

  /** A notifications/tasks/status from a server. */
  onNotification(serverId: string, wire: WireTask): void {
    // This session announces changes: all its tasks can fall back to slow safety polls.
    this.env.scheduler.noteGroupNotification(serverId);
    const key = this.book.keyFor(serverId, wire.taskId);
    if (!key) {
      this.env.logger.debug(`status notification for a task we do not track (yet): ${serverId}/${wire.taskId}`);
      if (this.early.size >= EARLY_NOTIFICATION_LIMIT) this.early.delete(this.early.keys().next().value!);
      this.early.set(`${serverId}\u0000${wire.taskId}`, wire);
      return;
    }
    this.book.counts(key).notifications++;
    // A final status ends the polling below; any other lets the next poll wait longer.
    const status = parseWireStatus(wire.status);
    if (!status || !isWireTerminal(status)) this.env.scheduler.noteNotification(key);
    this.apply(key, wire).catch((err: unknown) => this.env.logger.error(`applying a status notification for ${key} failed: ${errorMessage(err)}`));
  }

  /** A notification that arrived before its task's record existed, if any (taken once). */
  takeEarly(serverId: string, taskId: string): WireTask | undefined {
    const id = `${serverId}\u0000${taskId}`;
    const wire = this.early.get(id);
    this.early.delete(id);
    return wire;
  }

  /**
   * Applies what the server says about a task (from tasks/get, a notification, tasks/cancel or
   * tasks/list). `extra` joins a move to cancelled (why we cancelled).
   */
  async apply(key: string, wire: WireTask, extra: TaskPatch = {}): Promise<void> {
    const record = this.book.record(key);
    if (!record) return;
    const status = parseWireStatus(wire.status);
    if (!status) {
      if (isTerminalStatus(record.status)) return;
      this.env.logger.warn(`${key}: the server reported the unknown status "${wire.status}"`);
      await this.book.commit(key, {
        status: 'failed',
        error: { kind: 'protocol', message: `the server reported an unknown task status "${wire.status}"` },
      });
      return;
    }
    const patch: TaskPatch = {};
    if (wire.statusMessage !== undefined) patch.statusMessage = wire.statusMessage;
    if (wire.ttl !== undefined) patch.ttl = wire.ttl;
    if (wire.pollInterval !== undefined) {
      patch.pollInterval = wire.pollInterval;
      this.env.scheduler.setPollInterval(key, wire.pollInterval);
    }
    // The server already said the task ended (its result is being fetched): a later non-final
    // status, e.g. a notification read in the same chunk as the result, is as illegal as after the end.
    const live = this.book.live(key);
    const ended = isTerminalStatus(record.status) ? record.status
      : live.ending.kind === 'finishing' && !isWireTerminal(status) ? live.ending.as : undefined;
    if (ended) {
      if (status !== ended) this.env.logger.warn(`${key}: ignored the server's ${status}; the task already ended as ${ended}`);
      return;
    }
    if (status !== record.status || (patch.statusMessage !== undefined && patch.statusMessage !== record.statusMessage)) {
      this.touch(key);
    }
    if (!isWireTerminal(status)) {
      await this.book.commit(key, { ...patch, status });
      if (status === 'input_required') {
        // A request held since before the question was asked would bring it only at the server's
        // next check of that request; a fresh one makes the server deliver it now.
        if (record.status !== 'input_required') this.finisher.renewResult(key);
        this.finisher.awaitResult(key);
      }
      else if (!this.env.scheduler.has(key) && this.book.live(key).ending.kind !== 'finishing') this.env.scheduler.add(key, record.pollInterval);
      return;
    }
    if (status === 'cancelled') {
      await this.book.commit(key, { ...patch, ...extra, status });
      return;
    }
    await this.finisher.finish(key, status as 'completed' | 'failed', patch);
  }

  /**
   * A tasks/get answered before the task ended can arrive after its end was announced (the
   * notification overtook it): not an illegal move, just old news.
   */
  private crossedTheEnd(key: string, wire: WireTask): boolean {
    const status = parseWireStatus(wire.status);
    if (!status || isWireTerminal(status)) return false;
    const record = this.book.record(key);
    return !record || isTerminalStatus(record.status) || this.book.live(key).ending.kind === 'finishing';
  }

  private async onPollError(key: string, err: unknown): Promise<PollOutcome> {
    if (isUnknownTaskError(err)) {
      await this.loss.expire(key, this.loss.unknownTaskMessage(key));
      return 'stop';
    }
    if (isConnectionError(err)) {
      await this.loss.markLost(key, `the connection closed while polling: ${errorMessage(err)}`);
      return 'stop';
    }
    if (isShapeError(err)) {
      // Not a JSON-RPC error: the reply did not have the shape of a task.
      const error: TaskError = toTaskError('protocol', err, 'tasks/get returned something that is not a task');
      await this.book.commit(key, { status: 'failed', error });
      return 'stop';
    }
    this.env.logger.warn(`${key}: tasks/get failed, backing off: ${errorMessage(err)}`);
    return 'error';
  }
}
