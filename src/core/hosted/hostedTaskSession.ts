/**
 * The wire side of hosted tasks for one MCP session: answers a task-augmented request with a
 * CreateTaskResult while the work runs in the background, and serves tasks/get, the blocking
 * tasks/result, tasks/list and tasks/cancel with the protocol's errors.
 */
import {
  ErrorCode,
  McpError,
  RELATED_TASK_META_KEY,
  type CreateTaskResult,
  type ListTasksResult,
  type Result,
  type Task,
} from '@modelcontextprotocol/sdk/types.js';
import type { HostedMethod, HostedOutcome, HostedTask } from './hostedTask';
import type { HostedTaskKeeper, HostedTaskScope } from './hostedTaskScope';
import { decodeCursor, encodeCursor } from './taskCursor';

/** The work of a hosted task: the host's own handling of the request, cancellable through `signal`. */
export type HostedWork = (signal: AbortSignal, taskId: string) => Promise<Result>;

export class HostedTaskSession {
  constructor(
    private readonly service: HostedTaskKeeper,
    private readonly scope: HostedTaskScope,
  ) {}

  /** Creates the task, starts the work without waiting for it, and returns what the server gets at once. */
  start(
    method: HostedMethod,
    requestedTtl: unknown,
    statusMessage: string | undefined,
    work: HostedWork,
    args?: Record<string, unknown>,
  ): CreateTaskResult {
    const task = this.service.create(this.scope, method, requestedTtl, statusMessage, args);
    const signal = task.controller.signal;
    void Promise.resolve()
      .then(() => work(signal, task.taskId))
      .then(
        (value): HostedOutcome => ({ kind: 'result', value }),
        (error: unknown): HostedOutcome => errorOutcome(error),
      )
      .then((outcome) => this.service.settle(task, outcome))
      // settle only updates state and fires guarded events; nothing may escape as an unhandled rejection.
      .catch(() => undefined);
    return { task: task.toWire() };
  }

  get(taskId: string): Task {
    return this.known(taskId).toWire();
  }

  /** Blocks while the task works; then its result (with the related-task marker) or its error. */
  async result(taskId: string, signal: AbortSignal): Promise<Result> {
    const task = this.known(taskId);
    if (!task.terminal) await untilAborted(task.whenFinished(), signal);
    this.known(taskId); // it may have expired while we waited
    const outcome = task.outcome;
    // A cancelled task has a result only when cancelling gave one (an elicitation the user cancelled).
    if ((task.record.status === 'completed' || task.record.status === 'cancelled') && outcome?.kind === 'result') {
      return { ...outcome.value, _meta: { ...outcome.value._meta, [RELATED_TASK_META_KEY]: { taskId } } };
    }
    if (outcome?.kind === 'error') throw wireError(outcome);
    throw new McpError(ErrorCode.InternalError, `Task ${taskId} was ${task.record.status}: ${task.record.statusMessage ?? 'no result'}`);
  }

  list(cursor: string | undefined): ListTasksResult {
    const after = decodeCursor(cursor);
    const rest = this.service.tasksOf(this.scope).filter((t) => t.seq > after);
    const page = rest.slice(0, this.service.pageSize);
    const result: ListTasksResult = { tasks: page.map((t) => t.toWire()) };
    if (rest.length > page.length) result.nextCursor = encodeCursor(page[page.length - 1].seq);
    return result;
  }

  cancel(taskId: string): Task {
    const task = this.known(taskId);
    if (task.terminal) {
      throw new McpError(ErrorCode.InvalidParams, `Cannot cancel task ${taskId}: it is already ${task.record.status}`);
    }
    this.service.cancelByServer(task);
    return task.toWire();
  }

  /** The session ended: running work is aborted and the session's tasks are forgotten. */
  close(why = 'The server session ended'): void {
    this.service.closeScope(this.scope, why);
  }

  private known(taskId: string): HostedTask {
    const task = this.service.find(this.scope, taskId);
    if (!task) throw new McpError(ErrorCode.InvalidParams, `Unknown or expired task: ${String(taskId).slice(0, 100)}`);
    return task;
  }
}

/** A failed request is stored as the JSON-RPC error it would have returned (same code, message, data). */
function errorOutcome(error: unknown): HostedOutcome {
  const { code, data } = (error ?? {}) as { code?: unknown; data?: unknown };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'error', code: Number.isSafeInteger(code) ? (code as number) : ErrorCode.InternalError, message, data };
}

/**
 * The SDK replies with an error's own code, message and data; a plain Error keeps the message as
 * stored (an McpError would add a second "MCP error <code>:" prefix).
 */
function wireError(outcome: Extract<HostedOutcome, { kind: 'error' }>): Error {
  return Object.assign(new Error(outcome.message), { code: outcome.code, data: outcome.data });
}

/** Waits for `promise` unless the request waiting for it is cancelled first. */
function untilAborted(promise: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(new McpError(ErrorCode.InvalidRequest, 'Request cancelled'));
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new McpError(ErrorCode.InvalidRequest, 'Request cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}
