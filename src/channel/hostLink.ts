/**
 * A window's lasting link to the background task host: one HostClient at a time, made when
 * something needs the host (a window with no MCP server starts none), made again after the host
 * went away. Its events outlive each client, so the views subscribe once. Clients are opened
 * through `open` (HostClient.connect), so a window loads the channel's code only when it first
 * needs the host.
 */
import { DisposableStore, Emitter, type Disposable } from '../core/events';
import type { TaskRecord } from '../core/model/taskRecord';
import type { HostClient, HostClientOptions } from './hostClient';
import type { ServerLogLine, ServerSnapshot } from './hostProtocol';

/** How a client's channel ended: the host stopped on purpose (it said why), or it crashed. */
export type HostLoss = { readonly kind: 'stopped'; readonly reason: string } | { readonly kind: 'crashed' };

export class HostLink implements Disposable {
  private readonly changed = new Emitter<TaskRecord>();
  private readonly removed = new Emitter<string>();
  private readonly serverChanged = new Emitter<ServerSnapshot>();
  private readonly serverLogged = new Emitter<ServerLogLine>();
  private readonly connected = new Emitter<HostClient>();
  private readonly lost = new Emitter<HostLoss>();
  readonly onDidChangeTask = this.changed.event;
  readonly onDidRemoveTask = this.removed.event;
  readonly onDidChangeServer = this.serverChanged.event;
  readonly onDidLogServer = this.serverLogged.event;
  /** A new channel is up (the first, or one after a loss); fires before connect() resolves. */
  readonly onDidConnect = this.connected.event;
  /** The current channel ended. */
  readonly onDidLose = this.lost.event;
  private current: HostClient | undefined;
  private connecting: Promise<HostClient> | undefined;
  private disposed = false;

  constructor(
    private readonly options: HostClientOptions,
    private readonly open: (options: HostClientOptions) => Promise<HostClient>,
  ) {}

  /** The channel, if one is up now. */
  get client(): HostClient | undefined {
    return this.current;
  }

  /** The channel, made (and the host started) when there is none. */
  connect(): Promise<HostClient> {
    if (this.current) return Promise.resolve(this.current);
    this.connecting ??= this.open(this.options).then((client) => this.adopt(client)).finally(() => { this.connecting = undefined; });
    return this.connecting;
  }

  /** The channel to a host that already runs; undefined when none does (none is started). */
  async attach(): Promise<HostClient | undefined> {
    if (this.current || this.connecting) return this.connect();
    const client = await this.open({ ...this.options, launch: undefined }).catch(() => undefined);
    if (!client) return undefined;
    if (this.current) {
      client.dispose();
      return this.current;
    }
    return this.adopt(client);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.current?.dispose();
    for (const emitter of [this.changed, this.removed, this.serverChanged, this.serverLogged, this.connected, this.lost]) emitter.dispose();
  }

  private adopt(client: HostClient): HostClient {
    if (this.disposed) {
      client.dispose();
      throw new Error('the window closed its link to the task host');
    }
    const forwarding = new DisposableStore();
    forwarding.add(client.onDidChangeTask((record) => this.changed.fire(record)));
    forwarding.add(client.onDidRemoveTask((key) => this.removed.fire(key)));
    forwarding.add(client.onDidChangeServer((snapshot) => this.serverChanged.fire(snapshot)));
    forwarding.add(client.onDidLogServer((line) => this.serverLogged.fire(line)));
    forwarding.add(client.onDidClose(() => {
      forwarding.dispose();
      if (this.current !== client) return;
      this.current = undefined;
      if (!this.disposed) this.lost.fire(client.stopNotice !== undefined ? { kind: 'stopped', reason: client.stopNotice } : { kind: 'crashed' });
    }));
    this.current = client;
    this.connected.fire(client);
    return client;
  }
}
