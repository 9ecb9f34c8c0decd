/**
 * The one place that speaks the task wire dialect (MCP 2025-11-25, SEP-1686). The engine only
 * sees this interface, so a later dialect can be added beside it without touching the engine.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { RELATED_TASK_META_KEY } from '@modelcontextprotocol/sdk/types.js';
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
import type { Disposable } from '../events';
import type { Logger } from '../ports';
import { parseToolResult, UnexpectedReplyError } from './toolResultShape';
import { parseWireTask, safeParseWireTask, type WireTask } from './wireTask';

export interface ToolCall {
  name: string;
  arguments?: Record<string, unknown>;
}

export interface CallOptions {
  onprogress?: (progress: Progress) => void;
  signal?: AbortSignal;
}

/** A task request is answered with a task, or (allowed for servers that ignore `task`) with the final result. */
export type CreateOutcome =
  | { kind: 'task'; task: WireTask }
  | { kind: 'result'; result: CallToolResult };

export interface TaskListPage {
  tasks: WireTask[];
  nextCursor?: string;
}

export interface TaskProtocol {
  readonly dialect: string;
  createTask(client: Client, call: ToolCall, ttl: number | undefined, options: CallOptions): Promise<CreateOutcome>;
  callTool(client: Client, call: ToolCall, options: CallOptions): Promise<CallToolResult>;
  getTask(client: Client, taskId: string): Promise<WireTask>;
  /**
   * Blocks until the task ends; the server may send requests (elicitation) while it waits.
   * `signal` gives up the wait (the request is cancelled; the task is not).
   */
  getTaskResult(client: Client, taskId: string, signal?: AbortSignal): Promise<CallToolResult>;
  cancelTask(client: Client, taskId: string): Promise<WireTask>;
  listTasks(client: Client, cursor: string | undefined): Promise<TaskListPage>;
  /** Subscribes to status notifications on one client; dispose to unsubscribe. */
  onStatus(client: Client, handler: (task: WireTask) => void, onInvalid: (raw: unknown) => void): Disposable;
  /** Lets the SDK drop what it kept for a finished task (its progress handler). */
  release(client: Client, taskId: string): void;
}

/**
 * The longest timer Node accepts (about 24.8 days); longer values fire at once. Blocking result
 * requests and plain calls use it so the SDK's 60 s default never ends a long task: our own
 * deadlines and idle timeouts decide instead.
 */
export const NO_TIMEOUT_MS = 2_147_483_647;

const AnyResultSchema = z.looseObject({});
const ListTasksSchema = z.looseObject({
  tasks: z.array(z.unknown()),
  nextCursor: z.string().optional(),
});
const StatusNotificationSchema = z.object({
  method: z.literal('notifications/tasks/status'),
  params: z.unknown(),
});

interface StatusSubscriber {
  handler: (task: WireTask) => void;
  onInvalid: (raw: unknown) => void;
}

const statusSubscribers = new WeakMap<Client, Set<StatusSubscriber>>();

export class TaskProtocol20251125 implements TaskProtocol {
  readonly dialect = '2025-11-25';

  constructor(private readonly logger: Logger) {}

  async createTask(client: Client, call: ToolCall, ttl: number | undefined, options: CallOptions): Promise<CreateOutcome> {
    const raw = await client.request(
      { method: 'tools/call', params: { name: call.name, arguments: call.arguments ?? {} } },
      AnyResultSchema,
      {
        ...requestOptions(options),
        // Only the creation is awaited here; the task runs on without this request.
        task: ttl === undefined ? {} : { ttl },
      },
    );
    if (raw.task !== undefined) {
      return { kind: 'task', task: parseWireTask(raw.task) };
    }
    return { kind: 'result', result: this.toolResult('tools/call', raw) };
  }

  async callTool(client: Client, call: ToolCall, options: CallOptions): Promise<CallToolResult> {
    const raw = await client.request(
      { method: 'tools/call', params: { name: call.name, arguments: call.arguments ?? {} } },
      AnyResultSchema,
      requestOptions(options),
    );
    return this.toolResult('tools/call', raw);
  }

