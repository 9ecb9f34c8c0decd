/**
 * The requestor side of the tasks extension (`io.modelcontextprotocol/tasks`) of MCP 2026-07-28:
 * tools/call answered by a task handle or inline, tasks/get (status, poll interval, result or
 * error inline), tasks/update (answers to input requests), tasks/cancel, and status notifications
 * on a subscriptions/listen stream. There is no tasks/result and no tasks/list in this dialect.
 */
import type { Disposable } from '../../events';
import type { Logger } from '../../ports';
import type { ToolCall } from '../protocolShapes';
import { UnexpectedReplyError } from '../toolResultShape';
import type { ModernChannel } from './modernChannel';
import { checkAck, parseCallOutcome, parseDetailedTask, type ModernCallOutcome, type ModernTask } from './taskShapes2026';
import { MetaKeys, TASKS_EXTENSION_ID } from './wire2026';

/** Bounds the short task requests (get, update, cancel); a tools/call waits as long as it takes. */
const TASK_REQUEST_TIMEOUT_MS = 60_000;

/** Answers to input requests, by the keys the server gave them (MRTR `InputResponses`). */
export type InputResponses = Record<string, Record<string, unknown>>;

export interface StatusListener {
  onTask(task: ModernTask): void;
  /** A notification that could not be read, raw. */
  onInvalid(raw: unknown): void;
  /** The server closed the stream, or refused it (`error`). */
  onEnd?(error?: unknown): void;
}

export class TaskProtocol2026 {
  readonly dialect = '2026-07-28';
  private listens = 0;

  constructor(private readonly channel: ModernChannel, private readonly logger: Logger) {}

  /** `retry`: the answers to the input requests of the previous round, and its `requestState`. */
  async callTool(call: ToolCall, retry?: { inputResponses: InputResponses; requestState?: unknown }, signal?: AbortSignal): Promise<ModernCallOutcome> {
    const params: Record<string, unknown> = { name: call.name, arguments: call.arguments ?? {} };
    if (retry) {
      params.inputResponses = retry.inputResponses;
      if (retry.requestState !== undefined) params.requestState = retry.requestState;
    }
    const raw = await this.channel.request('tools/call', params, signal ? { signal } : {});
    return this.read('tools/call', raw, (r) => {
      const outcome = parseCallOutcome(r);
      // A server must not answer a task to a request that did not declare the extension.
      if (outcome.kind === 'task' && !this.declaresTasks()) {
        throw new UnexpectedReplyError('tools/call: the server answered with a task handle although this request did not declare the tasks extension', r);
      }
      return outcome;
    });
  }

  private declaresTasks(): boolean {
    const extensions = this.channel.identity.capabilities.extensions;
    return typeof extensions === 'object' && extensions !== null && TASKS_EXTENSION_ID in extensions;
  }

  async getTask(taskId: string): Promise<ModernTask> {
    const raw = await this.channel.request('tasks/get', { taskId }, { timeoutMs: TASK_REQUEST_TIMEOUT_MS });
    return this.read('tasks/get', raw, (r) => parseDetailedTask(r, 'tasks/get'));
  }

  async updateTask(taskId: string, inputResponses: InputResponses): Promise<void> {
    const raw = await this.channel.request('tasks/update', { taskId, inputResponses }, { timeoutMs: TASK_REQUEST_TIMEOUT_MS });
    this.read('tasks/update', raw, (r) => checkAck(r, 'tasks/update'));
  }

  /** Asks the server to cancel; the acknowledgement does not mean the task is cancelled yet. */
  async cancelTask(taskId: string): Promise<void> {
    const raw = await this.channel.request('tasks/cancel', { taskId }, { timeoutMs: TASK_REQUEST_TIMEOUT_MS });
    this.read('tasks/cancel', raw, (r) => checkAck(r, 'tasks/cancel'));
  }

  /** Opens a subscriptions/listen stream for these tasks' status notifications; dispose to close it. */
  listen(taskIds: readonly string[], listener: StatusListener): Disposable {
    const id = `tasks-listen-${++this.listens}`;
    const wanted = new Set(taskIds);
    let open = true;
    const subscription = this.channel.onNotification('notifications/tasks', (params) => {
      const meta = params._meta as Record<string, unknown> | undefined;
      const streamId = meta?.[MetaKeys.subscriptionId];
      if (streamId !== undefined ? streamId !== id : !wanted.has(String(params.taskId))) return;
      let task: ModernTask;
      try {
        task = parseDetailedTask(params, 'notifications/tasks');
      } catch (err) {
        this.logUnexpected(err);
        return listener.onInvalid(params);
      }
      listener.onTask(task);
    });
    this.channel.request('subscriptions/listen', { notifications: { taskIds: [...taskIds] } }, { id }).then(
      () => { if (open) listener.onEnd?.(); },
      (error: unknown) => { if (open) listener.onEnd?.(error); },
    );
    return {
      dispose: () => {
        if (!open) return;
        open = false;
        subscription.dispose();
        this.channel.cancelRequest(id);
      },
    };
  }

  private read<T>(method: string, raw: unknown, parse: (raw: unknown) => T): T {
    try {
      return parse(raw);
    } catch (err) {
      this.logUnexpected(err, method);
      throw err;
    }
  }

  private logUnexpected(err: unknown, method?: string): void {
    if (err instanceof UnexpectedReplyError) this.logger.warn(`${method ? `${method}: ` : ''}${err.message}; the reply was ${err.raw}`);
  }
}
