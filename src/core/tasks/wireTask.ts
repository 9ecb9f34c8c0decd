/**
 * The task shape as servers send it, parsed leniently: a server that omits `lastUpdatedAt` or
 * `ttl`, or invents a status, should cost that one task a clear error, not the whole response.
 */
import * as z from 'zod';
import type { TaskStatus } from './taskRecord';

export const WireTaskSchema = z.looseObject({
  taskId: z.string(),
  status: z.string(),
  statusMessage: z.string().optional(),
  createdAt: z.string().optional(),
  lastUpdatedAt: z.string().optional(),
  ttl: z.number().nullable().optional(),
  pollInterval: z.number().optional(),
});

export type WireTask = z.infer<typeof WireTaskSchema>;

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
