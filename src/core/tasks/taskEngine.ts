/**
 * The task engine: starts tool calls (as tasks when possible), tracks them to the end, and keeps
 * every record in the store. Views and the CLI subscribe to `onDidChangeTask`; they never speak
 * the protocol themselves.
 *
 * This class only assembles the parts and offers their public face. The parts get what they
 * use: the shared environment (EngineEnv), the book of records (TaskBook), the way to the
 * servers (ServerAccess) and each other's narrow entry points; none of them calls back in here.
 */
import { type Disposable, type Event } from '../events';
import type { TaskRecordStore } from '../model/recordStore';
import { isTerminalStatus, type TaskError, type TaskRecord } from '../model/taskRecord';
import { silentLogger, systemClock, type Clock, type Logger } from '../ports';
import type { ServerLookup } from '../servers/types';
import { DeadlineWatcher } from './deadlineWatcher';
import type { EngineEnv, RequestCounts } from './engineEnv';
import { resolveSettings, type TaskEngineSettings } from './engineSettings';
import { giveUpResult } from './liveTask';
import { OutputValidator } from './outputValidation';
import { PollScheduler } from './pollScheduler';
import { errorMessage } from './protocolErrors';
import { ResultHolds } from './resultHolds';
import { ServerAccess } from './serverAccess';
import { SessionWatch } from './sessionWatch';
import { TaskBook } from './taskBook';
import { TaskCanceller } from './taskCanceller';
import { TaskDiscovery } from './taskDiscovery';
import { TaskFinisher } from './taskFinisher';
import { TaskLoss } from './taskLoss';
import { SessionTaskProtocol, type TaskProtocol } from './taskProtocol';
import { TaskStarter, type CallToolOptions } from './taskStarter';
import { TaskSweeper, type SweepCounts } from './taskSweeper';
import { TaskTracker } from './taskTracker';

export type { CallToolOptions } from './taskStarter';

export interface TaskEngineOptions {
  servers: ServerLookup;
  store: TaskRecordStore;
  clock?: Clock;
  logger?: Logger;
  settings?: Partial<TaskEngineSettings>;
  /** The wire dialect; 2025-11-25 unless another is given. */
  protocol?: TaskProtocol;
}

export class TaskEngine implements Disposable {
  readonly settings: TaskEngineSettings;
  readonly protocol: TaskProtocol;
  readonly store: TaskRecordStore;

  private readonly env: EngineEnv;
  private readonly book: TaskBook;
  private readonly deadlines: DeadlineWatcher;
  private readonly tracker: TaskTracker;
  private readonly canceller: TaskCanceller;
  private readonly starter: TaskStarter;
  private readonly sessions: SessionWatch;
  private readonly discovery: TaskDiscovery;
  private readonly sweeper: TaskSweeper;
  private readonly holds: ResultHolds;
  private disposed = false;

  /** Every change of every task, after it is stored. */
  readonly onDidChangeTask: Event<TaskRecord>;
  /** A finished task was forgotten (removed from the history); the event carries its last record. */
  readonly onDidRemoveTask: Event<TaskRecord>;

  constructor(options: TaskEngineOptions) {
    const clock = options.clock ?? systemClock;
    const logger = options.logger ?? silentLogger;
    this.settings = resolveSettings(options.settings);
    this.protocol = options.protocol ?? new SessionTaskProtocol(logger);
    this.store = options.store;
    const book = this.book = new TaskBook(options.store, clock, logger);
    const scheduler = new PollScheduler({
      clock,
      logger,
      poll: (key) => this.tracker.poll(key),
      defaultIntervalMs: this.settings.defaultPollIntervalMs,
      floorIntervalMs: this.settings.floorPollIntervalMs,
      notifiedSlowdown: this.settings.notifiedSlowdown,
      maxIntervalMs: this.settings.maxPollIntervalMs,
      maxRequestsPerSecond: this.settings.maxRequestsPerSecond,
      // Notifications are learned per server session; SessionWatch forgets them when it changes.
      groupOf: (key) => book.record(key)?.serverId,
      ...(this.settings.listSweeps ? {
        sweeps: {
          expectedRequests: (serverId: string) => this.sweeper.expectedRequests(serverId),
          sweep: (serverId: string, keys: readonly string[], budget: number) => this.sweeper.sweep(serverId, keys, budget),
        },
      } : {}),
    });
    const env: EngineEnv = this.env = { clock, logger, settings: this.settings, protocol: this.protocol, scheduler, validator: new OutputValidator() };
    const servers = new ServerAccess(options.servers, { bind: (id) => this.sessions.bind(id), wire: (id, session) => this.sessions.wire(id, session) });
    const loss = new TaskLoss(env, book);
    // A blocking tasks/result that comes back is followed by one tasks/get, applied as any snapshot.
    const finisher = new TaskFinisher(env, book, servers, loss, (key, wire) => this.tracker.apply(key, wire));
    this.deadlines = new DeadlineWatcher(clock, (key, message) => {
      this.canceller.timeOut(key, message).catch((err: unknown) => logger.error(`${key}: timing out failed: ${errorMessage(err)}`));
    });
    this.tracker = new TaskTracker(env, book, servers, finisher, loss, (key) => this.deadlines.touch(key));
    this.holds = new ResultHolds(env, book, finisher);
    this.sweeper = new TaskSweeper(env, book, servers, this.tracker);
    this.canceller = new TaskCanceller(env, book, servers, this.tracker, loss);
    this.starter = new TaskStarter(env, book, servers, this.tracker, {
      watchLimits: (record) => this.deadlines.watch(record.key, record.deadline, record.idleTimeoutMs),
      touch: (key) => this.deadlines.touch(key),
      holdResult: (key) => { if (!this.disposed) this.holds.hold(key); },
      taskCreated: (serverId, session) => this.sweeper.noteCreated(serverId, session),
      cancel: (key, why) => this.cancel(key, why),
    });
    this.sessions = new SessionWatch(env, book, options.servers, this.tracker, loss);
    this.discovery = new TaskDiscovery(env, book, servers, this.tracker, loss);
    book.onWillEnd((record) => this.stopWorkingOn(record));
    this.onDidChangeTask = book.onDidChange;
    this.onDidRemoveTask = book.onDidRemove;
  }

