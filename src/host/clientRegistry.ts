/**
 * The clients attached to the host (windows, command-line calls): who they are, which servers
 * they handed over, which tasks they started or follow. Questions from a server are routed with
 * what this registry knows.
 */
import type { MessageConnection } from 'vscode-jsonrpc';
import type { ClientKind, Hello } from '../channel/hostProtocol';
import { Emitter } from '../core/events';

export interface AttachedClient {
  readonly id: string;
  readonly kind: ClientKind;
  readonly label: string;
  readonly pid: number;
  readonly connection: MessageConnection;
  readonly watch: Hello['watch'];
  /** Task keys this client started, tracked, cancelled or discovered ('own' watchers get only these). */
  readonly tasks: Set<string>;
  /** Servers this client handed over, newest last. */
  readonly servers: Set<string>;
}

export class ClientRegistry {
  private readonly clients = new Map<string, AttachedClient>();
  private readonly changed = new Emitter<void>();
  private readonly serverAdded = new Emitter<{ client: AttachedClient; serverId: string }>();
  private seq = 0;
  /** Attached or detached. */
  readonly onDidChange = this.changed.event;
  /** A client handed over a server (it can now be asked that server's questions). */
  readonly onDidAddServer = this.serverAdded.event;

  attach(hello: Hello, connection: MessageConnection): AttachedClient {
    const client: AttachedClient = {
      id: `c${++this.seq}`,
      kind: hello.client.kind,
      label: hello.client.label,
      pid: hello.client.pid,
      connection,
      watch: hello.watch,
      tasks: new Set(),
      servers: new Set(),
    };
    this.clients.set(client.id, client);
    this.changed.fire();
    return client;
  }

  detach(client: AttachedClient): void {
    if (this.clients.delete(client.id)) this.changed.fire();
  }

  addServer(client: AttachedClient, serverId: string): void {
    client.servers.delete(serverId);
    client.servers.add(serverId);
    this.serverAdded.fire({ client, serverId });
  }

  get size(): number {
    return this.clients.size;
  }

  all(): AttachedClient[] {
    return [...this.clients.values()];
  }

  isAttached(client: AttachedClient): boolean {
    return this.clients.get(client.id) === client;
  }

  /**
   * Who should answer a question from `serverId` about task `key`: the client that started or
   * follows that task, else the client that handed the server over most recently.
   */
  answererFor(serverId: string, key: string | undefined): AttachedClient | undefined {
    const all = [...this.clients.values()].reverse();
    return (key !== undefined ? all.find((c) => c.tasks.has(key) && c.servers.has(serverId)) : undefined)
      ?? all.find((c) => c.servers.has(serverId));
  }
}
