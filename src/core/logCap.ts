/** Log lines are kept short: a server's result or output may be megabytes, and logs are for people. */

/** The longest message written to a log. */
export const LOG_MESSAGE_LIMIT = 8000;

export function capLogMessage(message: string, limit = LOG_MESSAGE_LIMIT): string {
  return message.length <= limit ? message : `${message.slice(0, limit)}… (${message.length} characters, cut)`;
}

/** Longest string kept whole when a message is previewed for a trace. */
const PREVIEW_STRING = 500;

/**
 * A JSON text of a value for a trace line, at most `limit` characters, without first writing the
 * whole value out: long strings are cut while the copy is made, so a 50 MB result costs little.
 */
export function previewJson(value: unknown, limit = LOG_MESSAGE_LIMIT): string {
  const text = JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'string' && v.length > PREVIEW_STRING ? `${v.slice(0, PREVIEW_STRING)}… (${v.length} characters)` : v);
  return capLogMessage(text ?? String(value), limit);
}
