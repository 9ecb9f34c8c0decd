/**
 * tasks/list cursors. They are opaque to the server; inside they hold the creation number of the
 * last task of the page, so a page boundary survives tasks being removed meanwhile.
 */
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';

const PREFIX = 'hosted-tasks:';

export function encodeCursor(lastSeq: number): string {
  return Buffer.from(`${PREFIX}${lastSeq}`, 'utf8').toString('base64url');
}

/** The creation number after which the page starts; -1 without a cursor. A cursor we did not make is -32602. */
export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return -1;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const digits = text.startsWith(PREFIX) ? text.slice(PREFIX.length) : '';
  if (!/^\d{1,15}$/.test(digits) || encodeCursor(Number(digits)) !== cursor) {
    throw new McpError(ErrorCode.InvalidParams, 'Invalid cursor for tasks/list');
  }
  return Number(digits);
}
