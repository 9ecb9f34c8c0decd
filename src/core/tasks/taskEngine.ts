/**
 * The task engine: starts tool calls (as tasks when possible), tracks them to the end, and keeps
 * every record in the store. Views and the CLI subscribe to `onDidChangeTask`; they never speak
 * the protocol themselves.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { Emitter, type Disposable, type Event } from '../events';
import type { TaskRecordStore } from '../model/recordStore';
import { silentLogger, systemClock, type Clock, type Logger } from '../ports';
import type { McpServerHandle, ServerLookup, ServerSession } from '../servers/types';
import { DeadlineWatcher } from './deadlineWatcher';
import { emptyCounts, type EngineContext, type RequestCounts } from './engineContext';
import { giveUpResult, newLiveTask, type LiveTask } from './liveTask';
import { TaskLoss } from './taskLoss';
import { resolveSettings, type TaskEngineSettings } from './engineSettings';
import { OutputValidator } from './outputValidation';
import { PollScheduler } from './pollScheduler';
import { errorMessage } from './protocolErrors';
import { ResultHolds } from './resultHolds';
import { SessionWatch } from './sessionWatch';
import { TaskCanceller } from './taskCanceller';
import { TaskDiscovery } from './taskDiscovery';
import { TaskFinisher } from './taskFinisher';
import { TaskProtocol20251125, type TaskProtocol } from './taskProtocol';
import { isTerminalStatus, type TaskError, type TaskRecord } from '../model/taskRecord';
import { TaskStarter, type CallToolOptions } from './taskStarter';
import { TaskSweeper, type SweepCounts } from './taskSweeper';
import { TaskTracker } from './taskTracker';
import { transition, type TaskPatch } from '../model/transitions';

export interface TaskEngineOptions {
  servers: ServerLookup;
  store: TaskRecordStore;
  clock?: Clock;
  logger?: Logger;
  settings?: Partial<TaskEngineSettings>;
  /** The wire dialect; 2025-11-25 unless another is given. */
  protocol?: TaskProtocol;
}

export class TaskEngine implements EngineContext, Disposable {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly settings: TaskEngineSettings;
  readonly protocol: TaskProtocol;
  readonly store: TaskRecordStore;
  readonly scheduler: PollScheduler;
  readonly validator = new OutputValidator();

  private readonly servers: ServerLookup;
  private readonly records = new Map<string, TaskRecord>();
  /** serverId → taskId → key (a plain call that became a task keeps its first key). */
  private readonly byTaskId = new Map<string, Map<string, string>>();
  private readonly liveTasks = new Map<string, LiveTask>();
  private readonly requestCounts = new Map<string, RequestCounts>();
  private readonly changes = new Emitter<TaskRecord>();
  private readonly removals = new Emitter<TaskRecord>();
  private readonly deadlines: DeadlineWatcher;
  private readonly tracker: TaskTracker;
  private readonly finisher: TaskFinisher;
  private readonly canceller: TaskCanceller;
  private readonly starter: TaskStarter;
  private readonly sessions: SessionWatch;
  private readonly discovery: TaskDiscovery;
  private readonly sweeper: TaskSweeper;
  private readonly holds: ResultHolds;
  private disposed = false;

  readonly onDidChangeTask: Event<TaskRecord> = this.changes.event;
  /** A finished task was forgotten (removed from the history); the event carries its last record. */
  readonly onDidRemoveTask: Event<TaskRecord> = this.removals.event;

