/**
 * Tasks of MCP 2025-11-25 (SEP-1686) on the SDK Client: task-augmented tools/call, tasks/get,
 * tasks/result (blocking; the server's questions arrive on it), tasks/cancel, tasks/list and
 * notifications/tasks/status.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { RELATED_TASK_META_KEY } from '@modelcontextprotocol/sdk/types.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
import type { Disposable } from '../events';
import type { Logger } from '../ports';
import { NO_TIMEOUT_MS, type CallOptions, type CreateOutcome, type TaskListPage, type ToolCall } from './protocolShapes';
import { parseToolResult, UnexpectedReplyError } from './toolResultShape';
import { parseWireTask, safeParseWireTask, type WireTask } from './wireTask';

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

export class LegacyTaskProtocol {

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
