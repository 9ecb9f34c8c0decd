/**
 * The servers clients handed over to the host, one connection per identity (serverIdentity.ts),
 * shared by every client. The host keeps a definition in memory only: after a restart a server
 * is known again once a client hands it over again, and its unfinished tasks resume then.
 */
import type { ServerSpec } from '../channel/hostProtocol';
import { Emitter, type Disposable } from '../core/events';
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

export class HostServers implements ServerLookup, Disposable {
  private readonly connections = new Map<string, ServerConnection>();
  private readonly changed = new Emitter<void>();
  private readonly keptSessions = new Set<string>();
  readonly onDidChangeServers = this.changed.event;

  constructor(private readonly deps: HostServersDeps) {}

  /** The connection for this server, created on its first hand-over. */
  add(spec: ServerSpec): ServerConnection {
    const id = serverIdentity(spec);
    const known = this.connections.get(id);
    if (known) return known;
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
      logger: prefixedLogger(this.deps.logger, `[${spec.label}] `),
    });
    // Remember the session while it runs; a session we stop is ended (unless kept, see stopAll).
    connection.onDidChangeSession((change) => {
      if (change.session) sessions.set(id, connection.httpSession);
      else if (change.reason === 'stopped' && !this.keptSessions.has(id)) sessions.set(id, undefined);
    });
    this.connections.set(id, connection);
    this.changed.fire();
    this.deps.onAdded(id);
    return connection;
  }

  get(serverId: string): ServerConnection | undefined {
    return this.connections.get(serverId);
  }

  all(): readonly McpServerHandle[] {
    return [...this.connections.values()];
  }

  /** Stops every server; HTTP sessions in `keepSessionsOf` stay open on their servers. */
  async stopAll(keepSessionsOf: ReadonlySet<string>): Promise<void> {
    for (const id of keepSessionsOf) this.keptSessions.add(id);
    await Promise.all([...this.connections.values()].map((c) => c.stop('The task host stopped', { keepSession: keepSessionsOf.has(c.id) })));
  }

  dispose(): void {
    for (const connection of this.connections.values()) connection.dispose();
    this.connections.clear();
    this.changed.dispose();
  }
}
