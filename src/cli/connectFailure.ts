/**
 * Why a server could not be connected to, in plain words. Something that answered, but not as an
 * MCP server (a program that echoes its input, a web page's 404), is told apart from a server
 * that could not be started or reached: the fix is a different command or URL, not a retry.
 */
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { oneLine } from './errors';

/** JSON-RPC's answers to a request it does not understand: what a non-MCP peer says to initialize. */
const NOT_MCP_CODES = new Set<number>([ErrorCode.ParseError, ErrorCode.InvalidRequest, ErrorCode.MethodNotFound]);

/**
 * The JSON-RPC specification's own words for those codes. Through the task host only the words
 * of a failed start survive (its code is on an inner error the channel does not carry).
 */
const NOT_MCP_WORDS = new Set(['Parse error', 'Invalid Request', 'Method not found']);

/** HTTP statuses that mean nothing at the URL takes MCP requests. */
const NOT_MCP_STATUS = new Set([404, 405]);

/** The line to show for a failed connection to `where` (a quoted command or a URL). */
export function connectFailure(where: string, error: unknown): string {
  const notMcp = notAnMcpAnswer(error);
  if (notMcp) return `${where} did not answer as an MCP server: ${notMcp}`;
  return `cannot connect to ${where}: ${oneLine(error)}`;
}

/** What the peer answered, when it answered but not as an MCP server; undefined otherwise. */
export function notAnMcpAnswer(error: unknown): string | undefined {
  for (const e of causes(error)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'number') continue;
    if (NOT_MCP_STATUS.has(code)) {
      return `it answered HTTP ${code}${code === 404 ? ' (not found: check the URL\'s path)' : ' (method not allowed)'}`;
    }
    if (NOT_MCP_CODES.has(code)) return `its reply to initialize was the error "${words(e)}"`;
  }
  const text = words(error);
  if (NOT_MCP_WORDS.has(text)) return `its reply to initialize was the error "${text}"`;
  return undefined;
}

/** The error and the causes it wraps, outermost first. */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    chain.push(e);
    e = e instanceof Error ? e.cause : undefined;
  }
  return chain;
}

/** A message without the SDK's "MCP error <code>: " prefixes. */
function words(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/^(MCP error -?\d+: )+/, '').trim();
}
