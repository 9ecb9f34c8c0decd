/**
 * Every task the host knows, whoever runs it: tool calls the engine tracks for us, and tasks a
 * server asked the host to run (sampling, elicitation). Views and alerts read this one list;
 * cancel goes to whichever side owns the task.
 *
 * A hosted task is forgotten by its service when its ttl runs out or its session ends (the
 * server can no longer ask for it), but the person may still want to see how it ended: its last
 * record is kept here, for this process's lifetime, up to `retainedHosted` of them.
 */
import { Emitter, type Disposable, type Event, DisposableStore } from './events';
import type { HostedTaskService } from './hosted/hostedTaskService';
import type { TaskEngine } from './tasks/taskEngine';
import type { CallToolOptions } from './tasks/taskStarter';
import { taskIdOfKey, taskKey, type StoredResult, type TaskRecord } from './model/taskRecord';
import type { TaskService } from './taskService';

export interface TaskDirectoryOptions {
  /** Finished hosted tasks kept after their service forgot them (oldest dropped first). */
  readonly retainedHosted?: number;
}

export class TaskDirectory implements TaskService, Disposable {
  private readonly disposables = new DisposableStore();
  private readonly changed = new Emitter<TaskRecord>();
  private readonly removed = new Emitter<TaskRecord>();
  /** Hosted records the service no longer has, in the order they were forgotten. */
  private readonly retired = new Map<string, TaskRecord>();
  private readonly retainedHosted: number;
  /** Any change of any task, tool call or hosted. */
  readonly onDidChangeTask: Event<TaskRecord> = this.changed.event;
  /** A finished task was removed from the history, by whichever side kept it. */
  readonly onDidRemoveTask: Event<TaskRecord> = this.removed.event;

  constructor(readonly engine: TaskEngine, readonly hosted?: HostedTaskService, options: TaskDirectoryOptions = {}) {
    this.retainedHosted = options.retainedHosted ?? 200;
    this.disposables.add(engine.onDidChangeTask((record) => this.changed.fire(record)));
    this.disposables.add(engine.onDidRemoveTask((record) => this.removed.fire(record)));
    if (hosted) {
      this.disposables.add(hosted.onDidChange((record) => this.changed.fire(record)));
      this.disposables.add(hosted.onDidRemove((record) => this.retire(record)));
    }
    this.disposables.add(this.changed);
    this.disposables.add(this.removed);
  }

  call(serverId: string, tool: string, args: Record<string, unknown> = {}, options: CallToolOptions = {}): Promise<TaskRecord> {
    return this.engine.call(serverId, tool, args, options);
  }

  discover(serverId: string): Promise<TaskRecord[]> {
    return this.engine.discover(serverId);
  }

  readResult(stored: StoredResult): Promise<unknown> {
    return this.engine.store.readResult(stored);
  }

  list(): TaskRecord[] {
    const all = this.engine.list();
    if (!this.hosted) return all;
    return all.concat(this.hosted.list(), [...this.retired.values()]);
  }

  get(key: string): TaskRecord | undefined {
    return this.engine.get(key) ?? this.hostedRecord(key);
  }

  /** The key of a server's task (tool call) or of a task the host runs for that server. */
  keyFor(serverId: string, taskId: string): string | undefined {
    const known = this.engine.keyFor(serverId, taskId);
    if (known) return known;
    const key = taskKey(serverId, taskId);
    return this.hostedRecord(key) ? key : undefined;
  }

  isHosted(key: string): boolean {
    return this.engine.get(key) === undefined && this.hostedRecord(key) !== undefined;
  }

  /**
   * Cancels a task and resolves with its state afterwards: tasks/cancel for a tool call, an abort
   * of the pending prompt or model call for a hosted task (the server is told through
   * notifications/tasks/status).
   */
  async cancel(key: string): Promise<TaskRecord> {
    if (this.engine.get(key)) return this.engine.cancel(key);
    const record = this.hostedRecord(key);
    if (!record) throw new Error(`unknown task ${key}`);
    return this.hosted?.cancel(record.taskId) ?? this.get(key) ?? record;
  }

  /**
   * Removes a finished task from the history: a tool call from the engine and its ledger, a hosted
   * task from the ones kept here after their service forgot them. Resolves false for a task that
   * still runs (or is unknown).
   */
  async forget(key: string): Promise<boolean> {
    if (this.engine.get(key)) return this.engine.forget(key);
    const record = this.retired.get(key);
    if (!record) return false;
    this.retired.delete(key);
    this.removed.fire(record);
    return true;
  }

  dispose(): void {
    this.disposables.dispose();
    this.retired.clear();
  }

  private hostedRecord(key: string): TaskRecord | undefined {
    if (!this.hosted) return undefined;
    const live = this.hosted.get(taskIdOfKey(key));
    if (live && live.key === key) return live;
    return this.retired.get(key);
  }

  /** The service forgets only finished tasks (it settles running ones first). */
  private retire(record: TaskRecord): void {
    this.retired.delete(record.key);
    this.retired.set(record.key, record);
    while (this.retired.size > this.retainedHosted) {
      const oldest = this.retired.keys().next().value as string;
      this.retired.delete(oldest);
    }
  }
}