  constructor(options: TaskEngineOptions) {
    this.servers = options.servers;
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.settings = resolveSettings(options.settings);
    this.protocol = options.protocol ?? new TaskProtocol20251125(this.logger);
    this.scheduler = new PollScheduler({
      clock: this.clock,
      logger: this.logger,
      poll: (key) => this.tracker.poll(key),
      defaultIntervalMs: this.settings.defaultPollIntervalMs,
      floorIntervalMs: this.settings.floorPollIntervalMs,
      notifiedSlowdown: this.settings.notifiedSlowdown,
      maxIntervalMs: this.settings.maxPollIntervalMs,
      maxRequestsPerSecond: this.settings.maxRequestsPerSecond,
      // Notifications are learned per server session; SessionWatch forgets them when it changes.
      groupOf: (key) => this.records.get(key)?.serverId,
      ...(this.settings.listSweeps ? {
        sweeps: {
          expectedRequests: (serverId: string) => this.sweeper.expectedRequests(serverId),
          sweep: (serverId: string, keys: readonly string[], budget: number) => this.sweeper.sweep(serverId, keys, budget),
        },
      } : {}),
    });
    const loss = new TaskLoss(this);
    // A blocking tasks/result that comes back is followed by one tasks/get, applied as any snapshot.
    this.finisher = new TaskFinisher(this, loss, (key, wire) => this.tracker.apply(key, wire));
    this.tracker = new TaskTracker(this, this.finisher, loss);
    this.holds = new ResultHolds(this, this.finisher);
    this.sweeper = new TaskSweeper(this, this.tracker);
    this.canceller = new TaskCanceller(this, this.tracker, loss);
    this.deadlines = new DeadlineWatcher(this.clock, (key, message) => {
      this.canceller.timeOut(key, message).catch((err: unknown) => this.logger.error(`${key}: timing out failed: ${errorMessage(err)}`));
    });
    this.starter = new TaskStarter(this, this.tracker, (record) => this.deadlines.watch(record.key, record.deadline, record.idleTimeoutMs));
    this.sessions = new SessionWatch(this, this.tracker, loss);
    this.discovery = new TaskDiscovery(this, this.tracker, loss);
    for (const record of this.store.all()) this.remember(record);
  }

  // ---- public API -------------------------------------------------------------------------

  /** Starts a tool call; resolves once its record exists (task created, or plain call started). */
  call(serverId: string, tool: string, args: Record<string, unknown> = {}, options: CallToolOptions = {}): Promise<TaskRecord> {
    return this.starter.call(serverId, tool, args, options);
  }

