/**
 * The CLI's exit codes and the errors that carry them. Anything else that reaches the top is an
 * unexpected failure and is reported the same way (one line, exit 2) unless debugging is on.
 */

export const EXIT_OK = 0;
/** The task or call ran and did not complete: failed, cancelled, expired, connection lost. */
export const EXIT_FAILED = 1;
/** Nothing ran: bad usage, bad input, or the server could not be reached or started. */
export const EXIT_USAGE = 2;

/** Bad command line or input the user can fix; exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** An outcome with a specific exit code and a one-line reason for stderr. */
export class CliExit extends Error {
  override readonly name = 'CliExit';
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

/**
 * One line, whatever the error. A cause is appended only to a terse message ("fetch failed"),
 * where it is the useful part; newlines are collapsed.
 */
export function oneLine(error: unknown): string {
  let text = messageOf(error);
  let current: unknown = error instanceof Error ? error.cause : undefined;
  for (let depth = 0; current !== undefined && current !== null && depth < 3 && text.length < TERSE; depth++) {
    const cause = messageOf(current);
    if (cause && !text.includes(cause)) text = `${text}: ${cause}`;
    current = current instanceof Error ? current.cause : undefined;
  }
  return collapse(text || 'unknown error');
}

/** Messages shorter than this say too little on their own. */
const TERSE = 30;

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null | undefined)?.code;
  if (typeof code === 'string' && !text.includes(code)) return `${text} (${code})`;
  // The SDK's HTTP transport errors carry the status only as `code`.
  if (typeof code === 'number' && code >= 100 && code < 600 && !text.includes(String(code))) return `${text} (HTTP ${code})`;
  return text;
}

export function collapse(text: string): string {
  const parts = text.replace(/^(MCP error -?\d+: )+/, '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return parts.reduce((line, part) => (line === '' ? part : /[:.;,]$/.test(line) ? `${line} ${part}` : `${line}; ${part}`), '');
}
