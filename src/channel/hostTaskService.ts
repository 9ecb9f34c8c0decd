/**
 * The tasks a window shows when they run in the background task host: the host's records, kept
 * current by its notifications, and the window's actions sent to it. Calls on a server the host
 * does not run yet hand the server over first (the window decides trust and inputs).
 */
import { DisposableStore, Emitter, type Disposable } from '../core/events';
import type { StoredResult, TaskRecord } from '../core/model/taskRecord';
import type { TaskService } from '../core/taskService';
import type { CallToolOptions } from '../core/tasks/taskStarter';
import type { HostClient } from './hostClient';
import { NewestRecords } from './newestRecords';

export class HostTaskService implements TaskService, Disposable {
  private readonly records = new NewestRecords();
  private readonly changed = new Emitter<TaskRecord>();
  private readonly removed = new Emitter<TaskRecord>();
  private readonly disposables = new DisposableStore();
  readonly onDidChangeTask = this.changed.event;
  readonly onDidRemoveTask = this.removed.event;

  /** Follows every task of the host from now on; resolves once the host's current list is in. */
  static async follow(host: HostClient, ensureServer: (serverId: string) => Promise<unknown>): Promise<HostTaskService> {
    const service = new HostTaskService(host, ensureServer);
    for (const record of await host.list()) service.see(record);
    return service;
  }

  private constructor(private readonly host: HostClient, private readonly ensureServer: (serverId: string) => Promise<unknown>) {
    this.disposables.add(host.onDidChangeTask((record) => this.see(record)));
    // Until a window reconnects, nothing follows the running tasks: say so instead of "running".
    this.disposables.add(host.onDidClose(() => {
      for (const record of this.records.loseUnfinished('the task host stopped; the task resumes when the window reconnects (reload the window)', Date.now())) this.changed.fire(record);
    }));
    this.disposables.add(host.onDidRemoveTask((key) => {
      const record = this.records.delete(key);
      if (record) this.removed.fire(record);
    }));
  }

  list(): TaskRecord[] {
    return [...this.records.values()];
  }

  get(key: string): TaskRecord | undefined {
    return this.records.get(key);
  }

  keyFor(serverId: string, taskId: string): string | undefined {
    for (const record of this.records.values()) if (record.serverId === serverId && record.taskId === taskId) return record.key;
    return undefined;
  }

  isHosted(key: string): boolean {
    return this.records.get(key)?.kind === 'hosted';
  }

  async call(serverId: string, tool: string, args: Record<string, unknown>, options: CallToolOptions = {}): Promise<TaskRecord> {
    await this.ensureServer(serverId);
    return this.see(await this.host.call({
      serverId,
      tool,
      args,
      mode: options.mode ?? 'auto',
      ...(options.ttl !== undefined ? { ttl: options.ttl } : {}),
      ...(options.deadlineMs !== undefined ? { deadlineMs: options.deadlineMs } : {}),
    }, options.signal));
  }

  async cancel(key: string): Promise<TaskRecord> {
    return this.see(await this.host.cancel(key));
  }

  forget(key: string): Promise<boolean> {
    return this.host.forget(key);
  }

  async discover(serverId: string): Promise<TaskRecord[]> {
    await this.ensureServer(serverId);
    return (await this.host.discover(serverId)).map((record) => this.see(record));
  }

  readResult(stored: StoredResult): Promise<unknown> {
    return this.host.readStored(stored);
  }

  dispose(): void {
    this.disposables.dispose();
    this.changed.dispose();
    this.removed.dispose();
  }

  /** Keeps the newest record of a task and tells the views. */
  private see(record: TaskRecord): TaskRecord {
    const { kept, changed } = this.records.see(record);
    if (changed) this.changed.fire(kept);
    return kept;
  }
}
