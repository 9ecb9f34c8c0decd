/**
 * The engine's book of tasks: every record by key and by server task id, what this process knows
 * about each one while it works on it, and the requests it sent. Every change of a record goes
 * through `commit` (the transition rules of model/transitions.ts) and into the store; a final
 * state is stored durably before anyone hears of it. The engine's parts read and write here;
 * nothing here calls back into them.
 */
import { Emitter, type Event } from '../events';
import type { TaskRecordStore } from '../model/recordStore';
import { isTerminalStatus, type TaskRecord } from '../model/taskRecord';
import { transition, type TaskPatch } from '../model/transitions';
import type { Clock, Logger } from '../ports';
import { emptyCounts, type RequestCounts } from './engineEnv';
import { newLiveTask, type LiveTask } from './liveTask';
import { errorMessage } from './protocolErrors';

export class TaskBook {
  private readonly records = new Map<string, TaskRecord>();
  /** serverId → taskId → key (a plain call that became a task keeps its first key). */
  private readonly byTaskId = new Map<string, Map<string, string>>();
  private readonly liveTasks = new Map<string, LiveTask>();
  private readonly requestCounts = new Map<string, RequestCounts>();
  private readonly changes = new Emitter<TaskRecord>();
  private readonly removals = new Emitter<TaskRecord>();
  private readonly endings = new Emitter<TaskRecord>();
  private closed = false;

  /** Every change of every record, after it is stored (a final one durably). */
  readonly onDidChange: Event<TaskRecord> = this.changes.event;
  /** A finished task left the history. */
  readonly onDidRemove: Event<TaskRecord> = this.removals.event;
  /** A record reached its final state: fired before it is stored and announced, to stop work on it. */
  readonly onWillEnd: Event<TaskRecord> = this.endings.event;

  constructor(readonly store: TaskRecordStore, private readonly clock: Clock, private readonly logger: Logger) {
    for (const record of store.all()) this.remember(record);
  }

  record(key: string): TaskRecord | undefined {
    return this.records.get(key);
  }

  list(): TaskRecord[] {
    return [...this.records.values()];
  }

  /** Records of one server (for session changes). */
  recordsOf(serverId: string): TaskRecord[] {
    return this.list().filter((r) => r.serverId === serverId);
  }

  keyFor(serverId: string, taskId: string): string | undefined {
    return this.byTaskId.get(serverId)?.get(taskId);
  }

  /** What this process knows about a task while it works on it (created on first use). */
  live(key: string): LiveTask {
    let live = this.liveTasks.get(key);
    if (!live) {
      live = newLiveTask(key);
      this.liveTasks.set(key, live);
    }
    return live;
  }

  /** What this process knows about a task, without creating it. */
  peekLive(key: string): LiveTask | undefined {
    return this.liveTasks.get(key);
  }

  /** The request counters of a task (created on first use). */
  counts(key: string): RequestCounts {
    let counts = this.requestCounts.get(key);
    if (!counts) {
      counts = emptyCounts();
      this.requestCounts.set(key, counts);
    }
    return counts;
  }

  /** A copy of a task's request counters, if it sent any. */
  countsOf(key: string): RequestCounts | undefined {
    const counts = this.requestCounts.get(key);
    return counts ? { ...counts } : undefined;
  }

  /** Adds a new record: persisted, indexed, announced. */
  add(record: TaskRecord): void {
    if (this.closed) return;
    this.remember(record);
    this.persist(record);
    this.changes.fire(record);
  }

  /** The one way a record changes (see transitions.ts); terminal records are stored durably first. */
  async commit(key: string, patch: TaskPatch): Promise<TaskRecord | undefined> {
    const current = this.records.get(key);
    if (!current || this.closed) return current;
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
    this.endings.fire(next);
    try {
      // Nobody hears of a final state (or its result) before it is durably stored.
      await this.store.putDurable(next);
    } catch (err) {
      this.logger.error(`${key}: storing the final state failed: ${errorMessage(err)}`);
    }
    this.changes.fire(next);
    return next;
  }

  /**
   * Removes a finished task from the history, with everything kept about it, and from the store.
   * A running task is not forgotten (cancel it first): resolves false.
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

  /** No more changes are taken or announced (the engine was disposed). */
  close(): void {
    this.closed = true;
    this.changes.dispose();
    this.removals.dispose();
    this.endings.dispose();
  }

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
}
