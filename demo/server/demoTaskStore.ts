import { InMemoryTaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/index.js';
import type { CreateTaskOptions } from '@modelcontextprotocol/sdk/experimental/tasks/index.js';
import type { Request, RequestId, Result, Task } from '@modelcontextprotocol/sdk/types.js';
import type { DemoEventSink } from './eventLog';

/** How long a finished task stays fetchable when the host does not ask for a ttl. */
export const DEFAULT_TASK_TTL_MS = 30 * 60_000;
/** Upper bound on the ttl the server grants, whatever the host asks for. */
export const MAX_TASK_TTL_MS = 2 * 60 * 60_000;
/** Suggested polling interval; the SDK also wakes blocked tasks/result calls at this pace. */
export const TASK_POLL_INTERVAL_MS = 500;

interface TaskInfo {
  tool: string;
  /** False when an optional tool was called without `task` and the SDK runs it as a task internally. */
  requestedAsTask: boolean;
  finalMessage?: string;
}

/**
 * The SDK's in-memory store plus what the demo needs around it: the granted ttl is capped,
 * every lifecycle change is written to the event log, running work hears about `tasks/cancel`
 * at once (the SDK's cancel handler writes straight to the store), and a failed task can carry
 * a final status message (the SDK's storeTaskResult has no place for one).
 */
export class DemoTaskStore extends InMemoryTaskStore {
  private readonly info = new Map<string, TaskInfo>();
  private readonly cancelListeners = new Map<string, () => void>();

  constructor(private readonly emit: DemoEventSink) {
    super();
  }

  override async createTask(taskParams: CreateTaskOptions, requestId: RequestId, request: Request, sessionId?: string): Promise<Task> {
    const ttl = Math.min(taskParams.ttl ?? DEFAULT_TASK_TTL_MS, MAX_TASK_TTL_MS);
    const task = await super.createTask({ ...taskParams, ttl, pollInterval: taskParams.pollInterval ?? TASK_POLL_INTERVAL_MS }, requestId, request, sessionId);
    const params = (request.params ?? {}) as { name?: unknown; task?: unknown };
    const tool = typeof params.name === 'string' ? params.name : request.method;
    this.info.set(task.taskId, { tool, requestedAsTask: params.task !== undefined });
    this.emit({ event: 'created', taskId: task.taskId, tool });
    return task;
  }

  override async getTask(taskId: string, sessionId?: string): Promise<Task | null> {
    return this.decorate(await super.getTask(taskId, sessionId));
  }

  override async listTasks(cursor?: string, sessionId?: string): Promise<{ tasks: Task[]; nextCursor?: string }> {
    const page = await super.listTasks(cursor, sessionId);
    return { ...page, tasks: page.tasks.map((t) => this.decorate(t) as Task) };
  }

  override async updateTaskStatus(taskId: string, status: Task['status'], statusMessage?: string, sessionId?: string): Promise<void> {
    await super.updateTaskStatus(taskId, status, statusMessage, sessionId);
    if (status === 'cancelled' || status === 'completed' || status === 'failed') {
      this.emit({ event: status, taskId, tool: this.toolOf(taskId) });
    }
    if (status === 'cancelled') {
      this.cancelListeners.get(taskId)?.();
    }
  }

  override async storeTaskResult(taskId: string, status: 'completed' | 'failed', result: Result, sessionId?: string): Promise<void> {
    await super.storeTaskResult(taskId, status, result, sessionId);
    this.emit({ event: status, taskId, tool: this.toolOf(taskId) });
  }

  /** Status message shown once the task is terminal (set it just before storing the result). */
  setFinalMessage(taskId: string, message: string): void {
    const info = this.info.get(taskId);
    if (info) info.finalMessage = message;
  }

  /** Calls `listener` when the task is cancelled; returns a function that unsubscribes. */
  onCancelled(taskId: string, listener: () => void): () => void {
    this.cancelListeners.set(taskId, listener);
    return () => {
      if (this.cancelListeners.get(taskId) === listener) this.cancelListeners.delete(taskId);
    };
  }

  wasRequestedAsTask(taskId: string): boolean {
    return this.info.get(taskId)?.requestedAsTask ?? true;
  }

  override cleanup(): void {
    super.cleanup();
    this.info.clear();
    this.cancelListeners.clear();
  }

  private toolOf(taskId: string): string {
    return this.info.get(taskId)?.tool ?? 'unknown';
  }

  private decorate(task: Task | null): Task | null {
    const finalMessage = task ? this.info.get(task.taskId)?.finalMessage : undefined;
    return task && finalMessage && task.status !== 'working' && task.status !== 'input_required'
      ? { ...task, statusMessage: finalMessage }
      : task;
  }
}
