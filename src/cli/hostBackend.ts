/**
 * The task commands as a client of the background task host: the host connects to the server,
 * runs the task and keeps it; this process watches, answers the questions routed to it, and
 * may exit at any time without ending the task.
 */
import { Emitter } from '../core/events';
import { taskKey, type TaskRecord } from '../core/model/taskRecord';
import type { HostClient } from '../channel/hostClient';
import { NewestRecords } from '../channel/newestRecords';
import type { CallRequest, ConnectedTarget, TaskBackend } from './backend';
import type { Target } from './target';

export class HostBackend implements TaskBackend {
  readonly where = 'host';
  private readonly records = new NewestRecords();
  private readonly changed = new Emitter<TaskRecord>();
  readonly onDidChangeTask = this.changed.event;

  constructor(private readonly client: HostClient, private readonly target: Target) {
    client.onDidChangeTask((record) => this.see(record));
    client.onDidClose(() => {
      // What this process follows is lost to it; the host's next run resumes it.
      for (const record of this.records.loseUnfinished('the task host stopped; the task is resumed when it starts again', Date.now())) this.changed.fire(record);
    });
  }

  get(key: string): TaskRecord | undefined {
    return this.records.get(key);
  }

  async connect(wantTool?: string): Promise<ConnectedTarget> {
    const server = await this.client.connectServer({
      label: this.target.label,
      definition: this.target.definition,
      ...(this.target.identityEnv ? { identityEnv: this.target.identityEnv } : {}),
      ...(wantTool !== undefined ? { wantTool } : {}),
    });
    return { serverId: server.serverId, capabilities: server.capabilities, tools: server.tools };
  }

  async call(serverId: string, request: CallRequest, signal: AbortSignal): Promise<TaskRecord> {
    return this.see(await this.client.call({ serverId, ...request }, signal));
  }

  async find(serverId: string, taskId: string): Promise<TaskRecord | undefined> {
    const record = await this.client.get(taskKey(serverId, taskId));
    return record ? this.see(record) : undefined;
  }

  async track(serverId: string, taskId: string): Promise<TaskRecord> {
    return this.see(await this.client.track({ serverId, taskId }));
  }

  async cancel(key: string): Promise<TaskRecord> {
    return this.see(await this.client.cancel(key));
  }

  async readResult(record: TaskRecord): Promise<Record<string, unknown> | undefined> {
    if (!record.result) return undefined;
    return (await this.client.readStored(record.result)) as Record<string, unknown>;
  }

  listServerTasks(serverId: string, cursor: string | undefined) {
    return this.client.serverListTasks(serverId, cursor);
  }

  getServerTask(serverId: string, taskId: string) {
    return this.client.serverGetTask({ serverId, taskId });
  }

  async dispose(): Promise<void> {
    this.client.dispose();
    this.changed.dispose();
  }

  /** Keeps the newest record of a task and tells the watchers. */
  private see(record: TaskRecord): TaskRecord {
    const { kept, changed } = this.records.see(record);
    if (changed) this.changed.fire(kept);
    return kept;
  }
}
