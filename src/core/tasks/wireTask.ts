/**
 * The task shape as servers send it, parsed leniently: a server that omits `lastUpdatedAt` or
 * `ttl`, or invents a status, should cost that one task a clear error, not the whole response.
 */
import * as z from 'zod';
import { MAX_POLL_INTERVAL_MS, MAX_TTL_MS } from '../model/limits';
import type { TaskStatus } from '../model/taskRecord';
import { serverDuration } from './serverDuration';

const WireTaskShape = z.looseObject({
  taskId: z.string(),
  status: z.string(),
  statusMessage: z.string().optional(),
  createdAt: z.string().optional(),
  lastUpdatedAt: z.string().optional(),
  // Any value: serverDuration decides, and a nonsense one costs only that field (a default applies).
  ttl: z.unknown().optional(),
  pollInterval: z.unknown().optional(),
});

type RawWireTask = z.infer<typeof WireTaskShape>;

export interface WireTask {
  taskId: string;
  status: string;
  statusMessage?: string;
  createdAt?: string;
  lastUpdatedAt?: string;
  /** Within [0, MAX_TTL_MS]; null: the server keeps the task without limit. */
  ttl?: number | null;
  /** Within [0, MAX_POLL_INTERVAL_MS]. */
  pollInterval?: number;
  [key: string]: unknown;
}

export const WireTaskSchema = WireTaskShape.transform(withinLimits);

/**
 * WireTaskSchema.parse without its cost for the common case: every poll, list entry and
 * notification is a task, and a plain field check accepts exactly what the schema accepts. Anything
 * else goes through the schema, which throws the usual validation error (a shape error).
 */
export function parseWireTask(raw: unknown): WireTask {
  return isPlainWireTask(raw) ? withinLimits(raw) : WireTaskSchema.parse(raw);
}

/** The task, or undefined when `raw` is not one. */
export function safeParseWireTask(raw: unknown): WireTask | undefined {
  if (isPlainWireTask(raw)) return withinLimits(raw);
  const parsed = WireTaskSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** The server's pollInterval and ttl as the host follows them (see model/limits.ts); the same object when they already fit. */
function withinLimits(task: RawWireTask): WireTask {
  const ttl = task.ttl === undefined || task.ttl === null ? task.ttl : serverDuration(task.ttl, MAX_TTL_MS);
  const pollInterval = task.pollInterval === undefined ? undefined : serverDuration(task.pollInterval, MAX_POLL_INTERVAL_MS);
  if (ttl === task.ttl && pollInterval === task.pollInterval) return task as WireTask;
  const { ttl: _ttl, pollInterval: _pollInterval, ...rest } = task;
  return {
    ...rest,
    ...(ttl !== undefined ? { ttl } : {}),
    ...(pollInterval !== undefined ? { pollInterval } : {}),
  };
}

function isPlainWireTask(raw: unknown): raw is RawWireTask {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const t = raw as Record<string, unknown>;
  return typeof t.taskId === 'string'
    && typeof t.status === 'string'
    && optionalString(t.statusMessage)
    && optionalString(t.createdAt)
    && optionalString(t.lastUpdatedAt);
}

function optionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}

export type WireStatus = 'working' | 'input_required' | 'completed' | 'failed' | 'cancelled';

const WIRE_STATUSES: ReadonlySet<string> = new Set(['working', 'input_required', 'completed', 'failed', 'cancelled']);

/** The protocol's own statuses; anything else is a protocol error for that task. */
export function parseWireStatus(status: string): WireStatus | undefined {
  return WIRE_STATUSES.has(status) ? (status as WireStatus) : undefined;
}

export function isWireTerminal(status: WireStatus): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled';
}

export function asTaskStatus(status: WireStatus): TaskStatus {
  return status;
}

/** What is missing from a task the spec says must be there (for a warning, not a failure). */
export function missingRequiredFields(task: WireTask): string[] {
  const missing: string[] = [];
  if (task.createdAt === undefined) missing.push('createdAt');
  if (task.lastUpdatedAt === undefined) missing.push('lastUpdatedAt');
  if (task.ttl === undefined) missing.push('ttl');
  return missing;
}
