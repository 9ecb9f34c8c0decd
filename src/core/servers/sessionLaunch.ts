/**
 * One attempt to run a server: a transport, the era the server speaks (a `server/discover` probe),
 * then an SDK Client initialized on it (2025-11-25) or a ModernLink (2026-07-28), with its tools
 * listed. Everything the attempt owns is closed as a unit; a new attempt is a new Launch (new
 * generation).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  ToolListChangedNotificationSchema,
  type ClientCapabilities,
  type Implementation,
  type LoggingLevel,
  type ServerCapabilities,
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
import { probeEra, type ProbedEra } from './eraProbe';
import { ChannelClosedError } from '../tasks/dialect2026/modernChannel';
import type { RootsProvider, SavedHttpSession, ServerSession } from './types';
import type { ModernLink } from '../tasks/dialect2026/modernLink';

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
  /** An earlier launch found a server of 2025-11-25: no probe. */
  readonly knownLegacy: boolean;
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
  /** The server speaks 2025-11-25 only, as this launch found out (a later launch skips the probe). */
  legacyOnly = false;
  /** The connection closed while the era probe waited (a legacy server that does not take it). */
  private closedOnProbe = false;
  private stdio: StdioLaunch | undefined;
  private command: string | undefined;
  private transport: Transport | undefined;
  private hosted: HostedTaskSession | undefined;
  private taskMethods: ReadonlySet<string> = new Set();
  private client: Client | undefined;
  private modern: ModernLink | undefined;
  private _session: ServerSession | undefined;
  private readonly startedAt = Date.now();

  private constructor(
    private readonly options: LaunchOptions,
    readonly generation: number,
    private readonly listener: LaunchListener,
  ) {}

  /** The session, the same object for the whole launch; only after a successful open. */
  get session(): ServerSession {
    if (!this._session) {
      const common = { generation: this.generation, startedAt: this.startedAt };
      if (this.modern) {
        this._session = Object.freeze({ ...common, dialect: '2026-07-28' as const, link: this.modern, serverCapabilities: this.modern.capabilities });
      } else if (this.client) {
        this._session = Object.freeze({ ...common, dialect: '2025-11-25' as const, client: this.client, serverCapabilities: this.client.getServerCapabilities() });
      } else {
        throw new Error('The launch has no session yet');
      }
    }
    return this._session;
  }

  /** Connects, finds the era and initializes. Rejects with a message that says what went wrong. */
  static async open(options: LaunchOptions, generation: number, listener: LaunchListener): Promise<Launch> {
    const def = options.definition;
    const launch = new Launch(options, generation, listener);
    if (def.type === 'stdio') {
      try {
        await launch.startStdio();
        return launch;
      } catch (error) {
        if (!launch.closedOnProbe) throw error;
        // Some 2025-11-25 servers end when asked anything before initialize: start it again without asking.
        options.logger.warn('The server exited when asked server/discover; starting it again with initialize');
        const again = new Launch({ ...options, knownLegacy: true }, generation, listener);
        await again.startStdio();
        return again;
      }
    }
    if (def.type === 'http' && options.resume) {
      options.logger.info(`Going on with session ${options.resume.sessionId} on ${def.url} (Streamable HTTP)`);
      await launch.connectLegacy(createStreamableHttpTransport(def, options.resume.sessionId), options.resume);
      return launch;
    }
    if (def.type === 'http' && !options.preferLegacySse) {
      try {
        options.logger.info(`Connecting to ${def.url} (Streamable HTTP)`);
        await launch.begin(createStreamableHttpTransport(def), 'http', () => createStreamableHttpTransport(def));
        return launch;
      } catch (error) {
        if (!isStreamableHttpRefused(error)) throw error;
        options.logger.info(`${def.url} refused Streamable HTTP (HTTP ${httpStatusOf(error)}); trying legacy SSE`);
      }
    }
    const sse = new Launch(options, generation, listener);
    sse.usedLegacySse = true;
    options.logger.info(`Connecting to ${def.url} (legacy SSE)`);
    await sse.connectLegacy(createSseTransport(def));
    return sse;
  }

  private async startStdio(): Promise<void> {
    const def = this.options.definition;
    if (def.type !== 'stdio') throw new Error('not a stdio server');
    this.stdio = createStdioLaunch(def, this.options.logger);
    this.command = def.command;
    this.options.logger.info(`Starting ${def.command} ${def.args.map(quoteArg).join(' ')}`.trim());
    await this.begin(this.stdio.transport, 'stdio');
  }

  /** Probes the era on a fresh transport (unless the server is known to be legacy) and goes on in it. */
  private async begin(transport: Transport, kind: 'stdio' | 'http', newTransport?: () => Transport): Promise<void> {
    if (this.options.knownLegacy) {
      this.legacyOnly = true;
      return this.connectLegacy(transport);
    }
    this.transport = transport;
    let era: ProbedEra;
    try {
      era = await probeEra(transport, kind, { ...this.options, ...(newTransport ? { newTransport } : {}) });
    } catch (error) {
      this.closing = true;
      this.closedOnProbe = kind === 'stdio' && error instanceof ChannelClosedError;
      await transport.close().catch(() => undefined);
      throw this.stdio ? new Error(this.describeFailure(error), { cause: error }) : error;
    }
    if (era.kind === 'legacy') {
      this.legacyOnly = true;
      this.options.logger.info(`The server speaks MCP 2025-11-25 (${era.reason})`);
      return this.connectLegacy(era.transport);
    }
    this.modern = era.link;
    this.options.logger.info(`The server speaks MCP ${era.link.version}${era.link.verdict.tasksExtension ? ' with the tasks extension' : ''}`);
    const channel = era.link.verdict.channel;
    channel.onClose = () => this.onClosed();
    channel.onProblem = (what) => this.options.logger.warn(what);
  }

  /** The 2025-11-25 path: the SDK Client with the host's handlers, initialized on the transport. */
  private async connectLegacy(transport: Transport, resume?: SavedHttpSession): Promise<void> {
    const { options } = this;
    const client = new Client(options.clientInfo, { capabilities: options.capabilities });
    this.client = client;
    this.taskMethods = hostedTaskMethods(options.capabilities);
    if (options.hostedTasks && this.taskMethods.size > 0) {
      // Tasks belong to this session only; a new session starts with none.
      this.hosted = options.hostedTasks.openSession(options.serverId, options.serverLabel, (task) => {
        client.notification({ method: 'notifications/tasks/status', params: task })
          .catch((e: unknown) => options.logger.debug(`Could not send a task status notification: ${errorMessage(e)}`));
      });
    }
    installHostHandlers(client, { ...options, hostedTasks: this.hosted, serverLog: prefixedLogger(options.logger, '[server] ') });
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => this.listener.onToolsChanged(this));
    client.onclose = () => this.onClosed();
    client.onerror = (error) => this.listener.onError(this, error);
    if (this.stdio) registerIncomingActivity(client, this.stdio.incoming);
    // The transport the launch owns (for its session id) is the one under a probe's hand-over.
    this.transport ??= transport;
    try {
      await client.connect(new ObservedTransport(transport, options.logger, this.taskMethods));
      if (resume) restoreInitialized(client, transport, resume);
    } catch (error) {
      this.closing = true;
      await client.close().catch(() => undefined);
      // Remote errors stay as they are: the caller tells a refused POST (→ legacy SSE) by its type.
      throw this.stdio ? new Error(this.describeFailure(error), { cause: error }) : error;
    }
  }

  private onClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.hosted?.close('The connection to the server closed');
    this.modern?.close();
    this.listener.onClose(this);
  }

  /** Tells the server the roots changed (2025-11-25; a modern server asks for roots when it needs them). */
  rootsChanged(): Promise<void> {
    return this.client ? this.client.sendRootsListChanged() : Promise.resolve();
  }

  /** logging/setLevel, when the server declares logging. */
  async setLogLevel(level: LoggingLevel): Promise<void> {
    if (this.client?.getServerCapabilities()?.logging) await this.client.setLoggingLevel(level);
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
    if (!this.declaredCapabilities()?.tools) return [];
    const tools: Tool[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_TOOL_PAGES; page++) {
      const result = await this.toolsPage(cursor);
      tools.push(...result.tools);
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    return tools;
  }

  private toolsPage(cursor: string | undefined): Promise<{ tools: Tool[]; nextCursor?: string }> {
    if (this.modern) return this.modern.listToolsPage(cursor);
    if (!this.client) throw new Error('The launch has no session yet');
    return this.client.listTools(cursor ? { cursor } : undefined);
  }

  /** What the server declared, whichever era it speaks. */
  private declaredCapabilities(): ServerCapabilities | undefined {
    return this.modern ? this.modern.capabilities : this.client?.getServerCapabilities();
  }

  /** The session as a later process could go on with it (Streamable HTTP only). */
  savedSession(): SavedHttpSession | undefined {
    return this.client ? savedSessionOf(this.client, this.transport) : undefined;
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
    if (this.modern) {
      this.modern.close();
      await this.modern.verdict.channel.close().catch(() => undefined);
    } else {
      await this.client?.close().catch(() => undefined);
    }
  }
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg);
}
