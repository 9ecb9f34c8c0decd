/**
 * Reading the tasks extension's replies into one task model. A reply that cannot be read is an
 * UnexpectedReplyError carrying an excerpt of it, never an empty success.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { parseToolResult, UnexpectedReplyError } from '../toolResultShape';
import {
  CompleteMarkerSchema, DetailedTaskSchema, InputRequiredSchema, resultTypeOf, type DetailedTaskWire, type InputRequest, type JsonRpcErrorShape,
} from './wire2026';

interface TaskBase {
  taskId: string;
  statusMessage?: string;
  createdAt?: string;
  lastUpdatedAt?: string;
  /** null: kept without limit; undefined: the server did not say. */
  ttlMs?: number | null;
  pollIntervalMs?: number;
}

/** A task of the tasks extension with what its status brings inline. */
export type ModernTask = TaskBase & (
  | { status: 'working' }
  | { status: 'input_required'; inputRequests: Record<string, InputRequest> }
  | { status: 'completed'; result: CallToolResult }
  | { status: 'failed'; error: JsonRpcErrorShape }
  | { status: 'cancelled' }
);

/** A tools/call answered by a task, at once, or with questions to answer before it runs (MRTR). */
export type ModernCallOutcome =
  | { kind: 'task'; task: ModernTask }
  | { kind: 'result'; result: CallToolResult }
  | { kind: 'input'; inputRequests: Record<string, InputRequest>; requestState?: unknown };

export function parseCallOutcome(raw: unknown): ModernCallOutcome {
  const resultType = resultTypeOf(raw);
  if (resultType === 'task') return { kind: 'task', task: parseTask(raw, 'tools/call') };
  if (resultType === 'input_required') {
    const parsed = InputRequiredSchema.safeParse(raw);
    if (!parsed.success) throw new UnexpectedReplyError(`tools/call: the server asked for input, but not in the form of input requests (${parsed.error.issues[0]?.message ?? 'invalid'})`, raw);
    const { inputRequests, requestState } = parsed.data;
    return requestState === undefined ? { kind: 'input', inputRequests } : { kind: 'input', inputRequests, requestState };
  }
  // An inline result, with or without its own resultType; parseToolResult refuses any other kind.
  return { kind: 'result', result: parseToolResult(raw) };
}

/** A `tasks/get` reply or a `notifications/tasks` payload. */
export function parseDetailedTask(raw: unknown, source: string): ModernTask {
  const marker = CompleteMarkerSchema.safeParse(raw);
  if (!marker.success) throw new UnexpectedReplyError(`${source}: the reply says resultType ${JSON.stringify(resultTypeOf(raw))}, not "complete"`, raw);
  return parseTask(raw, source);
}

/** `tasks/update` and `tasks/cancel` answer with an empty acknowledgement. */
export function checkAck(raw: unknown, source: string): void {
  if (!CompleteMarkerSchema.safeParse(raw).success) {
    throw new UnexpectedReplyError(`${source}: the acknowledgement says resultType ${JSON.stringify(resultTypeOf(raw))}, not "complete"`, raw);
  }
}

function parseTask(raw: unknown, source: string): ModernTask {
  const parsed = DetailedTaskSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new UnexpectedReplyError(`${source}: the reply is not a task (${issue?.message ?? 'invalid'}${where})`, raw);
  }
  return toModel(parsed.data, source);
}

function toModel(wire: DetailedTaskWire, source: string): ModernTask {
  const base: TaskBase = { taskId: wire.taskId };
  if (wire.statusMessage !== undefined) base.statusMessage = wire.statusMessage;
  if (wire.createdAt !== undefined) base.createdAt = wire.createdAt;
  if (wire.lastUpdatedAt !== undefined) base.lastUpdatedAt = wire.lastUpdatedAt;
  if (wire.ttlMs !== undefined) base.ttlMs = wire.ttlMs;
  if (wire.pollIntervalMs !== undefined) base.pollIntervalMs = wire.pollIntervalMs;
  switch (wire.status) {
    case 'working':
    case 'cancelled':
      return { ...base, status: wire.status };
    case 'input_required':
      return { ...base, status: 'input_required', inputRequests: wire.inputRequests };
    case 'failed':
      return { ...base, status: 'failed', error: wire.error };
    case 'completed':
      try {
        return { ...base, status: 'completed', result: parseToolResult(wire.result) };
      } catch (err) {
        if (err instanceof UnexpectedReplyError) throw new UnexpectedReplyError(`${source}: the completed task's result is not a tool result (${err.message})`, wire);
        throw new UnexpectedReplyError(`${source}: the completed task's result is not a tool result`, wire);
      }
  }
}
