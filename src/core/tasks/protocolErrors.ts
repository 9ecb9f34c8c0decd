/**
 * Classifies errors from protocol requests by their JSON-RPC code (never by message text: the
 * SDK prefixes messages, sometimes twice).
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ErrorCodes as ErrorCode } from '../model/errorCodes';
import type { ErrorKind, TaskError } from '../model/taskRecord';

/**
 * The JSON-RPC error code of an error, when it has one. Read from the error's shape, not its
 * class: errors cross bundles (the window's and the engine's) and the task host's channel.
 */
export function errorCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** -32602 on tasks/get, tasks/result or tasks/cancel: the server does not know (or no longer knows) the task. */
export function isUnknownTaskError(error: unknown): boolean {
  return errorCode(error) === ErrorCode.InvalidParams;
}

/** The connection went away under the request (process exit, transport closed). */
export function isConnectionError(error: unknown): boolean {
  return errorCode(error) === ErrorCode.ConnectionClosed;
}

/** A server refusing a plain call because the tool must run as a task. */
export function isNeedsTaskError(error: unknown): boolean {
  const code = errorCode(error);
  return code === ErrorCode.MethodNotFound || code === ErrorCode.InvalidRequest;
}

/**
 * SDK servers turn that refusal into an isError result whose text carries the code; the code is
 * the only stable part of that text, so it is what we look for.
 */
export function isNeedsTaskResult(result: CallToolResult): boolean {
  if (!result.isError) return false;
  const code = new RegExp(`(^|[^\\d-])${ErrorCode.MethodNotFound}(?!\\d)`);
  return result.content.some((item) => item.type === 'text' && code.test(item.text));
}

export function errorMessage(error: unknown): string {
  // The SDK's McpError prefixes "MCP error <code>: "; keep the server's own words once.
  if (error instanceof Error) return error.message.replace(/^(MCP error -?\d+: )+/, '');
  return String(error);
}

export function toTaskError(kind: ErrorKind, error: unknown, prefix?: string): TaskError {
  const message = errorMessage(error);
  const code = errorCode(error);
  return {
    kind,
    message: prefix ? `${prefix}: ${message}` : message,
    ...(code !== undefined ? { code } : {}),
  };
}

/** A short text of a tool's isError result, for the record's error message. */
export function toolErrorText(result: CallToolResult): string {
  const texts = result.content.flatMap((item) => (item.type === 'text' ? [item.text] : []));
  const text = texts.join('\n').trim();
  if (!text) return 'the tool reported an error';
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

/** A reply that arrived but did not have the expected shape (a schema validation failure). */
export function isShapeError(error: unknown): boolean {
  return error instanceof Error && Array.isArray((error as { issues?: unknown }).issues);
}
