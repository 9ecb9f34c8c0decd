/**
 * One configured MCP server: starts it on demand, keeps one initialized session with a fresh tool
 * list, restarts it with backoff after a crash, and replaces an HTTP session the server forgot.
 * Its lifecycle is one tagged-union state; views render `state`, `tools` and the events.
 */
import type { ClientCapabilities, Implementation, LoggingLevel, Tool } from '@modelcontextprotocol/sdk/types.js';
import { DisposableStore, Emitter, type Disposable } from '../events';
import type { ServerDefinition } from '../config/types';
import type { HostedTaskOptions } from '../hosted/hostedTaskOptions';
import { HostedTaskService } from '../hosted/hostedTaskService';
import { silentLogger, systemClock, type Clock, type HostRequestHandler, type Logger } from '../ports';
import { describeTransportError, errorMessage, isSessionNotFound } from './connectionErrors';
import { honestCapabilities } from './hostCapabilities';
import { resolveRestartPolicy, restartDelay, type RestartPolicy } from './restartPolicy';
import { Launch, type LaunchListener } from './sessionLaunch';
import { ToolsRefresher } from './toolsRefresher';
import type { McpServerHandle, RootsProvider, ServerSession, ServerState, SessionChange, SessionChangeReason } from './types';

/** Supplies the definition at each start (variables are resolved late, inputs asked on demand). */
export type DefinitionProvider = () => Promise<ServerDefinition>;

/** Thrown by `beforeStart` to refuse a start (e.g. an untrusted server): the state becomes stopped with this reason. */
export class StartRefusedError extends Error {
  override readonly name = 'StartRefusedError';
}

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
   * Lets the server send elicitation/sampling as tasks the host runs (client-side tasks): limits
   * for a service of this connection's own, or a service shared by all connections (the editor
   * lists them together). Declared only for what `capabilities` and `hostRequests` serve.
   */
  readonly hostedTasks?: HostedTaskOptions | HostedTaskService;
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly restart?: Partial<RestartPolicy>;
  readonly clientInfo?: Implementation;
  /** Quiet period before tools/list is fetched again after list_changed (bursts are common). */
  readonly toolsDebounceMs?: number;
}

export const defaultClientInfo: Implementation = { name: 'mcp-tasks', version: '0.1.0' };

export class ServerConnection implements McpServerHandle, Disposable, LaunchListener {
  readonly id: string;
  readonly label: string;

  private readonly stateEmitter = new Emitter<ServerState>();
  private readonly sessionEmitter = new Emitter<SessionChange>();
  private readonly toolsEmitter = new Emitter<readonly Tool[]>();
  readonly onDidChangeState = this.stateEmitter.event;
  readonly onDidChangeSession = this.sessionEmitter.event;
  readonly onDidChangeTools = this.toolsEmitter.event;

  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly policy: RestartPolicy;
  private readonly capabilities: ClientCapabilities;
  private readonly disposables = new DisposableStore();
  private readonly refresher: ToolsRefresher;
  private readonly _hostedTasks: HostedTaskService | undefined;

  private _state: ServerState = { kind: 'stopped' };
  private _tools: readonly Tool[] | undefined;
  private _restartCount = 0;
  private _lastError: string | undefined;
  private _definition: ServerDefinition | undefined;
  private current: Launch | undefined;
  private pending: Promise<ServerSession> | undefined;
  private generation = 0;
  /** Consecutive automatic restarts in the current series. */
  private streak = 0;
  private runningSince: number | undefined;
  private restartTimer: Disposable | undefined;
  private preferLegacySse = false;
  private logLevel: LoggingLevel | undefined;
  private disposed = false;

  constructor(private readonly options: ServerConnectionOptions) {
    this.id = options.id;
    this.label = options.label;
    if (typeof options.definition !== 'function') this._definition = options.definition;
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? systemClock;
    this.policy = resolveRestartPolicy(options.restart);
    const hosted = options.hostedTasks;
    if (hosted instanceof HostedTaskService) this._hostedTasks = hosted;
    else if (hosted) this._hostedTasks = this.disposables.add(new HostedTaskService(hosted, { clock: this.clock, logger: this.logger }));
    this.capabilities = honestCapabilities({ ...options, hostedTasks: this._hostedTasks !== undefined }, this.logger);
    this.refresher = new ToolsRefresher(this.clock, options.toolsDebounceMs ?? 100, (gen) => this.refreshTools(gen));
    this.disposables.add(this.refresher);
    const rootsChanged = options.roots?.onDidChangeRoots;
    if (rootsChanged) {
      this.disposables.add(rootsChanged(() => {
        this.current?.client.sendRootsListChanged().catch((e) => this.logger.warn(`Could not announce changed roots: ${errorMessage(e)}`));
      }));
    }
  }

