/**
 * The contract between the background task host and its clients (editor windows, the command
 * line): JSON-RPC methods over a local socket. Both sides import only this file's types, so a
 * change to the contract is a change here, with HOST_PROTOCOL_VERSION raised when old clients
 * or hosts could misread it.
 */
import type {
  CreateMessageRequest,
  CreateMessageResult,
  ElicitRequest,
  ElicitResult,
  LoggingLevel,
  ServerCapabilities,
  Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { NotificationType, RequestType, RequestType0 } from 'vscode-jsonrpc';
import type { ServerDefinition } from '../core/config/types';
import type { ServerState } from '../core/servers/types';
import type { StoredResult, TaskOrigin, TaskRecord } from '../core/model/taskRecord';
import type { CallModeOption } from '../core/tasks/callMode';
import type { WireTask } from '../core/tasks/wireTask';

export const HOST_PROTOCOL_VERSION = 1;

export type ClientKind = 'cli' | 'window';

export interface Hello {
  protocolVersion: number;
  client: { kind: ClientKind; pid: number; label: string };
  /** 'all': every task change is sent; 'own': only tasks this client started, tracked, cancelled or discovered. */
  watch: 'all' | 'own';
}

export interface Welcome {
  protocolVersion: number;
  hostVersion: string;
  pid: number;
  home: string;
  clientId: string;
}

/** A server as a client hands it over: resolved (inputs and secrets filled in), for this host's memory only. */
export interface ServerSpec {
  label: string;
  definition: ServerDefinition;
  /**
   * Environment entries that make this server what it is (set by its configuration, or removed
   * with null); the rest of a stdio definition's env is inherited and does not change its identity.
   */
  identityEnv?: Record<string, string | null>;
  /**
   * Values the host must never write anywhere (resolved password inputs): masked in its log like
   * the credential headers of the definition. Held in memory only.
   */
  secrets?: string[];
}

export interface ConnectParams extends ServerSpec {
  /**
   * The client's own stable id for this server (a window's id for a configured server): the host
   * uses it instead of deriving one, and replaces the connection when the definition behind it
   * changes. Without it the id follows from the definition (serverIdentity).
   */
  serverId?: string;
  /** Resolve as soon as this tool is listed (servers may list their tools just after initialize). */
  wantTool?: string;
}

/** A server as the host runs it, sent whenever its state, session or tools change. */
export interface ServerSnapshot {
  serverId: string;
  label: string;
  state: ServerState;
  capabilities: ServerCapabilities | undefined;
  tools: Tool[] | undefined;
  restartCount: number;
  lastError?: string;
  pid?: number;
}

export interface ServerLogLine {
  serverId: string;
  level: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  message: string;
}

/** A server once it runs with its tools listed (settled, or with the wanted tool in them). */
export type ConnectedServer = ServerSnapshot & { tools: Tool[] };

export interface CallParams {
  serverId: string;
  tool: string;
  args: Record<string, unknown>;
  mode: CallModeOption;
  /** How a tool that supports both modes runs under mode 'auto' (the client's setting). */
  optionalDefault?: 'task' | 'plain';
  ttl?: number;
  deadlineMs?: number;
  /** Recorded on the task; a host that predates it ignores it (the task is then unmarked). */
  origin?: TaskOrigin;
}

export interface ServerTaskParams {
  serverId: string;
  taskId: string;
  tool?: string;
}

export interface KeyParams {
  key: string;
}

export interface HostStatus {
  pid: number;
  hostVersion: string;
  protocolVersion: number;
  home: string;
  startedAt: number;
  uptimeMs: number;
  clients: { id: string; kind: ClientKind; label: string; pid: number }[];
  servers: { serverId: string; label: string; state: string }[];
  liveTasks: number;
  /** Set once the host was asked to go: it exits as soon as nothing is live. */
  retiring: boolean;
}

/** Who is asking, for a question a server sends through the host. */
export interface QuestionContext {
  serverId: string;
  serverLabel: string;
  relatedTaskId?: string;
  hostedTaskId?: string;
}

export const HostMethods = {
  hello: new RequestType<Hello, Welcome, void>('host/hello'),
  status: new RequestType0<HostStatus, void>('host/status'),
  /** Stops the host now: tasks on HTTP servers resume with the next host, stdio servers end. */
  stop: new RequestType0<void, void>('host/stop'),
  /** Exit once nothing is live (a newer client needs a newer host). */
  retire: new RequestType0<void, void>('host/retire'),
  connect: new RequestType<ConnectParams, ConnectedServer, void>('servers/connect'),
  call: new RequestType<CallParams, TaskRecord, void>('tasks/call'),
  track: new RequestType<ServerTaskParams, TaskRecord, void>('tasks/track'),
  get: new RequestType<KeyParams, TaskRecord | null, void>('tasks/get'),
  list: new RequestType0<TaskRecord[], void>('tasks/list'),
  cancel: new RequestType<KeyParams, TaskRecord, void>('tasks/cancel'),
  readStored: new RequestType<{ stored: StoredResult }, unknown, void>('tasks/readStored'),
  discover: new RequestType<{ serverId: string }, TaskRecord[], void>('tasks/discover'),
  forget: new RequestType<KeyParams, boolean, void>('tasks/forget'),
  serverListTasks: new RequestType<{ serverId: string; cursor?: string }, { tasks: WireTask[]; nextCursor?: string }, void>('server/listTasks'),
  serverGetTask: new RequestType<ServerTaskParams, WireTask, void>('server/getTask'),
  servers: new RequestType0<ServerSnapshot[], void>('servers/list'),
  stopServer: new RequestType<{ serverId: string; reason?: string }, void, void>('servers/stop'),
  restartServer: new RequestType<{ serverId: string }, ServerSnapshot, void>('servers/restart'),
  setServerLogLevel: new RequestType<{ serverId: string; level: LoggingLevel }, void, void>('servers/setLogLevel'),
} as const;

export const ClientMethods = {
  taskChanged: new NotificationType<TaskRecord>('tasks/didChange'),
  taskRemoved: new NotificationType<KeyParams>('tasks/didRemove'),
  /** To clients that handed the server over, and to those watching everything. */
  serverChanged: new NotificationType<ServerSnapshot>('servers/didChange'),
  /** A server's log line, to the clients that handed the server over. */
  serverLog: new NotificationType<ServerLogLine>('servers/log'),
  elicit: new RequestType<{ params: ElicitRequest['params']; context: QuestionContext }, ElicitResult, void>('client/elicit'),
  createMessage: new RequestType<{ params: CreateMessageRequest['params']; context: QuestionContext }, CreateMessageResult, void>('client/createMessage'),
  /** The server finished a URL question's browser step (notifications/elicitation/complete). */
  elicitationComplete: new NotificationType<{ elicitationId: string }>('client/elicitationComplete'),
  /** Sent before the host closes the channel on purpose (asked to stop, quiet, retired); a crash sends nothing. */
  hostStopping: new NotificationType<HostStopping>('host/stopping'),
} as const;

export interface HostStopping {
  readonly reason: string;
}
