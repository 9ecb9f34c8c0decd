/**
 * The task record: the unit of truth shared by the engine, the ledger and every view.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** The protocol's statuses, plus two the host derives: the server forgot the task, or we lost it. */
export type TaskStatus =
  | 'working'
  | 'input_required'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'expired'           // -32602 on get/result: expired or unknown to the server (terminal)
  | 'connection_lost';  // the connection went away; tracking resumes after reconnect (not terminal)

export const TERMINAL_STATUSES: ReadonlySet<TaskStatus> = new Set(['completed', 'failed', 'cancelled', 'expired']);

export function isTerminalStatus(status: TaskStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

/**
 * task: a server-side task we requested (tools/call with params.task).
 * call: a plain tools/call shown as a running entry so every long call is visible.
 * hosted: a task the server asked the host to run (sampling/elicitation as a task).
 */
export type TaskKind = 'task' | 'call' | 'hosted';

/**
 * Who asked for the call when it was not the person through the UI: 'chat' = an agent through
 * the editor's language model tools. Kept on the record so every view can tell them apart.
 */
export type TaskOrigin = 'chat';

/** The protocol revision a server task was created in; its later requests must be in the same one. */
export type TaskDialect = '2025-11-25' | '2026-07-28';

/** Records written before a second revision existed carry no dialect. */
export function dialectOf(record: TaskRecord): TaskDialect {
  return record.dialect ?? '2025-11-25';
}

/** Why something went wrong, so the UI can say something precise. */
export type ErrorKind =
  | 'tool-error'       // the tool's own isError result
  | 'server-error'     // a JSON-RPC error from the server
  | 'protocol'         // the server broke the protocol (bad shape, unknown status, illegal transition)
  | 'transport'        // could not reach the server
  | 'connection-lost'
  | 'host-lost'        // the task host that follows the task went away (a client's view only)
  | 'expired'
  | 'cancelled'
  | 'timeout'          // our deadline or idle timeout
  | 'user-declined';

export interface TaskError {
  kind: ErrorKind;
  message: string;
  code?: number;
}

export interface TaskProgress {
  progress: number;
  total?: number;
  message?: string;
}

/** A result kept inline, or in a file of its own when large. */
export type StoredResult =
  | { kind: 'inline'; value: CallToolResult | Record<string, unknown> }
  | { kind: 'file'; path: string; bytes: number };

export interface TaskRecord {
  /**
   * serverId + '/' + taskId when the record is created; unique in the ledger. A plain call that
   * the server turned into a task (it refused the call as "needs a task") keeps its first key
   * while `taskId` becomes the server's id.
   */
  key: string;
  serverId: string;
  serverLabel: string;
  /** The server's taskId (kind task), our own id (kinds call and hosted). */
  taskId: string;
  kind: TaskKind;
  /** Tool name; for hosted tasks the method ('sampling/createMessage', 'elicitation/create'). */
  tool: string;
  args?: Record<string, unknown>;
  /** What we asked for (undefined = nothing asked) and what the server granted (null = unlimited). */
  requestedTtl?: number;
  ttl?: number | null;
  pollInterval?: number;
  status: TaskStatus;
  statusMessage?: string;
  progress?: TaskProgress;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
  finishedAt?: number;
  result?: StoredResult;
  error?: TaskError;
  /** Optional wall-clock deadline (epoch ms) and idle timeout (ms without any sign of life). */
  deadline?: number;
  idleTimeoutMs?: number;
  /** Absent for calls a person started. */
  origin?: TaskOrigin;
  /** Server tasks (kind task) only; absent in records of 2025-11-25 written before this field. */
  dialect?: TaskDialect;
}

/**
 * The key of a server's task. Server ids and task ids may both contain "/", so the task id is
 * encoded: the last "/" always separates the two, and no two tasks share a key. (Ids made of
 * letters, digits and "-_.~" read the same encoded, so keys already stored keep their meaning.)
 */
export function taskKey(serverId: string, taskId: string): string {
  return `${serverId}/${encodeURIComponent(taskId)}`;
}

/** The task id in a key made by taskKey. */
export function taskIdOfKey(key: string): string {
  return decodeURIComponent(key.slice(key.lastIndexOf('/') + 1));
}
