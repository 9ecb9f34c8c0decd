/**
 * One attempt to run a server: an SDK Client on a transport, initialized, with its tools listed.
 * Everything the attempt owns is closed as a unit; a new attempt is a new Launch (new generation).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  ToolListChangedNotificationSchema,
  type ClientCapabilities,
  type Implementation,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { ServerDefinition } from '../config/types';
import type { HostedTaskService } from '../hosted/hostedTaskService';
import type { HostedTaskSession } from '../hosted/hostedTaskSession';
import { prefixedLogger, type HostRequestHandler, type Logger } from '../ports';
import { errorMessage, httpStatusOf, isStreamableHttpRefused } from './connectionErrors';
import { hostedTaskMethods } from './hostCapabilities';
import { installHostHandlers } from './hostHandlers';
import { registerIncomingActivity } from './incomingActivity';
import { ObservedTransport } from './observedTransport';
import { createSseTransport, createStdioLaunch, createStreamableHttpTransport, type StdioLaunch } from './transportFactory';
import { restoreInitialized, savedSessionOf } from './resumedSession';
import type { RootsProvider, SavedHttpSession, ServerSession } from './types';

export interface LaunchOptions {
  readonly serverId: string;
  readonly serverLabel: string;
  readonly definition: ServerDefinition;
  readonly capabilities: ClientCapabilities;
  readonly clientInfo: Implementation;
  readonly hostRequests?: HostRequestHandler;
  readonly roots?: RootsProvider;
  /** Runs the tasks the server asks the host to run; used when the capabilities declare tasks. */
  readonly hostedTasks?: HostedTaskService;
  readonly logger: Logger;
  /** Skip Streamable HTTP: an earlier launch found that the server only speaks legacy SSE. */
  readonly preferLegacySse: boolean;
  /** Go on with this Streamable HTTP session instead of initializing a new one. */
  readonly resume?: SavedHttpSession;
}

export interface LaunchListener {
  onClose(launch: Launch): void;
  onError(launch: Launch, error: Error): void;
  onToolsChanged(launch: Launch): void;
}

/** Pages of tools/list followed before giving up on a server that never stops paging. */
const MAX_TOOL_PAGES = 100;
/** How long a polite HTTP session termination may take before we just drop the connection. */
const TERMINATE_TIMEOUT_MS = 2000;

export class Launch {
  /** Set by the owner when this launch stops mattering (stopped, replaced); its close is no crash. */
  closing = false;
  /** The transport closed (process exited, connection dropped). */
  closed = false;
  usedLegacySse = false;
  private stdio: StdioLaunch | undefined;
  private command: string | undefined;
  private transport: Transport | undefined;
  private hosted: HostedTaskSession | undefined;
  private taskMethods: ReadonlySet<string> = new Set();

  readonly session: ServerSession;

  private constructor(
    readonly client: Client,
    readonly generation: number,
  ) {
    this.session = Object.freeze({ client, generation, startedAt: Date.now() });
  }

  /** Connects and initializes. Rejects with a message that says what went wrong. */
  static async open(options: LaunchOptions, generation: number, listener: LaunchListener): Promise<Launch> {
    const def = options.definition;
    if (def.type === 'stdio') {
      const launch = Launch.create(options, generation, listener);
      launch.stdio = createStdioLaunch(def, options.logger);
      registerIncomingActivity(launch.client, launch.stdio.incoming);
      launch.command = def.command;
      options.logger.info(`Starting ${def.command} ${def.args.map(quoteArg).join(' ')}`.trim());
      await launch.connect(launch.stdio.transport, options.logger);
      return launch;
    }
    if (def.type === 'http' && options.resume) {
      const launch = Launch.create(options, generation, listener);
      options.logger.info(`Going on with session ${options.resume.sessionId} on ${def.url} (Streamable HTTP)`);
      await launch.connect(createStreamableHttpTransport(def, options.resume.sessionId), options.logger, options.resume);
      return launch;
    }
    if (def.type === 'http' && !options.preferLegacySse) {
      const launch = Launch.create(options, generation, listener);
      try {
        options.logger.info(`Connecting to ${def.url} (Streamable HTTP)`);
        await launch.connect(createStreamableHttpTransport(def), options.logger);
        return launch;
      } catch (error) {
        if (!isStreamableHttpRefused(error)) throw error;
        options.logger.info(`${def.url} refused Streamable HTTP (HTTP ${httpStatusOf(error)}); trying legacy SSE`);
      }
    }
    const launch = Launch.create(options, generation, listener);
    launch.usedLegacySse = true;
    options.logger.info(`Connecting to ${def.url} (legacy SSE)`);
    await launch.connect(createSseTransport(def), options.logger);
    return launch;
  }

