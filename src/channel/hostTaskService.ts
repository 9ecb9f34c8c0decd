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
import type { HostLink } from './hostLink';
import { NewestRecords } from './newestRecords';

export class HostTaskService implements TaskService, Disposable {
  private readonly records = new NewestRecords();
  private readonly changed = new Emitter<TaskRecord>();
  private readonly removed = new Emitter<TaskRecord>();
  private readonly disposables = new DisposableStore();
  readonly onDidChangeTask = this.changed.event;
  readonly onDidRemoveTask = this.removed.event;
  private readonly refreshedWith = new Emitter<HostClient>();
  /** The host's whole list is in after a (re)connection: what it knows is known here too. */
  readonly onDidRefresh = this.refreshedWith.event;
  private refreshed: Promise<void> = Promise.resolve();

  /**
   * Follows every task of the host from each connection on: its list when the channel comes up,
   * its notifications after. `ensureServer` hands a server over before a call on it.
   */
  constructor(
    private readonly link: HostLink,
    private readonly ensureServer: (serverId: string) => Promise<unknown>,
    private readonly callDefaults: (serverId: string) => Pick<CallToolOptions, 'optionalDefault' | 'ttl'> = () => ({}),
  ) {
    this.disposables.add(link.onDidChangeTask((record) => this.see(record)));
    this.disposables.add(link.onDidConnect((client) => {
      this.refreshed = this.refresh(client);
      this.refreshed.catch(() => undefined); // attach() reports it; a lost channel says so itself
    }));
    // Until the link is up again, nothing follows the running tasks: say so instead of "running".
    this.disposables.add(link.onDidLose((loss) => {
      const why = loss.kind === 'stopped'
        ? `the task host stopped (${loss.reason}); the task resumes when a task host runs again`
        : 'the task host ended unexpectedly; the task resumes when a task host runs again';
      for (const record of this.records.loseUnfinished(why, Date.now())) this.changed.fire(record);
    }));
    this.disposables.add(link.onDidRemoveTask((key) => {
      const record = this.records.delete(key);
      if (record) this.removed.fire(record);
    }));
  }

  /** Resolves once the current list of a host that runs is in (starting none). */
  async attach(): Promise<void> {
    // Connecting refreshes the list (onDidConnect); joining a host that runs only waits for that.
    if (await this.link.attach()) await this.refreshed;
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
    const defaults = this.callDefaults(serverId);
    const optionalDefault = options.optionalDefault ?? defaults.optionalDefault;
    const ttl = options.ttl ?? defaults.ttl;
    const host = await this.link.connect();
    return this.see(await host.call({
      serverId,
      tool,
      args,
      mode: options.mode ?? 'auto',
      ...(optionalDefault !== undefined ? { optionalDefault } : {}),
      ...(ttl !== undefined ? { ttl } : {}),
      ...(options.deadlineMs !== undefined ? { deadlineMs: options.deadlineMs } : {}),
      ...(options.origin !== undefined ? { origin: options.origin } : {}),
    }, options.signal));
  }

  async cancel(key: string): Promise<TaskRecord> {
    return this.see(await (await this.link.connect()).cancel(key));
  }

  async forget(key: string): Promise<boolean> {
    return (await this.link.connect()).forget(key);
  }

  async discover(serverId: string): Promise<TaskRecord[]> {
    await this.ensureServer(serverId);
    return (await (await this.link.connect()).discover(serverId)).map((record) => this.see(record));
  }

  async readResult(stored: StoredResult): Promise<unknown> {
    if (stored.kind === 'inline') return stored.value;
    return (await this.link.connect()).readStored(stored);
  }

  dispose(): void {
    this.disposables.dispose();
    this.changed.dispose();
    this.removed.dispose();
    this.refreshedWith.dispose();
  }

  private async refresh(client: HostClient): Promise<void> {
    const { changed, removed } = this.records.replaceAll(await client.list());
    for (const record of changed) this.changed.fire(record);
    for (const record of removed) this.removed.fire(record);
    this.refreshedWith.fire(client);
  }

  /** Keeps the newest record of a task and tells the views. */
  private see(record: TaskRecord): TaskRecord {
    const { kept, changed } = this.records.see(record);
    if (changed) this.changed.fire(kept);
    return kept;
  }
}
