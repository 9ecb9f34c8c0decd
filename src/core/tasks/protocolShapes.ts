/** What a task request and its answers look like to the engine, in every dialect. */
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js';
import type { WireTask } from './wireTask';

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

/**
 * The longest timer Node accepts (about 24.8 days); longer values fire at once. Blocking result
 * requests and plain calls use it so the SDK's 60 s default never ends a long task: our own
 * deadlines and idle timeouts decide instead.
 */
export const NO_TIMEOUT_MS = 2_147_483_647;

