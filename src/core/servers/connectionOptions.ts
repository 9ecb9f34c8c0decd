/** What a ServerConnection is made from: the server's definition and what the host offers it. */
import type { ClientCapabilities, Implementation } from '@modelcontextprotocol/sdk/types.js';
import type { ServerDefinition } from '../config/types';
import type { HostedTaskService } from '../hosted/hostedTaskService';
import type { Clock, HostRequestHandler, Logger } from '../ports';
import type { RestartPolicy } from './restartPolicy';
import type { RootsProvider, SavedHttpSession } from './types';

/** Supplies the definition at each start (variables are resolved late, inputs asked on demand). */
export type DefinitionProvider = () => Promise<ServerDefinition>;

export interface ServerConnectionOptions {
  readonly id: string;
  readonly label: string;
  readonly definition: ServerDefinition | DefinitionProvider;
  /** Runs before every start and restart; throw StartRefusedError to refuse, any other error fails the start. */
  readonly beforeStart?: () => Promise<void>;
  /** Host capabilities beyond roots (elicitation, sampling, tasks); declared only if served. */
  readonly capabilities?: ClientCapabilities;
  readonly hostRequests?: HostRequestHandler;
  readonly roots?: RootsProvider;
  /**
   * Lets the server send elicitation/sampling as tasks the host runs (client-side tasks), kept by
   * this service (whoever creates it disposes it; the editor shares one among all connections).
   * Declared only for what `capabilities` and `hostRequests` serve.
   */
  readonly hostedTasks?: HostedTaskService;
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly restart?: Partial<RestartPolicy>;
  readonly clientInfo?: Implementation;
  /** Quiet period before tools/list is fetched again after list_changed (bursts are common). */
  readonly toolsDebounceMs?: number;
  /** A Streamable HTTP session to go on with at the first start (a new one if the server forgot it). */
  readonly resumeSession?: SavedHttpSession;
}

export const defaultClientInfo: Implementation = { name: 'mcp-tasks', version: '0.1.0' };
