/**
 * What the parts of the task engine share. The engine implements it; the parts (starter,
 * tracker, session watch, deadlines) receive it, so each part stays small and testable.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { TaskRecordStore } from '../ledger/types';
import type { Clock, Logger } from '../ports';
import type { McpServerHandle, ServerSession } from '../servers/types';
import type { TaskEngineSettings } from './engineSettings';
import type { OutputValidator } from './outputValidation';
import type { PollScheduler } from './pollScheduler';
import type { TaskProtocol } from './taskProtocol';
import type { TaskError, TaskRecord } from './taskRecord';
import type { TaskPatch } from './transitions';

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

/** Runtime state of a task this process is working on (never persisted). */
export interface LiveTask {
  readonly key: string;
  /** The client of the session the task belongs to; a new session means a new client. */
  client?: Client;
  /** The task's tasks/result request (blocking while the task runs); kept once answered. */
  result?: Promise<ResultOutcome>;
  /** Gives up waiting on `result` while it is unanswered. */
  resultWait?: AbortController;
  /** `result` has not been answered yet. */
  resultPending?: boolean;
  /** `result` was asked for before the task was known to have ended (it waits for the end). */
  resultEarly?: boolean;
  /** The server answered an early tasks/result before the task ended: its end is found by polling. */
  answeredEarly?: boolean;
  /** The move to a final state in progress (fetching and storing the result). */
  finishing?: Promise<void>;
  /** The final status the server reported when `finishing` began. */
  endingAs?: 'completed' | 'failed';
  /** Aborts a plain call (or a creation request) in flight. */
  abort?: AbortController;
}

export type ResultOutcome =
  | { ok: true; result: import('@modelcontextprotocol/sdk/types.js').CallToolResult }
  | { ok: false; error: unknown };

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
