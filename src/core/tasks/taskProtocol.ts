/**
 * The engine's one way to speak tasks, whatever the session's dialect: MCP 2025-11-25 (SEP-1686,
 * on the SDK Client) or 2026-07-28 with the tasks extension (on a ModernLink). Each operation
 * goes to the session's own dialect; the engine sees one task model.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import type { Disposable } from '../events';
import { ErrorCodes } from '../model/errorCodes';
import type { Logger } from '../ports';
import type { ServerSession } from '../servers/types';
import { LegacyTaskProtocol } from './legacyTaskProtocol';
import type { CallOptions, CreateOutcome, TaskListPage, ToolCall } from './protocolShapes';
import type { WireTask } from './wireTask';

export { NO_TIMEOUT_MS, type CallOptions, type CreateOutcome, type TaskListPage, type ToolCall } from './protocolShapes';

export interface TaskProtocol {
  createTask(session: ServerSession, call: ToolCall, ttl: number | undefined, options: CallOptions): Promise<CreateOutcome>;
  callTool(session: ServerSession, call: ToolCall, options: CallOptions): Promise<CallToolResult>;
  getTask(session: ServerSession, taskId: string): Promise<WireTask>;
  /**
   * The result of a task; with `signal`, waits for the end (the server may ask its questions
   * meanwhile) and gives up the wait on abort (the task runs on).
   */
  getTaskResult(session: ServerSession, taskId: string, signal?: AbortSignal): Promise<CallToolResult>;
  cancelTask(session: ServerSession, taskId: string): Promise<WireTask>;
  listTasks(session: ServerSession, cursor: string | undefined): Promise<TaskListPage>;
  /** Subscribes to status notifications of one session; dispose to unsubscribe. */
  onStatus(session: ServerSession, handler: (task: WireTask) => void, onInvalid: (raw: unknown) => void): Disposable;
  /**
   * Whether a result request can wait on the server for the task's end (2025-11-25 tasks/result).
   * In 2026-07-28 the result comes inline with the final status, so polls bring it.
   */
  waitsOnServer(session: ServerSession): boolean;
  /** Lets the session drop what it kept for a finished task. */
  release(session: ServerSession, taskId: string): void;
}

export class SessionTaskProtocol implements TaskProtocol {
  private readonly legacy: LegacyTaskProtocol;

  constructor(logger: Logger) {
    this.legacy = new LegacyTaskProtocol(logger);
  }

  createTask(session: ServerSession, call: ToolCall, ttl: number | undefined, options: CallOptions): Promise<CreateOutcome> {
    return session.dialect === '2026-07-28' ? session.link.createTask(call, options.signal) : this.legacy.createTask(session.client, call, ttl, options);
  }

  callTool(session: ServerSession, call: ToolCall, options: CallOptions): Promise<CallToolResult> {
    return session.dialect === '2026-07-28' ? session.link.callTool(call, options.signal) : this.legacy.callTool(session.client, call, options);
  }

  getTask(session: ServerSession, taskId: string): Promise<WireTask> {
    return session.dialect === '2026-07-28' ? session.link.getTask(taskId) : this.legacy.getTask(session.client, taskId);
  }

  getTaskResult(session: ServerSession, taskId: string, signal?: AbortSignal): Promise<CallToolResult> {
    return session.dialect === '2026-07-28' ? session.link.result(taskId, signal) : this.legacy.getTaskResult(session.client, taskId, signal);
  }

  cancelTask(session: ServerSession, taskId: string): Promise<WireTask> {
    return session.dialect === '2026-07-28' ? session.link.cancelTask(taskId) : this.legacy.cancelTask(session.client, taskId);
  }

  listTasks(session: ServerSession, cursor: string | undefined): Promise<TaskListPage> {
    if (session.dialect === '2026-07-28') {
      return Promise.reject(new McpError(ErrorCodes.MethodNotFound, 'MCP 2026-07-28 has no tasks/list'));
    }
    return this.legacy.listTasks(session.client, cursor);
  }

  onStatus(session: ServerSession, handler: (task: WireTask) => void, onInvalid: (raw: unknown) => void): Disposable {
    if (session.dialect === '2026-07-28') return session.link.onStatus(handler, onInvalid);
    return this.legacy.onStatus(session.client, handler, onInvalid);
  }

  waitsOnServer(session: ServerSession): boolean {
    return session.dialect === '2025-11-25';
  }

  release(session: ServerSession, taskId: string): void {
    if (session.dialect === '2026-07-28') session.link.release(taskId);
    else this.legacy.release(session.client, taskId);
  }
}
