/**
 * A TaskProtocol that answers at once from memory, for measuring what the engine itself costs per
 * task with no server, pipe or SDK underneath. Tasks are created working; `complete` announces
 * their end as a status notification would, and tasks/result then answers with a small result.
 * Only for benchmarks: the engine's behaviour is tested against real servers.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { Emitter, type Disposable } from '../../src/core/events';
import type { McpServerHandle, ServerLookup, ServerSession } from '../../src/core/servers/types';
import type { CreateOutcome, TaskListPage, TaskProtocol } from '../../src/core/tasks/taskProtocol';
import type { WireTask } from '../../src/core/tasks/wireTask';

export const ANSWERING_SERVER_ID = 'answering';
export const ANSWERING_TOOL = 'work';

function snapshot(taskId: string, status: string): WireTask {
  const at = new Date().toISOString();
  return { taskId, status, createdAt: at, lastUpdatedAt: at, ttl: 300_000, pollInterval: 1_000 };
}

export class AnsweringProtocol implements TaskProtocol {
  private readonly listeners = new Set<(task: WireTask) => void>();
  private next = 0;

  async createTask(): Promise<CreateOutcome> {
    return { kind: 'task', task: snapshot(`t${this.next++}`, 'working') };
  }

  async callTool(): Promise<CallToolResult> {
    throw new Error('only task calls are answered');
  }

  async getTask(_session: ServerSession, taskId: string): Promise<WireTask> {
    return snapshot(taskId, 'working');
  }

  getTaskResult(_session: ServerSession, taskId: string, signal?: AbortSignal): Promise<CallToolResult> {
    // A request sent before the end waits for it, as a real server's would, until it is given up.
    if (signal) {
      return new Promise((_, reject) => {
        if (signal.aborted) reject(signal.reason);
        else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
    return Promise.resolve({ content: [{ type: 'text', text: `done ${taskId}` }] });
  }

  async cancelTask(_session: ServerSession, taskId: string): Promise<WireTask> {
    return snapshot(taskId, 'cancelled');
  }

  async listTasks(): Promise<TaskListPage> {
    return { tasks: [] };
  }

  onStatus(_session: ServerSession, handler: (task: WireTask) => void): Disposable {
    this.listeners.add(handler);
    return { dispose: () => { this.listeners.delete(handler); } };
  }

  waitsOnServer(): boolean {
    return true;
  }

  release(): void {}

  /** Announces that a task completed (a status notification). */
  complete(taskId: string): void {
    const task = snapshot(taskId, 'completed');
    for (const listener of this.listeners) listener(task);
  }
}

/** One running server whose session speaks 2025-11-25 and whose one tool requires a task. */
export class AnsweringServers implements ServerLookup {
  private readonly changed = new Emitter<void>();
  readonly onDidChangeServers = this.changed.event;
  private readonly handle: McpServerHandle;

  constructor() {
    const session = {
      dialect: '2025-11-25', generation: 1, client: {},
      serverCapabilities: { tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } } },
    } as unknown as ServerSession;
    this.handle = {
      id: ANSWERING_SERVER_ID, label: 'answering', state: { kind: 'running' }, session,
      serverCapabilities: session.serverCapabilities,
      tools: [{ name: ANSWERING_TOOL, inputSchema: { type: 'object' }, execution: { taskSupport: 'required' } }],
      connect: async () => session,
      onDidChangeState: new Emitter<never>().event,
      onDidChangeSession: new Emitter<never>().event,
      onDidChangeTools: new Emitter<never>().event,
    };
  }

  get(serverId: string): McpServerHandle | undefined {
    return serverId === ANSWERING_SERVER_ID ? this.handle : undefined;
  }

  all(): readonly McpServerHandle[] {
    return [this.handle];
  }
}