  private static create(options: LaunchOptions, generation: number, listener: LaunchListener): Launch {
    const client = new Client(options.clientInfo, { capabilities: options.capabilities });
    const launch = new Launch(client, generation);
    launch.taskMethods = hostedTaskMethods(options.capabilities);
    if (options.hostedTasks && launch.taskMethods.size > 0) {
      // Tasks belong to this session only; a new session starts with none.
      launch.hosted = options.hostedTasks.openSession(options.serverId, options.serverLabel, (task) => {
        client.notification({ method: 'notifications/tasks/status', params: task })
          .catch((e: unknown) => options.logger.debug(`Could not send a task status notification: ${errorMessage(e)}`));
      });
    }
    installHostHandlers(client, { ...options, hostedTasks: launch.hosted, serverLog: prefixedLogger(options.logger, '[server] ') });
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => listener.onToolsChanged(launch));
    client.onclose = () => {
      launch.closed = true;
      launch.hosted?.close('The connection to the server closed');
      listener.onClose(launch);
    };
    client.onerror = (error) => listener.onError(launch, error);
    return launch;
  }

  private async connect(inner: Transport, logger: Logger, resume?: SavedHttpSession): Promise<void> {
    this.transport = inner;
    try {
      await this.client.connect(new ObservedTransport(inner, logger, this.taskMethods));
      if (resume) restoreInitialized(this.client, inner, resume);
    } catch (error) {
      this.closing = true;
      await this.client.close().catch(() => undefined);
      // Remote errors stay as they are: the caller tells a refused POST (→ legacy SSE) by its type.
      throw this.stdio ? new Error(this.describeFailure(error), { cause: error }) : error;
    }
  }

  /** Why the process or connection ended, for a state message. */
  describeFailure(error?: unknown): string {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (this.command !== undefined && (code === 'ENOENT' || code === 'EACCES')) {
      return `Could not run "${this.command}": ${code === 'ENOENT' ? 'command not found' : 'permission denied'}`;
    }
    const exit = this.stdio?.exitDescription();
    const stderr = this.stdio?.stderrTail();
    let text = exit ? `The server process ${exit}` : error !== undefined ? errorMessage(error) : 'The connection closed';
    if (exit && error !== undefined && !/Connection closed/i.test(errorMessage(error))) text += ` (${errorMessage(error)})`;
    if (stderr) text += `. Last output on stderr:\n${stderr}`;
    return text;
  }

  /** All tools, following pagination; [] when the server has no tools capability. */
  async listTools(): Promise<Tool[]> {
    if (!this.client.getServerCapabilities()?.tools) return [];
    const tools: Tool[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_TOOL_PAGES; page++) {
      const result = await this.client.listTools(cursor ? { cursor } : undefined);
      tools.push(...result.tools);
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    return tools;
  }

  /** The session as a later process could go on with it (Streamable HTTP only). */
  savedSession(): SavedHttpSession | undefined {
    return savedSessionOf(this.client, this.transport);
  }

  pid(): number | undefined {
    return this.stdio?.pid();
  }

  /** `keepSession`: leave an HTTP session open on the server (its tasks live on for a later client). */
  async close(keepSession = false): Promise<void> {
    this.closing = true;
    this.hosted?.close('The server was stopped');
    const transport = this.transport;
    if (!keepSession && transport instanceof StreamableHTTPClientTransport && transport.sessionId) {
      // Tell the server it can drop the session; do not let an unreachable server hold up a stop.
      await Promise.race([
        transport.terminateSession().catch(() => undefined),
        new Promise((resolve) => setTimeout(resolve, TERMINATE_TIMEOUT_MS).unref()),
      ]);
    }
    await this.client.close().catch(() => undefined);
  }
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg);
}
