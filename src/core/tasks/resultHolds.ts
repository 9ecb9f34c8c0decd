/**
 * Holds a blocking tasks/result open for a few tasks per server session from the moment they are
 * created. The spec lets a requestor that waits on tasks/result stop polling: the server answers
 * when the task ends, and its questions (input_required) arrive on that request at once. A held
 * task is still polled, slowly, so its status message stays fresh on servers that send no status
 * notifications. For a lone task this replaces most polls.
 *
 * - Few per session (settings.heldResults): each is an open request the server keeps checking,
 *   and for many tasks one tasks/list sweep is cheaper for both sides.
 * - Renewed every RENEW_AFTER_INTERVALS poll intervals: servers may keep state per check of a held
 *   request (SDK servers add a listener to it each time), so none is held for long. Never while a
 *   message is half received on the connection: it may be the answer, and a result is sent once.
 * - A server that answers tasks/result before the task ended is not held for again in that session.
 */
import { legacyClient, type ServerSession } from '../servers/types';
import type { EngineEnv } from './engineEnv';
import type { TaskBook } from './taskBook';
import { isWaitingEarly } from './liveTask';
import type { TaskFinisher } from './taskFinisher';
import { isTerminalStatus } from '../model/taskRecord';
import { incomingActivityOf } from '../servers/incomingActivity';

/** A held request is replaced after this many of the task's poll intervals. */
export const RENEW_AFTER_INTERVALS = 8;

export class ResultHolds {
  private readonly held = new Map<string, Set<string>>();
  private readonly renewals = new Map<string, { dispose(): void }>();
  private readonly answersEarly = new WeakSet<ServerSession>();
  private disposed = false;

  constructor(private readonly env: EngineEnv, private readonly book: TaskBook, private readonly finisher: TaskFinisher) {
    finisher.onDidAnswerAtOnce((session) => this.answersEarly.add(session));
  }

  /** A task was just created: hold its result when the session has room. */
  hold(key: string): void {
    const limit = this.env.settings.heldResults;
    const record = this.book.record(key);
    const live = this.book.live(key);
    if (limit <= 0 || !record || record.kind !== 'task' || isTerminalStatus(record.status)) return;
    if (!live.session || !this.env.protocol.waitsOnServer(live.session) || this.answersEarly.has(live.session) || live.result.kind !== 'none' || live.ending.kind === 'finishing') return;
    const keys = this.heldOn(record.serverId);
    if (keys.size >= limit) return;
    keys.add(key);
    this.finisher.awaitResult(key);
    // The answer will say when the task ends: polls only refresh the status from now on.
    this.env.scheduler.noteNotification(key);
    this.scheduleRenewal(key);
  }

  private scheduleRenewal(key: string): void {
    const every = this.env.scheduler.intervalFor(this.book.record(key)?.pollInterval) * RENEW_AFTER_INTERVALS;
    this.renewals.set(key, this.env.clock.setTimeout(() => {
      this.renewals.delete(key);
      if (!this.isHeld(key)) return;
      const incoming = incomingActivityOf(legacyClient(this.book.live(key).session));
      if (!incoming?.busy) {
        this.renew(key);
        return;
      }
      // What is arriving may be this request's answer (a large result takes a while): renewing
      // now would have the server send it again. Renew once nothing is half received, if still held.
      void incoming.whenIdle().then(() => { if (!this.disposed && this.isHeld(key)) this.renew(key); });
    }, every));
  }

  private renew(key: string): void {
    // A question may be waiting on this request: it is renewed after the answer.
    if (this.book.record(key)?.status === 'input_required') {
      this.scheduleRenewal(key);
      return;
    }
    void this.finisher.renewHeldResult(key).then(() => {
      if (!this.disposed && this.isHeld(key)) this.scheduleRenewal(key);
    }, (err: unknown) => this.env.logger.error(`${key}: renewing the held result failed: ${String(err)}`));
  }

  /** The engine stops: no more renewals (the tasks run on; a later run resumes them by polling). */
  dispose(): void {
    this.disposed = true;
    for (const timer of this.renewals.values()) timer.dispose();
    this.renewals.clear();
    this.held.clear();
  }

  /** Still waiting on an early tasks/result for a running task. */
  private isHeld(key: string): boolean {
    const record = this.book.record(key);
    const live = this.book.live(key);
    return !!record && !isTerminalStatus(record.status) && isWaitingEarly(live.result) && live.ending.kind !== 'finishing';
  }

  /** The held keys of a server, without those whose wait has ended. */
  private heldOn(serverId: string): Set<string> {
    let keys = this.held.get(serverId);
    if (!keys) this.held.set(serverId, keys = new Set());
    for (const key of keys) if (!this.isHeld(key)) keys.delete(key);
    return keys;
  }
}
