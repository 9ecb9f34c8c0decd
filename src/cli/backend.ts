/**
 * What the task commands run on: the background task host (tasks outlive this process and are
 * shared with editor windows and later calls) or, with --in-process, an engine of their own
 * that ends with the command. Both offer the same face, so the commands are written once.
 */
import type { ServerCapabilities, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Event } from '../core/events';
import type { TaskRecord } from '../core/model/taskRecord';
import type { CallModeOption } from '../core/tasks/callMode';
import type { TaskListPage } from '../core/tasks/taskProtocol';
import type { WireTask } from '../core/tasks/wireTask';
import { connectWithin } from './runtime';
import type { Target } from './target';

export interface ConnectedTarget {
  readonly serverId: string;
  readonly capabilities: ServerCapabilities | undefined;
  readonly tools: readonly Tool[];
}

export interface CallRequest {
  readonly tool: string;
  readonly args: Record<string, unknown>;
  readonly mode: CallModeOption;
  readonly ttl?: number;
  readonly deadlineMs?: number;
}

/** Task records as they change; `get` is the latest one seen. */
export interface TaskEvents {
  readonly onDidChangeTask: Event<TaskRecord>;
  get(key: string): TaskRecord | undefined;
}

export interface TaskBackend extends TaskEvents {
  /** 'host': tasks live on in the background task host after this process. */
  readonly where: 'host' | 'in-process';
  /** Connects to the target (and lists its tools, waiting for `wantTool` to show up). */
  connect(wantTool?: string): Promise<ConnectedTarget>;
  call(serverId: string, request: CallRequest, signal: AbortSignal): Promise<TaskRecord>;
  /** The record this backend already keeps of a server's task (the host keeps every task it ran). */
  find(serverId: string, taskId: string): Promise<TaskRecord | undefined>;
  /** Follows a task known by id (started elsewhere). */
  track(serverId: string, taskId: string): Promise<TaskRecord>;
  cancel(key: string): Promise<TaskRecord>;
  readResult(record: TaskRecord): Promise<Record<string, unknown> | undefined>;
  listServerTasks(serverId: string, cursor: string | undefined): Promise<TaskListPage>;
  getServerTask(serverId: string, taskId: string): Promise<WireTask>;
  dispose(): Promise<void>;
}

/** Connects or fails with exit 2 and one line that says why. */
export function connectTarget(backend: TaskBackend, target: Target, wantTool?: string): Promise<ConnectedTarget> {
  return connectWithin(target, () => backend.connect(wantTool));
}