  async getTask(client: Client, taskId: string): Promise<WireTask> {
    const raw = await client.request({ method: 'tasks/get', params: { taskId } }, AnyResultSchema);
    return parseWireTask(raw);
  }

  async getTaskResult(client: Client, taskId: string, signal?: AbortSignal): Promise<CallToolResult> {
    const raw = await client.request(
      { method: 'tasks/result', params: { taskId } },
      AnyResultSchema,
      signal ? { timeout: NO_TIMEOUT_MS, signal } : { timeout: NO_TIMEOUT_MS },
    );
    const related = (raw._meta as Record<string, { taskId?: unknown } | undefined> | undefined)?.[RELATED_TASK_META_KEY];
    if (related && related.taskId !== taskId) {
      this.logger.warn(`tasks/result for ${taskId} carried the related-task marker of ${String(related.taskId)}`);
    }
    return this.toolResult('tasks/result', raw);
  }

  async cancelTask(client: Client, taskId: string): Promise<WireTask> {
    const raw = await client.request({ method: 'tasks/cancel', params: { taskId } }, AnyResultSchema);
    return parseWireTask(raw);
  }

  async listTasks(client: Client, cursor: string | undefined): Promise<TaskListPage> {
    const raw = await client.request(
      { method: 'tasks/list', params: cursor === undefined ? {} : { cursor } },
      ListTasksSchema,
    );
    const tasks: WireTask[] = [];
    for (const item of raw.tasks) {
      const task = safeParseWireTask(item);
      if (task) tasks.push(task);
      else this.logger.warn(`tasks/list returned an entry that is not a task: ${JSON.stringify(item).slice(0, 200)}`);
    }
    return raw.nextCursor === undefined ? { tasks } : { tasks, nextCursor: raw.nextCursor };
  }

  onStatus(client: Client, handler: (task: WireTask) => void, onInvalid: (raw: unknown) => void): Disposable {
    // A client holds one handler per method: several subscribers (two engines, a CLI watcher)
    // share one dispatcher, and the last one out removes it.
    let subscribers = statusSubscribers.get(client);
    if (!subscribers) {
      const set = new Set<StatusSubscriber>();
      subscribers = set;
      statusSubscribers.set(client, set);
      client.setNotificationHandler(StatusNotificationSchema, (notification) => {
        const task = safeParseWireTask(notification.params);
        for (const subscriber of [...set]) {
          if (task) subscriber.handler(task);
          else subscriber.onInvalid(notification.params);
        }
      });
    }
    const subscriber: StatusSubscriber = { handler, onInvalid };
    subscribers.add(subscriber);
    return {
      dispose: () => {
        const set = statusSubscribers.get(client);
        if (!set?.delete(subscriber) || set.size > 0) return;
        statusSubscribers.delete(client);
        client.removeNotificationHandler('notifications/tasks/status');
      },
    };
  }

  /** A reply that is no tool result is a protocol error; the log keeps what the server sent. */
  private toolResult(method: string, raw: unknown): CallToolResult {
    try {
      return parseToolResult(raw);
    } catch (err) {
      if (err instanceof UnexpectedReplyError) this.logger.warn(`${method}: ${err.message}; the reply was ${err.raw}`);
      throw err;
    }
  }

  release(client: Client, taskId: string): void {
    // The SDK keeps a task's progress handler until the connection closes; it offers this
    // cleanup only internally, so call it when present.
    const cleanup = (client as unknown as { _cleanupTaskProgressHandler?: (id: string) => void })._cleanupTaskProgressHandler;
    if (typeof cleanup === 'function') cleanup.call(client, taskId);
  }
}

function requestOptions(options: CallOptions): RequestOptions {
  return {
    timeout: NO_TIMEOUT_MS,
    ...(options.onprogress ? { onprogress: options.onprogress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
}
