/**
 * What the parts of the task engine share. The engine implements it; the parts (starter,
 * tracker, session watch, deadlines) receive it, so each part stays small and testable.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { TaskRecordStore } from '../model/recordStore';
import type { Clock, Logger } from '../ports';
import type { McpServerHandle, ServerSession } from '../servers/types';
import type { TaskEngineSettings } from './engineSettings';
import type { OutputValidator } from './outputValidation';
import type { PollScheduler } from './pollScheduler';
import type { TaskProtocol } from './taskProtocol';
import type { TaskError, TaskRecord } from '../model/taskRecord';
import type { TaskPatch } from '../model/transitions';
import type { LiveTask } from './liveTask';

/** Requests sent (and notifications received) for one task: the numbers behind the benchmarks. */
export interface RequestCounts {
  create: number;
  call: number;
  get: number;
  result: number;
  cancel: number;
  notifications: number;
}

export function emptyCounts(): RequestCounts {
  return { create: 0, call: 0, get: 0, result: 0, cancel: 0, notifications: 0 };
}

export interface EngineContext {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly settings: TaskEngineSettings;
  readonly protocol: TaskProtocol;
  readonly store: TaskRecordStore;
  readonly scheduler: PollScheduler;
  readonly validator: OutputValidator;
  record(key: string): TaskRecord | undefined;
  /** Records of one server (for session changes). */
  recordsOf(serverId: string): TaskRecord[];
  keyFor(serverId: string, taskId: string): string | undefined;
  live(key: string): LiveTask;
  counts(key: string): RequestCounts;
  /** Adds a new record: persisted, indexed, announced. */
  add(record: TaskRecord): void;
  /** The one way a record changes (see transitions.ts); terminal records are stored durably first. */
  commit(key: string, patch: TaskPatch): Promise<TaskRecord | undefined>;
  server(serverId: string): McpServerHandle;
  /** An initialized session for the server, connecting on demand, with status notifications wired. */
  session(serverId: string): Promise<ServerSession>;
  /** Cancels in the background (a local abort); failures are logged. */
  cancel(key: string, why: TaskError): void;
  /** A sign of life (progress, status change): resets the idle timeout. */
  touch(key: string): void;
  /** A task was created on a session (its listing grows). */
  taskCreated(serverId: string, client: Client): void;
  /** Waits on the task's tasks/result from now on, when its session has room for one more (ResultHolds). */
  holdResult(key: string): void;
}