  get state(): ServerState { return this._state; }
  /** The definition of the last start (undefined before a lazily resolved one was first started). */
  get definition(): ServerDefinition | undefined { return this._definition; }
  get tools(): readonly Tool[] | undefined { return this._tools; }
  /** Automatic restarts since this connection was created. */
  get restartCount(): number { return this._restartCount; }
  /** The last failure (crash, failed start), kept after a successful restart for display. */
  get lastError(): string | undefined { return this._lastError; }
  /** The tasks this server asked the host to run, when hosted tasks are enabled. */
  get hostedTasks(): HostedTaskService | undefined { return this._hostedTasks; }
  /** Process id of a running stdio server. */
  get pid(): number | undefined { return this.current?.pid(); }

  /** The same object for the whole life of one session, so it can be compared by identity. */
  get session(): ServerSession | undefined {
    return this._state.kind === 'running' && this.current ? this.current.session : undefined;
  }

  async connect(): Promise<ServerSession> {
    const session = this.session;
    if (session && this._tools) return session;
    if (this.pending) return this.pending;
    if (this._state.kind === 'restarting') return this.nextOutcome();
    return this.start();
  }

  /** Starts the server (a fresh series of restart attempts); resolves once it is running. */
  start(): Promise<ServerSession> {
    if (this.disposed) return Promise.reject(new Error(`Server "${this.label}" was disposed`));
    const session = this.session;
    if (session) return Promise.resolve(session);
    if (this.pending) return this.pending;
    this.cancelRestart();
    this.streak = 0;
    return this.launch('connected', false);
  }

  async stop(reason = 'Stopped'): Promise<void> {
    this.cancelRestart();
    this.generation++; // a start still in flight must not come back to life
    const launch = this.current;
    const hadSession = this.session !== undefined;
    this.current = undefined;
    this.pending = undefined;
    this.runningSince = undefined;
    this.setState({ kind: 'stopped', reason });
    if (hadSession) this.sessionEmitter.fire({ session: undefined, reason: 'stopped' });
    if (launch) await launch.close();
  }

  /** Stops and starts again on purpose; the restart series starts over. */
  async restart(): Promise<ServerSession> {
    await this.stop('Restarting');
    return this.start();
  }

  /** Follows the level the host wants to see server logs at (logging/setLevel). */
  setLogLevel(level: LoggingLevel): void {
    this.logLevel = level;
    const launch = this.current;
    if (launch && this._state.kind === 'running') void this.applyLogLevel(launch);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // A connection already stopped keeps the reason it was stopped for.
    const stopped = this._state.kind === 'stopped' && !this.current && !this.pending ? Promise.resolve() : this.stop('Disposed');
    void stopped.finally(() => {
      this.stateEmitter.dispose();
      this.sessionEmitter.dispose();
      this.toolsEmitter.dispose();
    });
    this.disposables.dispose();
  }

  // --- LaunchListener -------------------------------------------------------------------

  onClose(launch: Launch): void {
    if (launch !== this.current || launch.closing || this._state.kind !== 'running') return;
    this.lost(launch, launch.describeFailure());
  }

  onError(launch: Launch, error: Error): void {
    if (launch !== this.current || launch.closing) return;
    if (isSessionNotFound(error)) {
      if (this._state.kind === 'running') void this.reinitialize(launch, error);
      return;
    }
    // A late answer to a request we stopped waiting for (a renewed or given-up tasks/result).
    if (/response for an unknown message ID/i.test(error.message)) {
      this.logger.debug(error.message);
      return;
    }
    this.logger.error(describeTransportError(error));
    // The SDK gives up on a dropped HTTP event stream after a few retries: the server is gone.
    if (/Maximum reconnection attempts/.test(error.message) && this._state.kind === 'running') {
      this.lost(launch, `Lost the connection to the server: ${error.message}`);
      void launch.close();
    }
  }

  onToolsChanged(launch: Launch): void {
    if (launch === this.current) this.refresher.schedule(launch.generation);
  }

  // --- internals -----------------------------------------------------------------------

  private launch(reason: SessionChangeReason, automatic: boolean): Promise<ServerSession> {
    const generation = ++this.generation;
    this.setState({ kind: 'starting' });
    const promise = this.openLaunch(generation, reason).then(
      (session) => {
        if (this.pending === promise) this.pending = undefined;
        return session;
      },
      (error: unknown) => {
        if (this.pending === promise) this.pending = undefined;
        if (this.generation !== generation) throw error; // stopped or replaced meanwhile
        const message = errorMessage(error);
        if (error instanceof StartRefusedError) {
          this.setState({ kind: 'stopped', reason: message });
          throw error;
        }
        this._lastError = message;
        this.logger.error(`Could not start: ${message}`);
        if (automatic || reason === 'reinitialized') this.scheduleRestart(message);
        else this.setState({ kind: 'error', message });
        throw error;
      },
    );
    this.pending = promise;
    return promise;
  }

