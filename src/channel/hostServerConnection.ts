/**
 * A configured server of a window whose tasks run in the background task host. The window keeps
 * what is its to decide (trust, consent, resolving inputs and secrets) and hands the resolved
 * definition to the host at each start; the host runs the server, and its state, tools and log
 * come back here. It looks like a connection in the window's own process to the registry and views.
 */
import type { LoggingLevel, ServerCapabilities, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ServerDefinition } from '../core/config/types';
import { DisposableStore, Emitter } from '../core/events';
import { silentLogger, type Logger } from '../core/ports';
import type { ServerConnectionOptions } from '../core/servers/serverConnection';
import { isStartRefused } from '../core/servers/startRefused';
import type { ManagedServer, ServerSession, ServerState, SessionChange } from '../core/servers/types';
import { errorMessage } from '../core/tasks/protocolErrors';
import type { HostLink } from './hostLink';
import type { ServerLogLine, ServerSnapshot } from './hostProtocol';


export interface HostServerOptions {
  readonly connection: Pick<ServerConnectionOptions, 'id' | 'label' | 'definition' | 'beforeStart' | 'logger'>;
  readonly host: HostLink;
  /** The environment entries the configuration set (the rest of a stdio server's is inherited). */
  readonly identityEnv?: (definition: ServerDefinition) => Record<string, string | null>;
  /** Resolved secrets the host must mask in its log (asked at each hand-over: inputs resolve late). */
  readonly secrets?: () => string[];
}

export class HostServerConnection implements ManagedServer {
  readonly id: string;
  readonly label: string;
  private readonly stateEmitter = new Emitter<ServerState>();
  private readonly sessionEmitter = new Emitter<SessionChange>();
  private readonly toolsEmitter = new Emitter<readonly Tool[]>();
  readonly onDidChangeState = this.stateEmitter.event;
  readonly onDidChangeSession = this.sessionEmitter.event;
  readonly onDidChangeTools = this.toolsEmitter.event;
  private readonly disposables = new DisposableStore();
  private readonly logger: Logger;
  private snapshot: ServerSnapshot | undefined;
  private _definition: ServerDefinition | undefined;
  private starting: Promise<void> | undefined;
  private logLevel: LoggingLevel | undefined;
  private disposed = false;
  private handedOver = false;

  constructor(private readonly options: HostServerOptions) {
    this.id = options.connection.id;
    this.label = options.connection.label;
    this.logger = options.connection.logger ?? silentLogger;
    this.disposables.add(options.host.onDidChangeServer((snapshot) => { if (snapshot.serverId === this.id) this.apply(snapshot); }));
    this.disposables.add(options.host.onDidLogServer((line) => { if (line.serverId === this.id) this.log(line); }));
    this.disposables.add(options.host.onDidLose((loss) => {
      if (!this.snapshot || this.state.kind === 'stopped') return;
      if (loss.kind === 'stopped') {
        this.handedOver = false;
        this.apply({ ...this.snapshot, state: { kind: 'stopped', reason: `The task host stopped (${loss.reason})` } });
      } else {
        const message = 'The task host ended unexpectedly';
        this.apply({ ...this.snapshot, state: { kind: 'error', message }, lastError: message });
      }
    }));
  }

  get state(): ServerState { return this.snapshot?.state ?? { kind: 'stopped' }; }
  get tools(): readonly Tool[] | undefined { return this.snapshot?.tools; }
  get serverCapabilities(): ServerCapabilities | undefined { return this.snapshot?.state.kind === 'running' ? this.snapshot.capabilities : undefined; }
  get restartCount(): number { return this.snapshot?.restartCount ?? 0; }
  get lastError(): string | undefined { return this.snapshot?.lastError; }
  get pid(): number | undefined { return this.snapshot?.pid; }
  get definition(): ServerDefinition | undefined { return this._definition; }
  /** This window handed the server over and did not stop it: a new host after a crash should run it. */
  get wantsHost(): boolean { return this.handedOver; }
  /** The host holds the session; this window speaks to it only through the host. */
  get session(): ServerSession | undefined { return undefined; }

  /** What the host already runs under this id (another window or an earlier run handed it over). */
  adopt(snapshot: ServerSnapshot): void {
    this.apply(snapshot);
  }

  /** Trust and consent, then the definition, then the host starts (or already runs) the server. */
  async connect(): Promise<undefined> {
    if (this.state.kind !== 'running' || !this.starting) await this.handOver();
    return undefined;
  }

  async start(): Promise<void> {
    await this.handOver();
  }

  async stop(reason?: string): Promise<void> {
    this.starting = undefined;
    this.handedOver = false;
    const host = this.options.host.client;
    if (this.snapshot && host) await host.stopServer(this.id, reason);
  }

  async restart(): Promise<void> {
    await this.stop('Restarting');
    await this.handOver();
  }

  setLogLevel(level: LoggingLevel): void {
    this.logLevel = level;
    if (this.snapshot) this.options.host.client?.setServerLogLevel(this.id, level).catch((err: unknown) => this.logger.warn(`Could not set the log level: ${errorMessage(err)}`));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // The server stays with the host: other windows and its tasks may need it.
    this.disposables.dispose();
    this.stateEmitter.dispose();
    this.sessionEmitter.dispose();
    this.toolsEmitter.dispose();
  }

  private handOver(): Promise<void> {
    this.starting ??= this.runHandOver().catch((err: unknown) => {
      this.starting = undefined;
      throw err;
    });
    return this.starting;
  }

  private async runHandOver(): Promise<void> {
    const { connection, identityEnv, secrets } = this.options;
    try {
      await connection.beforeStart?.();
    } catch (err) {
      if (isStartRefused(err)) this.apply({ ...this.emptySnapshot(), state: { kind: 'stopped', reason: err.message } });
      throw err;
    }
    const definition = typeof connection.definition === 'function' ? await connection.definition() : connection.definition;
    this._definition = definition;
    if (this.state.kind === 'stopped' || this.state.kind === 'error') this.apply({ ...this.emptySnapshot(), state: { kind: 'starting' } });
    try {
      const host = await this.options.host.connect();
      this.apply(await host.connectServer({
        serverId: this.id,
        label: this.label,
        definition,
        ...(identityEnv ? { identityEnv: identityEnv(definition) } : {}),
        ...(secrets ? { secrets: secrets() } : {}),
      }));
      this.handedOver = true;
      if (this.logLevel) await host.setServerLogLevel(this.id, this.logLevel);
    } catch (err) {
      this.apply({ ...this.emptySnapshot(), state: { kind: 'error', message: errorMessage(err) }, lastError: errorMessage(err) });
      throw err;
    }
  }

  private emptySnapshot(): ServerSnapshot {
    return { serverId: this.id, label: this.label, state: { kind: 'stopped' }, capabilities: undefined, tools: undefined, restartCount: this.restartCount };
  }

  private apply(snapshot: ServerSnapshot): void {
    const before = this.snapshot;
    this.snapshot = snapshot;
    if (JSON.stringify(before?.state) !== JSON.stringify(snapshot.state)) {
      if (snapshot.state.kind !== 'running') this.starting = undefined;
      this.stateEmitter.fire(snapshot.state);
    }
    if (snapshot.tools && before?.tools !== snapshot.tools) this.toolsEmitter.fire(snapshot.tools);
  }

  private log(line: ServerLogLine): void {
    this.logger[line.level](line.message);
  }
}
