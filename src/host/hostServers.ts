/**
 * The servers clients handed over to the host, one connection per id, shared by every client.
 * The id is the client's own (a window's configured server) or follows from the definition
 * (serverIdentity.ts); a changed definition under a client's id replaces the connection. The host
 * keeps definitions in memory only: after a restart a server is known again once a client hands
 * it over again, and its unfinished tasks resume then.
 */
import type { ServerLogLine, ServerSnapshot, ServerSpec } from '../channel/hostProtocol';
import { Redactor } from '../core/config/redactor';
import { DisposableStore, Emitter, type Disposable } from '../core/events';
import type { HostedTaskService } from '../core/hosted/hostedTaskService';
import { prefixedLogger, type HostRequestHandler, type Logger } from '../core/ports';
import { ServerConnection } from '../core/servers/serverConnection';
import type { McpServerHandle, ServerLookup } from '../core/servers/types';
import { serverIdentity } from './serverIdentity';
import type { SessionStore } from './sessionStore';

export interface HostServersDeps {
  readonly hostRequests: HostRequestHandler;
  readonly hostedTasks: HostedTaskService;
  readonly logger: Logger;
  /** A server became known to this host (first hand-over): its unfinished tasks can resume. */
  readonly onAdded: (serverId: string) => void;
  readonly sessions: SessionStore;
}

interface Entry {
  readonly connection: ServerConnection;
  /** What the definition hashes to: a different one under the same id replaces the connection. */
  readonly identity: string;
  readonly subscriptions: DisposableStore;
}

export class HostServers implements ServerLookup, Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly changed = new Emitter<void>();
  private readonly serverChanged = new Emitter<ServerSnapshot>();
  private readonly logged = new Emitter<ServerLogLine>();
  private readonly keptSessions = new Set<string>();
  readonly onDidChangeServers = this.changed.event;
  /** A server's state, session or tools changed. */
  readonly onDidChangeServer = this.serverChanged.event;
  /** A line of a server's log (also written to the host's log). */
  readonly onDidLog = this.logged.event;

  constructor(private readonly deps: HostServersDeps) {}

  /** The connection for this server: created on its first hand-over, replaced when its definition changed. */
  add(spec: ServerSpec, clientId?: string): ServerConnection {
    const identity = serverIdentity(spec);
    const id = clientId ?? identity;
    const known = this.entries.get(id);
    if (known?.identity === identity) return known.connection;
    if (known) this.remove(id, 'Definition changed');
    const connection = this.create(id, identity, spec);
    this.changed.fire();
    this.deps.onAdded(id);
    return connection;
  }

  get(serverId: string): ServerConnection | undefined {
    return this.entries.get(serverId)?.connection;
  }

  all(): readonly McpServerHandle[] {
    return [...this.entries.values()].map((e) => e.connection);
  }

  snapshot(serverId: string): ServerSnapshot | undefined {
    const connection = this.get(serverId);
    return connection ? snapshotOf(connection) : undefined;
  }

  /** Stops every server; HTTP sessions in `keepSessionsOf` stay open on their servers. */
  async stopAll(keepSessionsOf: ReadonlySet<string>): Promise<void> {
    for (const id of keepSessionsOf) this.keptSessions.add(id);
    await Promise.all([...this.entries.values()].map(({ connection: c }) => c.stop('The task host stopped', { keepSession: keepSessionsOf.has(c.id) })));
  }

  dispose(): void {
    for (const id of [...this.entries.keys()]) this.remove(id);
    this.changed.dispose();
    this.serverChanged.dispose();
    this.logged.dispose();
  }

  private create(id: string, identity: string, spec: ServerSpec): ServerConnection {
    const sessions = this.deps.sessions;
    const saved = spec.definition.type === 'http' ? sessions.get(id) : undefined;
    const connection = new ServerConnection({
      ...(saved ? { resumeSession: saved } : {}),
      id,
      label: spec.label,
      definition: spec.definition,
      capabilities: { elicitation: { form: {}, url: {} }, sampling: {} },
      hostRequests: this.deps.hostRequests,
      hostedTasks: this.deps.hostedTasks,
      logger: this.loggerFor(id, spec),
    });
    const subscriptions = new DisposableStore();
    const changed = () => this.serverChanged.fire(snapshotOf(connection));
    subscriptions.add(connection.onDidChangeState(changed));
    subscriptions.add(connection.onDidChangeTools(changed));
    // Remember the session while it runs; a session we stop is ended (unless kept, see stopAll).
    subscriptions.add(connection.onDidChangeSession((change) => {
      if (change.session) sessions.set(id, connection.httpSession);
      else if (change.reason === 'stopped' && !this.keptSessions.has(id)) sessions.set(id, undefined);
      changed();
    }));
    this.entries.set(id, { connection, identity, subscriptions });
    return connection;
  }

  private remove(id: string, reason?: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    entry.subscriptions.dispose();
    if (reason) void entry.connection.stop(reason).finally(() => entry.connection.dispose());
    else entry.connection.dispose();
  }

  /** Into the host's log, and out to the clients of the server; secrets masked before either. */
  private loggerFor(serverId: string, spec: ServerSpec): Logger {
    const host = prefixedLogger(this.deps.logger, `[${spec.label}] `);
    const redactor = new Redactor();
    if (spec.definition.type !== 'stdio') redactor.addHeaders(spec.definition.headers);
    for (const secret of spec.secrets ?? []) redactor.add(secret);
    const line = (level: ServerLogLine['level']) => (text: string) => {
      const message = redactor.redact(text);
      host[level](message);
      this.logged.fire({ serverId, level, message });
    };
    return {
      trace: line('trace'), debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error'),
      isTraceEnabled: () => host.isTraceEnabled?.() ?? false,
    };
  }
}

function snapshotOf(connection: ServerConnection): ServerSnapshot {
  return {
    serverId: connection.id,
    label: connection.label,
    state: connection.state,
    capabilities: connection.serverCapabilities,
    tools: connection.tools ? [...connection.tools] : undefined,
    restartCount: connection.restartCount,
    ...(connection.lastError !== undefined ? { lastError: connection.lastError } : {}),
    ...(connection.pid !== undefined ? { pid: connection.pid } : {}),
  };
}
