/**
 * Checks that a reply is a tool result (CallToolResultSchema) without running the schema for the
 * common shape: text content, optional structured content, isError and the related-task marker.
 * The shortcut accepts only values the schema would accept and return unchanged; anything else
 * (images, annotations, extra keys the schema strips, a missing content list) goes through the
 * schema itself, so the outcome, and its validation error, are the schema's.
 */
import { CallToolResultSchema, RELATED_TASK_META_KEY, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** How much of an unexpected reply an error message and the log keep. */
const RAW_EXCERPT_CHARS = 500;

/**
 * A reply that is not what the request can return. It carries `issues` like a schema error, so
 * callers classify it as a protocol error, and an excerpt of the reply for the log.
 */
export class UnexpectedReplyError extends Error {
  override readonly name = 'UnexpectedReplyError';
  readonly issues: { message: string }[];
  readonly raw: string;

  constructor(what: string, raw: unknown) {
    super(what);
    this.issues = [{ message: what }];
    this.raw = excerpt(raw);
  }
}

export function excerpt(raw: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(raw) ?? String(raw);
  } catch {
    text = String(raw);
  }
  return text.length > RAW_EXCERPT_CHARS ? `${text.slice(0, RAW_EXCERPT_CHARS)}…` : text;
}

/**
 * A tool result, or an UnexpectedReplyError. The SDK's schema fills in a missing content list
 * with an empty one, so a reply of another kind (a 2026-07-28 task handle, an input request)
 * would pass as an empty success: what a reply says it is, and its content, are checked first.
 */
export function parseToolResult(raw: unknown): CallToolResult {
  if (isRecord(raw)) {
    const resultType = raw.resultType;
    if (resultType === 'task') {
      throw new UnexpectedReplyError('the server answered with a task handle (resultType "task", MCP 2026-07-28) this request did not ask for; its result cannot be fetched this way', raw);
    }
    if (resultType !== undefined && resultType !== 'complete') {
      throw new UnexpectedReplyError(`the server answered with a result of type ${JSON.stringify(resultType).slice(0, 100)} instead of a tool result`, raw);
    }
    if (raw.content === undefined && raw.structuredContent === undefined) {
      throw new UnexpectedReplyError('the server answered with a result that has no content', raw);
    }
  }
  return isPlainToolResult(raw) ? raw : CallToolResultSchema.parse(raw);
}

function isPlainToolResult(raw: unknown): raw is CallToolResult {
  if (!isRecord(raw)) return false;
  if (!Array.isArray(raw.content) || !raw.content.every(isPlainTextContent)) return false;
  if (raw.structuredContent !== undefined && !isRecord(raw.structuredContent)) return false;
  if (raw.isError !== undefined && typeof raw.isError !== 'boolean') return false;
  return raw._meta === undefined || isPlainResultMeta(raw._meta);
}

/** { type: 'text', text, _meta? } and nothing else (the schema strips unknown keys of content). */
function isPlainTextContent(item: unknown): boolean {
  if (!isRecord(item) || item.type !== 'text' || typeof item.text !== 'string') return false;
  for (const key in item) {
    if (key !== 'type' && key !== 'text' && key !== '_meta') return false;
  }
  return item._meta === undefined || isRecord(item._meta);
}

/** A loose object whose progressToken and related-task marker, when present, have their exact shapes. */
function isPlainResultMeta(meta: unknown): boolean {
  if (!isRecord(meta)) return false;
  const token = meta.progressToken;
  if (token !== undefined && typeof token !== 'string' && !Number.isSafeInteger(token)) return false;
  const related = meta[RELATED_TASK_META_KEY];
  if (related === undefined) return true;
  if (!isRecord(related) || typeof related.taskId !== 'string') return false;
  for (const key in related) if (key !== 'taskId') return false;
  return true;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
