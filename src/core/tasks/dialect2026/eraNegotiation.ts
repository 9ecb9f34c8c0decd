/**
 * Which protocol era a server speaks, found the way 2026-07-28 prescribes for a client that speaks
 * both: a `server/discover` probe with the modern envelope. A discover result, or an error only a
 * modern server gives, means modern; any other error, an HTTP 4xx without such an error, or no
 * answer within the probe's deadline means legacy, and the caller goes on with `initialize` on the
 * same connection. Connection failures are neither: they are thrown.
 */
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { ErrorCodes } from '../../model/errorCodes';
import { excerpt, UnexpectedReplyError } from '../toolResultShape';
import { StartedTransport } from './legacyHandoff';
import { ChannelClosedError, ModernChannel, type ChannelIdentity } from './modernChannel';
import {
  DiscoverResultSchema, isModernErrorCode, MetaKeys, MODERN_PROTOCOL_VERSION, ModernErrorCodes,
  TASKS_EXTENSION_ID, UnsupportedVersionDataSchema, type DiscoverResult,
} from './wire2026';

/** The legacy revision this host speaks, reached through the SDK Client's `initialize`. */
export const LEGACY_PROTOCOL_VERSION = '2025-11-25';

export type EraVerdict =
  | {
    era: 'modern';
    version: string;
    channel: ModernChannel;
    discover: DiscoverResult;
    serverInfo: { name: string; version: string } | undefined;
    /** The server declared the tasks extension. */
    tasksExtension: boolean;
  }
  | {
    era: 'legacy';
    /** The same connection, started, for `Client.connect`. */
    transport: StartedTransport;
    /** What the probe got, for the log. */
    reason: string;
  };

export interface NegotiationOptions {
  identity: ChannelIdentity;
  /** How long a silent server is given before it is taken for legacy (stdio). */
  probeTimeoutMs?: number;
}

const DEFAULT_PROBE_TIMEOUT_MS = 5_000;
const PROBE_ID = 'mcp-tasks-era-probe';

export async function negotiateEra(transport: Transport, options: NegotiationOptions): Promise<EraVerdict> {
  const channel = new ModernChannel(transport, options.identity);
  await channel.start();
  let raw: Record<string, unknown>;
  try {
    raw = await channel.request('server/discover', {}, { id: PROBE_ID, timeoutMs: options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS });
  } catch (error) {
    const reason = legacyReason(error);
    if (reason === undefined) throw error;
    return legacy(channel, transport, reason);
  }
  const parsed = DiscoverResultSchema.safeParse(raw);
  if (!parsed.success) throw new UnexpectedReplyError(`server/discover: the reply is not a discover result (${parsed.error.issues[0]?.message ?? 'invalid'})`, raw);
  const discover = parsed.data;
  if (!discover.supportedVersions.includes(MODERN_PROTOCOL_VERSION)) {
    if (discover.supportedVersions.includes(LEGACY_PROTOCOL_VERSION)) return legacy(channel, transport, `modern versions offered: ${discover.supportedVersions.join(', ')}`);
    throw noCommonVersion(discover.supportedVersions);
  }
  return {
    era: 'modern',
    version: MODERN_PROTOCOL_VERSION,
    channel,
    discover,
    serverInfo: discover._meta?.[MetaKeys.serverInfo],
    tasksExtension: discover.capabilities.extensions?.[TASKS_EXTENSION_ID] !== undefined,
  };
}

function legacy(channel: ModernChannel, transport: Transport, reason: string): EraVerdict {
  channel.detach();
  return { era: 'legacy', transport: new StartedTransport(transport), reason };
}

/** Why the probe's failure means a legacy server; undefined when it means something else (thrown). */
function legacyReason(error: unknown): string | undefined {
  if (error instanceof StreamableHTTPError) {
    // A 4xx without a recognised modern error (those arrive as JSON-RPC errors instead).
    return typeof error.code === 'number' && error.code >= 400 && error.code < 500 ? `HTTP ${error.code}: ${error.message.slice(0, 200)}` : undefined;
  }
  if (!(error instanceof McpError) || error instanceof ChannelClosedError) return undefined;
  if (error.code === ModernErrorCodes.UnsupportedProtocolVersion) {
    // A modern server that does not speak this revision: legacy only if it also speaks ours.
    const data = UnsupportedVersionDataSchema.safeParse(error.data);
    if (data.success && data.data.supported.includes(LEGACY_PROTOCOL_VERSION)) return `versions offered: ${data.data.supported.join(', ')}`;
    throw noCommonVersion(data.success ? data.data.supported : [], error.data);
  }
  if (isModernErrorCode(error.code)) return undefined; // modern, but refusing: the caller hears why
  if (error.code === ErrorCodes.RequestTimeout) return 'no answer to server/discover';
  return `server/discover answered ${error.code}: ${error.message.slice(0, 200)}`;
}

function noCommonVersion(supported: string[], raw?: unknown): Error {
  return new UnexpectedReplyError(
    `the server speaks MCP ${supported.join(', ') || '(no version named)'}; this host speaks ${MODERN_PROTOCOL_VERSION} and ${LEGACY_PROTOCOL_VERSION}${raw === undefined ? '' : ` (${excerpt(raw)})`}`,
    raw ?? supported,
  );
}