  // ---- public API -------------------------------------------------------------------------

  /** Starts a tool call; resolves once its record exists (task created, or plain call started). */
  call(serverId: string, tool: string, args: Record<string, unknown> = {}, options: CallToolOptions = {}): Promise<TaskRecord> {
    return this.starter.call(serverId, tool, args, options);
  }

  /** Resolves when the record reaches a final state; `signal` only stops the waiting. */
  whenFinished(key: string, signal?: AbortSignal): Promise<TaskRecord> {
    return new Promise<TaskRecord>((resolve, reject) => {
      const current = this.book.record(key);
      if (!current) return reject(new Error(`unknown task ${key}`));
      if (isTerminalStatus(current.status)) return resolve(current);
      if (signal?.aborted) return reject(abortError(signal));
      const onAbort = () => { sub.dispose(); reject(abortError(signal!)); };
      const sub = this.onDidChangeTask((record) => {
        if (record.key !== key || !isTerminalStatus(record.status)) return;
        sub.dispose();
        signal?.removeEventListener('abort', onAbort);
        resolve(record);
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** tasks/cancel (or an abort for a plain call); resolves with the true final state. */
  cancel(key: string): Promise<TaskRecord>;
  cancel(key: string, why: TaskError): void;
  cancel(key: string, why?: TaskError): Promise<TaskRecord> | void {
    if (why === undefined) return this.canceller.cancel(key);
    this.canceller.cancel(key, why).catch((err: unknown) => this.env.logger.warn(`${key}: cancelling failed: ${errorMessage(err)}`));
  }

  get(key: string): TaskRecord | undefined {
    return this.book.record(key);
  }

  list(): TaskRecord[] {
    return this.book.list();
  }

  keyFor(serverId: string, taskId: string): string | undefined {
    return this.book.keyFor(serverId, taskId);
  }

  /** Adopts a task known by id (e.g. from the CLI) and starts tracking it. */
  track(serverId: string, taskId: string, tool?: string): TaskRecord {
    return this.discovery.track(serverId, taskId, tool);
  }

  /** tasks/list on a server; adopts tasks we did not know. */
  discover(serverId: string): Promise<TaskRecord[]> {
    return this.discovery.discover(serverId);
  }

  /**
   * Continues the unfinished records from the store (after a host restart): all of them, or those
   * of one server (a background host learns its servers one by one, as clients hand them over).
   */
  resume(serverId?: string): Promise<void> {
    return this.discovery.resume(serverId);
  }

  /**
   * Removes a finished task from the history: from this engine (with everything it kept about the
   * task) and from the store. A running task is not forgotten (cancel it first): resolves false.
   */
  forget(key: string): Promise<boolean> {
    return this.book.forget(key);
  }

  /** Requests sent for one task so far (create, get, result, cancel) and notifications received. */
  requestCountsOf(key: string): RequestCounts | undefined {
    return this.book.countsOf(key);
  }

  /** Requests made by tasks/list sweeps on a server (they poll many tasks at once). */
  sweepCountsOf(serverId: string): SweepCounts {
    return this.sweeper.countsOf(serverId);
  }

  dispose(): void {
    // Tasks keep running on their servers; resume() picks them up in the next run.
    this.disposed = true;
    this.env.scheduler.dispose();
    this.holds.dispose();
    this.deadlines.dispose();
    this.sessions.dispose();
    this.book.close();
  }

  // ---- internals -------------------------------------------------------------------------

  /** A task reached its final state: no more polls, deadlines or waiting requests for it. */
  private stopWorkingOn(record: TaskRecord): void {
    this.env.scheduler.remove(record.key);
    this.deadlines.forget(record.key);
    const live = this.book.peekLive(record.key);
    if (!live) return;
    if (live.session && record.kind === 'task') this.protocol.release(live.session, record.taskId);
    // Keep the ending for whoever awaits it; drop the rest. A request still waiting for the end
    // (the task ended by a status, not by its answer) is given up.
    giveUpResult(live, true);
    live.abort = undefined;
  }
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error(typeof reason === 'string' ? reason : 'the wait was aborted');
  err.name = 'AbortError';
  return err;
}