  private async openLaunch(generation: number, reason: SessionChangeReason): Promise<ServerSession> {
    await this.options.beforeStart?.();
    const definition = typeof this.options.definition === 'function' ? await this.options.definition() : this.options.definition;
    this._definition = definition;
    if (this.generation !== generation) throw new Error(`Start of "${this.label}" was superseded`);
    const launch = await Launch.open({
      serverId: this.id,
      serverLabel: this.label,
      definition,
      capabilities: this.capabilities,
      clientInfo: this.options.clientInfo ?? defaultClientInfo,
      hostRequests: this.options.hostRequests,
      roots: this.options.roots,
      hostedTasks: this._hostedTasks,
      logger: this.logger,
      preferLegacySse: this.preferLegacySse,
    }, generation, this);
    if (this.generation !== generation) {
      await launch.close();
      throw new Error(`Start of "${this.label}" was superseded`);
    }
    this.preferLegacySse = launch.usedLegacySse;
    this.current = launch;
    const tools = await launch.listTools().catch((error: unknown) => {
      this.logger.error(`tools/list failed: ${errorMessage(error)}`);
      return [] as Tool[];
    });
    if (launch.closed) {
      this.current = undefined;
      throw new Error(launch.describeFailure());
    }
    if (this.generation !== generation) {
      await launch.close();
      throw new Error(`Start of "${this.label}" was superseded`);
    }
    this.setTools(tools);
    this.runningSince = this.clock.now();
    this.setState({ kind: 'running' });
    const session = launch.session;
    this.logger.info(`Running (session ${generation}, ${tools.length} tools)`);
    this.sessionEmitter.fire({ session, reason });
    if (this.logLevel) void this.applyLogLevel(launch);
    return session;
  }

  private lost(launch: Launch, message: string): void {
    launch.closing = true;
    this.current = undefined;
    this._lastError = message;
    this.logger.error(`Connection lost: ${message}`);
    this.sessionEmitter.fire({ session: undefined, reason: 'lost' });
    this.scheduleRestart(message);
  }

  private async reinitialize(launch: Launch, error: Error): Promise<void> {
    this.logger.warn(`The server no longer knows session ${launch.generation} (${error.message}); starting a new session`);
    launch.closing = true;
    this.current = undefined;
    void launch.close();
    await this.launch('reinitialized', true).catch(() => undefined);
  }

  private scheduleRestart(lastError: string): void {
    if (this.runningSince !== undefined && this.clock.now() - this.runningSince >= this.policy.stableAfterMs) this.streak = 0;
    this.runningSince = undefined;
    if (this.streak >= this.policy.maxAttempts) {
      const message = this.policy.maxAttempts === 0
        ? lastError
        : `${lastError}\nGave up after ${this.streak} restart attempt${this.streak === 1 ? '' : 's'}.`;
      this.setState({ kind: 'error', message });
      return;
    }
    const attempt = ++this.streak;
    const delayMs = restartDelay(this.policy, attempt);
    this.logger.warn(`Restarting in ${delayMs} ms (attempt ${attempt} of ${this.policy.maxAttempts})`);
    this.setState({ kind: 'restarting', attempt, delayMs, lastError });
    this.restartTimer = this.clock.setTimeout(() => {
      this.restartTimer = undefined;
      this._restartCount++;
      this.launch('connected', true).catch(() => undefined);
    }, delayMs);
  }

  private cancelRestart(): void {
    this.restartTimer?.dispose();
    this.restartTimer = undefined;
  }

  /** Resolves when a pending automatic restart succeeds; rejects when the connection gives up or stops. */
  private nextOutcome(): Promise<ServerSession> {
    return new Promise((resolve, reject) => {
      const listener = this.onDidChangeState((state) => {
        if (state.kind === 'running' && this.session) { listener.dispose(); resolve(this.session); }
        else if (state.kind === 'error') { listener.dispose(); reject(new Error(state.message)); }
        else if (state.kind === 'stopped') { listener.dispose(); reject(new Error(state.reason ?? 'Stopped')); }
      });
    });
  }

  private async refreshTools(generation: number): Promise<void> {
    const launch = this.current;
    if (!launch || launch.generation !== generation) return;
    try {
      const tools = await launch.listTools();
      if (this.current === launch) this.setTools(tools);
    } catch (error) {
      this.logger.warn(`tools/list after list_changed failed: ${errorMessage(error)}`);
    }
  }

  private async applyLogLevel(launch: Launch): Promise<void> {
    if (!this.logLevel || !launch.client.getServerCapabilities()?.logging) return;
    await launch.client.setLoggingLevel(this.logLevel).catch((e) => this.logger.warn(`logging/setLevel failed: ${errorMessage(e)}`));
  }

  private setTools(tools: readonly Tool[]): void {
    this._tools = tools;
    this.toolsEmitter.fire(tools);
  }

  private setState(state: ServerState): void {
    this._state = state;
    this.stateEmitter.fire(state);
  }
}
