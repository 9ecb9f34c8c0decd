/**
 * Going on with a saved Streamable HTTP session. The SDK client skips initialize when its
 * transport already has a session id, and then knows nothing of the server; it has no public way
 * to be told, so the three fields its initialize would have set are set here, in this one place.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { SavedHttpSession } from './types';

interface InitializedFields {
  _serverCapabilities?: unknown;
  _serverVersion?: unknown;
  _instructions?: unknown;
}

export function restoreInitialized(client: Client, transport: Transport, saved: SavedHttpSession): void {
  transport.setProtocolVersion?.(saved.protocolVersion);
  const fields = client as unknown as InitializedFields;
  fields._serverCapabilities = saved.capabilities;
  fields._serverVersion = saved.serverInfo;
  fields._instructions = saved.instructions;
}

/** The session a launch runs on, to be saved; undefined for stdio, legacy SSE or a session-less server. */
export function savedSessionOf(client: Client, transport: Transport | undefined): SavedHttpSession | undefined {
  if (!(transport instanceof StreamableHTTPClientTransport)) return undefined;
  const sessionId = transport.sessionId;
  const protocolVersion = transport.protocolVersion;
  const capabilities = client.getServerCapabilities();
  if (!sessionId || !protocolVersion || !capabilities) return undefined;
  const serverInfo = client.getServerVersion();
  const instructions = client.getInstructions();
  return { sessionId, protocolVersion, capabilities, ...(serverInfo ? { serverInfo } : {}), ...(instructions ? { instructions } : {}) };
}
