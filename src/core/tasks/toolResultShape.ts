/**
 * Checks that a reply is a tool result (CallToolResultSchema) without running the schema for the
 * common shape: text content, optional structured content, isError and the related-task marker.
 * The shortcut accepts only values the schema would accept and return unchanged; anything else
 * (images, annotations, extra keys the schema strips, a missing content list) goes through the
 * schema itself, so the outcome, and its validation error, are the schema's.
 */
import { CallToolResultSchema, RELATED_TASK_META_KEY, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';

export function parseToolResult(raw: unknown): CallToolResult {
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