  /** Resolves when the record reaches a final state; `signal` only stops the waiting. */
  whenFinished(key: string, signal?: AbortSignal): Promise<TaskRecord> {
    return new Promise<TaskRecord>((resolve, reject) => {
      const current = this.records.get(key);
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
    this.canceller.cancel(key, why).catch((err: unknown) => this.logger.warn(`${key}: cancelling failed: ${errorMessage(err)}`));
  }

  get(key: string): TaskRecord | undefined {
    return this.records.get(key);
  }

  list(): TaskRecord[] {
    return [...this.records.values()];
  }

  /** Adopts a task known by id (e.g. from the CLI) and starts tracking it. */
  track(serverId: string, taskId: string, tool?: string): TaskRecord {
    return this.discovery.track(serverId, taskId, tool);
  }

  /** tasks/list on a server; adopts tasks we did not know. */
  discover(serverId: string): Promise<TaskRecord[]> {
    return this.discovery.discover(serverId);
  }

  /** Continues every unfinished record from the store (after a host restart). */
  resume(): Promise<void> {
    return this.discovery.resume();
  }

  /**
   * Removes a finished task from the history: from this engine (with everything it kept about the
   * task) and from the store. A running task is not forgotten (cancel it first): resolves false.
   */
  async forget(key: string): Promise<boolean> {
    const record = this.records.get(key);
    if (!record || !isTerminalStatus(record.status)) return false;
    this.records.delete(key);
    const keys = this.byTaskId.get(record.serverId);
    if (keys?.get(record.taskId) === key) keys.delete(record.taskId);
    if (keys?.size === 0) this.byTaskId.delete(record.serverId);
    this.liveTasks.delete(key);
    this.requestCounts.delete(key);
    await this.store.remove(key);
    this.removals.fire(record);
    return true;
  }

  /** Requests sent for one task so far (create, get, result, cancel) and notifications received. */
  requestCountsOf(key: string): RequestCounts | undefined {
    const counts = this.requestCounts.get(key);
    return counts ? { ...counts } : undefined;
  }

  /** Requests made by tasks/list sweeps on a server (they poll many tasks at once). */
  sweepCountsOf(serverId: string): SweepCounts {
    return this.sweeper.countsOf(serverId);
  }

  dispose(): void {
    // Tasks keep running on their servers; resume() picks them up in the next run.
    this.disposed = true;
    this.scheduler.dispose();
    this.holds.dispose();
    this.deadlines.dispose();
    this.sessions.dispose();
    this.changes.dispose();
    this.removals.dispose();
  }

  // ---- EngineContext ---------------------------------------------------------------------

  record(key: string): TaskRecord | undefined {
    return this.records.get(key);
  }

  recordsOf(serverId: string): TaskRecord[] {
    return [...this.records.values()].filter((r) => r.serverId === serverId);
  }

  keyFor(serverId: string, taskId: string): string | undefined {
    return this.byTaskId.get(serverId)?.get(taskId);
  }

  live(key: string): LiveTask {
    let live = this.liveTasks.get(key);
    if (!live) {
      live = newLiveTask(key);
      this.liveTasks.set(key, live);
    }
    return live;
  }

  counts(key: string): RequestCounts {
    let counts = this.requestCounts.get(key);
    if (!counts) {
      counts = emptyCounts();
      this.requestCounts.set(key, counts);
    }
    return counts;
  }

  add(record: TaskRecord): void {
    if (this.disposed) return;
    this.remember(record);
    this.persist(record);
    this.changes.fire(record);
  }

  async commit(key: string, patch: TaskPatch): Promise<TaskRecord | undefined> {
    const current = this.records.get(key);
    if (!current || this.disposed) return current;
    const outcome = transition(current, patch, this.clock.now());
    if (outcome.kind === 'refused') {
      this.logger.warn(`refused a change: ${outcome.reason}`);
      return current;
    }
    if (outcome.kind === 'unchanged') return current;
    const next = outcome.record;
    this.remember(next);
    if (!isTerminalStatus(next.status)) {
      this.persist(next);
      this.changes.fire(next);
      return next;
    }
    this.onTerminal(next);
    try {
      // Nobody hears of a final state (or its result) before it is durably stored.
      await this.store.putDurable(next);
    } catch (err) {
      this.logger.error(`${key}: storing the final state failed: ${errorMessage(err)}`);
    }
    this.changes.fire(next);
    return next;
  }

  server(serverId: string): McpServerHandle {
    const handle = this.servers.get(serverId);
    if (!handle) throw new Error(`unknown server "${serverId}"`);
    return handle;
  }

  async session(serverId: string): Promise<ServerSession> {
    const handle = this.server(serverId);
    this.sessions.bind(serverId);
    const session = handle.session ?? await handle.connect();
    this.sessions.wire(serverId, session);
    return session;
  }

  touch(key: string): void {
    this.deadlines.touch(key);
  }

  taskCreated(serverId: string, client: Client): void {
    this.sweeper.noteCreated(serverId, client);
  }

  holdResult(key: string): void {
    if (!this.disposed) this.holds.hold(key);
  }

  // ---- internals -------------------------------------------------------------------------

  private remember(record: TaskRecord): void {
    this.records.set(record.key, record);
    let keys = this.byTaskId.get(record.serverId);
    if (!keys) this.byTaskId.set(record.serverId, keys = new Map());
    keys.set(record.taskId, record.key);
  }

  private persist(record: TaskRecord): void {
    try {
      this.store.put(record);
    } catch (err) {
      this.logger.error(`${record.key}: storing the record failed: ${errorMessage(err)}`);
    }
  }

  private onTerminal(record: TaskRecord): void {
    this.scheduler.remove(record.key);
    this.deadlines.forget(record.key);
    const live = this.liveTasks.get(record.key);
    if (live?.client && record.kind === 'task') this.protocol.release(live.client, record.taskId);
    // Keep the ending for whoever awaits it; drop the rest.
    if (live) {
      // A request still waiting for the end (ended by a status, not by its answer) is given up.
      giveUpResult(live, true);
      live.abort = undefined;
    }
  }
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error(typeof reason === 'string' ? reason : 'the wait was aborted');
  err.name = 'AbortError';
  return err;
}
