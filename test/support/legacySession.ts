/** The SDK Client of a session that must be of MCP 2025-11-25 (the servers these tests start speak it). */
import * as assert from 'node:assert/strict';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ServerSession } from '../../src/core/servers/types';

export function sdkClient(session: ServerSession | undefined): Client {
  assert.ok(session, 'no session');
  assert.equal(session.dialect, '2025-11-25', 'the server was expected to speak MCP 2025-11-25');
  if (session.dialect !== '2025-11-25') throw new Error('unreachable');
  return session.client;
}
