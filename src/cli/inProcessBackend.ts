/** The task commands on an engine of their own (--in-process): everything ends with the command. */
import type { TaskRecord } from '../core/model/taskRecord';
import type { HostRequestHandler, Logger } from '../core/ports';
import type { CallRequest, ConnectedTarget, TaskBackend } from './backend';
import { CliRuntime } from './runtime';
import type { Target } from './target';

export class InProcessBackend implements TaskBackend {
  readonly where = 'in-process';
  private readonly runtime: CliRuntime;

  constructor(target: Target, questions: HostRequestHandler, logger: Logger) {
    this.runtime = new CliRuntime(target, questions, logger);
  }

  get onDidChangeTask() { return this.runtime.engine.onDidChangeTask; }
  get(key: string): TaskRecord | undefined { return this.runtime.engine.get(key); }

  async connect(wantTool?: string): Promise<ConnectedTarget> {
    const session = await this.runtime.connect();
    const tools = await this.runtime.settledTools(wantTool);
    return { serverId: this.runtime.target.id, capabilities: session.serverCapabilities, tools };
  }

  call(serverId: string, request: CallRequest, signal: AbortSignal): Promise<TaskRecord> {
    return this.runtime.engine.call(serverId, request.tool, request.args, {
      mode: request.mode,
      ...(request.ttl !== undefined ? { ttl: request.ttl } : {}),
      ...(request.deadlineMs !== undefined ? { deadlineMs: request.deadlineMs } : {}),
      signal,
    });
  }

  async find(): Promise<TaskRecord | undefined> {
    return undefined; // a new process knows nothing yet
  }

  async track(serverId: string, taskId: string): Promise<TaskRecord> {
    return this.runtime.engine.track(serverId, taskId);
  }

  cancel(key: string): Promise<TaskRecord> {
    return this.runtime.engine.cancel(key);
  }

  async readResult(record: TaskRecord): Promise<Record<string, unknown> | undefined> {
    if (!record.result) return undefined;
    return (await this.runtime.engine.store.readResult(record.result)) as Record<string, unknown>;
  }

  async listServerTasks(_serverId: string, cursor: string | undefined) {
    return this.runtime.engine.protocol.listTasks(await this.runtime.connect(), cursor);
  }

  async getServerTask(_serverId: string, taskId: string) {
    return this.runtime.engine.protocol.getTask(await this.runtime.connect(), taskId);
  }

  dispose(): Promise<void> {
    return this.runtime.dispose();
  }
}
