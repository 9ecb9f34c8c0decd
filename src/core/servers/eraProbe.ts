/**
 * Which era a freshly started server speaks, asked the way MCP 2026-07-28 prescribes for a host
 * that speaks both: a modern server gets a ModernLink; a legacy one hands the same, already
 * started connection on to the 2025-11-25 `initialize`.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { ClientCapabilities, Implementation } from '@modelcontextprotocol/sdk/types.js';
import type { HostRequestHandler, Logger } from '../ports';
import { negotiateEra } from '../tasks/dialect2026/eraNegotiation';
import { ModernChannel } from '../tasks/dialect2026/modernChannel';
import { ModernLink } from '../tasks/dialect2026/modernLink';
import { TASKS_EXTENSION_ID } from '../tasks/dialect2026/wire2026';
import type { RootsProvider } from './types';

export type ProbedEra =
  | { kind: 'legacy'; transport: Transport; reason: string }
  | { kind: 'modern'; link: ModernLink };

export interface ProbeOptions {
  readonly serverId: string;
  readonly serverLabel: string;
  /** The host's 2025-11-25 capabilities; the modern declaration is made from them. */
  readonly capabilities: ClientCapabilities;
  readonly clientInfo: Implementation;
  readonly hostRequests?: HostRequestHandler;
  readonly roots?: RootsProvider;
  readonly logger: Logger;
  /** Streamable HTTP: a new transport to the same server (status streams each get their own). */
  readonly newTransport?: () => Transport;
}

export async function probeEra(transport: Transport, kind: 'stdio' | 'http', options: ProbeOptions): Promise<ProbedEra> {
  const verdict = await negotiateEra(transport, {
    identity: {
      clientInfo: { name: options.clientInfo.name, version: options.clientInfo.version },
      capabilities: modernCapabilities(options.capabilities),
      transportKind: kind,
    },
  });
  if (verdict.era === 'legacy') return { kind: 'legacy', transport: verdict.transport, reason: verdict.reason };
  const roots = options.roots;
  const newTransport = kind === 'http' ? options.newTransport : undefined;
  const identity = verdict.channel.identity;
  return {
    kind: 'modern',
    link: new ModernLink(verdict, {
      serverId: options.serverId,
      serverLabel: options.serverLabel,
      capabilities: options.capabilities,
      ...(options.hostRequests ? { hostRequests: options.hostRequests } : {}),
      ...(roots ? { roots: async () => roots.roots() } : {}),
      logger: options.logger,
      ...(newTransport ? {
        listenChannel: async () => {
          const channel = new ModernChannel(newTransport(), identity);
          await channel.start();
          return channel;
        },
      } : {}),
    }),
  };
}

/**
 * What the host declares to a modern server: the same elicitation, sampling and roots, and the
 * tasks extension instead of 2025-11-25's `tasks` (the host runs no tasks for a modern server).
 */
function modernCapabilities(legacy: ClientCapabilities): Record<string, unknown> {
  const { tasks: _tasks, ...rest } = legacy;
  return { ...rest, extensions: { [TASKS_EXTENSION_ID]: {} } };
}
