/**
 * The contract between server connections (src/core/servers) and everything that uses a server
 * (the task engine, views, the CLI).
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Implementation, LoggingLevel, Root, ServerCapabilities, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ServerDefinition } from '../config/types';
import type { Event } from '../events';
import type { ModernLink } from '../tasks/dialect2026/modernLink';

/** A connection's lifecycle, held in one place as a tagged union. */
export type ServerState =
  | { kind: 'stopped'; reason?: string }
  | { kind: 'starting' }
  | { kind: 'running' }
  | { kind: 'error'; message: string }
  | { kind: 'restarting'; attempt: number; delayMs: number; lastError: string };

interface SessionCommon {
  readonly generation: number;
  /** When the launch behind it began (epoch ms): a stdio server's process is no older than this. */
  readonly startedAt?: number;
  /** What the server declared, in the terms of 2025-11-25 (a modern server's discover result is read into them). */
  readonly serverCapabilities: ServerCapabilities | undefined;
}

/** A session of MCP 2025-11-25, initialized through the SDK Client. */
export interface LegacySession extends SessionCommon {
  readonly dialect: '2025-11-25';
  readonly client: Client;
}

/** A session of MCP 2026-07-28 (stateless requests with the `_meta` envelope), found by `server/discover`. */
export interface ModernSession extends SessionCommon {
  readonly dialect: '2026-07-28';
  readonly link: ModernLink;
}

/** One MCP session, in the dialect the server speaks. A new generation starts after every (re)connect. */
export type ServerSession = LegacySession | ModernSession;

export type SessionDialect = ServerSession['dialect'];

/** The SDK Client of a 2025-11-25 session; a modern session has none. */
export function legacyClient(session: ServerSession | undefined): Client | undefined {
  return session?.dialect === '2025-11-25' ? session.client : undefined;
}

/**
 * What a Streamable HTTP session's initialize established, kept so that a later process can go on
 * with the same session (`Mcp-Session-Id`) without initializing again: servers keep tasks per
 * session, so a new session would not see them.
 */
export interface SavedHttpSession {
  readonly sessionId: string;
  readonly protocolVersion: string;
  readonly capabilities: ServerCapabilities;
  readonly serverInfo?: Implementation;
  readonly instructions?: string;
}

export type SessionChangeReason =
  | 'connected'      // first session after start
  | 'reinitialized'  // a new session replaced one the server no longer knows (HTTP 404); old tasks may be gone
  | 'lost'           // transport closed or the process died; a restart may follow
  | 'stopped';       // stopped on purpose

export interface SessionChange {
  readonly session: ServerSession | undefined;
  readonly reason: SessionChangeReason;
}

/** What the task engine, views and the CLI need of one configured server. */
export interface McpServerHandle {
  /** Stable identity: the same server definition gets the same id across reloads. */
  readonly id: string;
  /** The name a person sees ("everything", "demo"). */
  readonly label: string;
  readonly state: ServerState;
  readonly session: ServerSession | undefined;
  /** What the server was last started from; undefined before a lazily resolved definition is known. */
  readonly definition?: ServerDefinition | undefined;
  /** What the server declared at initialize; undefined without a session. */
  readonly serverCapabilities: ServerCapabilities | undefined;
  /** Last `tools/list` result (kept fresh on list_changed); undefined before the first listing. */
  readonly tools: readonly Tool[] | undefined;
  /**
   * Starts the server on demand and resolves once it runs with its tools listed: with the
   * initialized session, or undefined when the session lives in another process (the task host).
   */
  connect(): Promise<ServerSession | undefined>;
  readonly onDidChangeState: Event<ServerState>;
  readonly onDidChangeSession: Event<SessionChange>;
  readonly onDidChangeTools: Event<readonly Tool[]>;
}

/**
 * A server the registry keeps and a person controls: a connection in this process, or one the
 * background task host runs for this window.
 */
export interface ManagedServer extends McpServerHandle {
  /** Automatic restarts so far. */
  readonly restartCount: number;
  /** The last failure, kept after a successful restart for display. */
  readonly lastError: string | undefined;
  /** Process id of a running stdio server. */
  readonly pid: number | undefined;
  start(): Promise<ServerSession | void>;
  stop(reason?: string): Promise<void>;
  restart(): Promise<ServerSession | void>;
  setLogLevel(level: LoggingLevel): void;
  dispose(): void;
}

/** Finds servers by id; implemented by the server registry. */
export interface ServerLookup {
  get(serverId: string): McpServerHandle | undefined;
  all(): readonly McpServerHandle[];
  readonly onDidChangeServers: Event<void>;
}

/** The workspace roots offered to servers (`roots/list`); the host supplies it. */
export interface RootsProvider {
  roots(): readonly Root[] | Promise<readonly Root[]>;
  /** When given, the host declares `roots.listChanged` and tells servers about changes. */
  readonly onDidChangeRoots?: Event<void>;
}
