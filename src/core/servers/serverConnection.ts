/**
 * One configured MCP server: starts it on demand, keeps one initialized session with a fresh tool
 * list, restarts it with backoff after a crash, and replaces an HTTP session the server forgot.
 * Its lifecycle is one tagged union whose phases carry what they own (the start in flight, the
 * live session, the restart timer), so no field can disagree with the state; views render
 * `state`, `tools` and the events.
 */
import type { ClientCapabilities, LoggingLevel, ServerCapabilities, Tool } from '@modelcontextprotocol/sdk/types.js';
import { DisposableStore, Emitter, type Disposable } from '../events';
import type { ServerDefinition } from '../config/types';
import type { HostedTaskService } from '../hosted/hostedTaskService';
import { silentLogger, systemClock, type Clock, type Logger } from '../ports';
import { capLogMessage } from '../logCap';
import { describeTransportError, errorMessage, isSessionNotFound } from './connectionErrors';
import { honestCapabilities } from './hostCapabilities';
import { resolveRestartPolicy, RestartSeries } from './restartPolicy';
import { launchOf, publicState, type Phase, type Running, type Starting } from './connectionPhase';
import { LaunchSeries } from './launchSeries';
import type { Launch, LaunchListener } from './sessionLaunch';
import { isStartRefused } from './startRefused';
import { ToolsRefresher } from './toolsRefresher';
import { defaultClientInfo, type DefinitionProvider, type ServerConnectionOptions } from './connectionOptions';
import type { ManagedServer, SavedHttpSession, ServerSession, ServerState, SessionChange, SessionChangeReason } from './types';

export { StartRefusedError } from './startRefused';
export { defaultClientInfo, type DefinitionProvider, type ServerConnectionOptions };

export class ServerConnection implements ManagedServer, Disposable, LaunchListener {
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
  private readonly restarts: RestartSeries;
  private readonly capabilities: ClientCapabilities;
  private readonly disposables = new DisposableStore();
  private readonly refresher: ToolsRefresher;
  private readonly launches: LaunchSeries;

  private phase: Phase = { kind: 'stopped' };
  private _state: ServerState = { kind: 'stopped' };
  private _tools: readonly Tool[] | undefined;
  private _restartCount = 0;
  private _lastError: string | undefined;
  private _definition: ServerDefinition | undefined;
  private logLevel: LoggingLevel | undefined;
  private disposed = false;

  constructor(private readonly options: ServerConnectionOptions) {
    this.id = options.id;
    this.label = options.label;
    if (typeof options.definition !== 'function') this._definition = options.definition;
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? systemClock;
    this.restarts = new RestartSeries(resolveRestartPolicy(options.restart));
    this.capabilities = honestCapabilities({ ...options, hostedTasks: options.hostedTasks !== undefined }, this.logger);
    this.launches = new LaunchSeries({
      serverId: this.id,
      serverLabel: this.label,
      capabilities: this.capabilities,
      clientInfo: options.clientInfo ?? defaultClientInfo,
      hostRequests: options.hostRequests,
      roots: options.roots,
      hostedTasks: options.hostedTasks,
      logger: this.logger,
    }, options.resumeSession);
    this.refresher = new ToolsRefresher(this.clock, options.toolsDebounceMs ?? 100, (gen) => this.refreshTools(gen));
    this.disposables.add(this.refresher);
    const rootsChanged = options.roots?.onDidChangeRoots;
    if (rootsChanged) {
      this.disposables.add(rootsChanged(() => {
        launchOf(this.phase)?.rootsChanged().catch((e) => this.logger.warn(`Could not announce changed roots: ${errorMessage(e)}`));
      }));
    }
  }

  get state(): ServerState { return this._state; }
  /** The definition of the last start (undefined before a lazily resolved one was first started). */
  get definition(): ServerDefinition | undefined { return this._definition; }
  get tools(): readonly Tool[] | undefined { return this._tools; }
  get serverCapabilities(): ServerCapabilities | undefined { return this.session?.serverCapabilities; }
  /** Automatic restarts since this connection was created. */
  get restartCount(): number { return this._restartCount; }
  /** The last failure (crash, failed start), kept after a successful restart for display. */
  get lastError(): string | undefined { return this._lastError; }
  /** The tasks this server asked the host to run, when hosted tasks are enabled. */
  get hostedTasks(): HostedTaskService | undefined { return this.options.hostedTasks; }
  /** The Streamable HTTP session this connection runs on, as a later process could go on with it. */
  get httpSession(): SavedHttpSession | undefined { return launchOf(this.phase)?.savedSession(); }
  /** Process id of a running stdio server. */
  get pid(): number | undefined { return launchOf(this.phase)?.pid(); }

  /** The same object for the whole life of one session, so it can be compared by identity. */
  get session(): ServerSession | undefined {
    const phase = this.phase;
    return phase.kind === 'running' && !phase.launch.closing ? phase.launch.session : undefined;
  }

  async connect(): Promise<ServerSession> {
    const session = this.session;
    if (session && this._tools) return session;
    if (this.phase.kind === 'starting' && this.phase.done) return this.phase.done;
    if (this.phase.kind === 'restarting') return this.nextOutcome();
    return this.start();
  }

  /** Starts the server (a fresh series of restart attempts); resolves once it is running. */
  start(): Promise<ServerSession> {
    if (this.disposed) return Promise.reject(new Error(`Server "${this.label}" was disposed`));
    const session = this.session;
    if (session) return Promise.resolve(session);
    if (this.phase.kind === 'starting' && this.phase.done) return this.phase.done;
    this.restarts.reset();
    return this.launch({ kind: 'starting', reason: 'connected', automatic: false });
  }

  /**
   * Stops the server. `keepSession` leaves an HTTP session open on the server: servers keep tasks
   * per session, so a session with live tasks is never ended by us.
   */
  async stop(reason = 'Stopped', options: { keepSession?: boolean } = {}): Promise<void> {
    const launch = launchOf(this.phase);
    const hadSession = this.session !== undefined;
    // A start still in flight sees that it was superseded and does not come back to life.
    this.enter({ kind: 'stopped', reason });
    if (hadSession) this.sessionEmitter.fire({ session: undefined, reason: 'stopped' });
    if (launch) await launch.close(options.keepSession);
  }

  /** Stops and starts again on purpose; the restart series starts over. */
  async restart(): Promise<ServerSession> {
    await this.stop('Restarting');
    return this.start();
  }

  /** Follows the level the host wants to see server logs at (logging/setLevel). */
  setLogLevel(level: LoggingLevel): void {
    this.logLevel = level;
    if (this.phase.kind === 'running') void this.applyLogLevel(this.phase.launch);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // A connection already stopped keeps the reason it was stopped for.
    const stopped = this.phase.kind === 'stopped' ? Promise.resolve() : this.stop('Disposed');
    void stopped.finally(() => {
      this.stateEmitter.dispose();
      this.sessionEmitter.dispose();
      this.toolsEmitter.dispose();
    });
    this.disposables.dispose();
  }

  // --- LaunchListener -------------------------------------------------------------------

  onClose(launch: Launch): void {
    const phase = this.phase;
    if (phase.kind !== 'running' || phase.launch !== launch || launch.closing) return;
    this.lost(phase, launch.describeFailure());
  }

  onError(launch: Launch, error: Error): void {
    const phase = this.phase;
    if (launchOf(phase) !== launch || launch.closing) return;
    if (isSessionNotFound(error)) {
      if (phase.kind === 'running') void this.reinitialize(phase, error);
      return;
    }
    // A late answer to a request we stopped waiting for (a renewed or given-up tasks/result).
    if (/response for an unknown message ID/i.test(error.message)) {
      // The SDK's message quotes the whole answer, which may be a result of many megabytes.
      this.logger.debug(capLogMessage(error.message));
      return;
    }
    this.logger.error(describeTransportError(error));
    // The SDK gives up on a dropped HTTP event stream after a few retries: the server is gone.
    if (/Maximum reconnection attempts/.test(error.message) && phase.kind === 'running') {
      this.lost(phase, `Lost the connection to the server: ${error.message}`);
      void launch.close();
    }
  }

  onToolsChanged(launch: Launch): void {
    if (launchOf(this.phase) === launch) this.refresher.schedule(launch.generation);
  }

  // --- internals -----------------------------------------------------------------------

  private enter(phase: Phase): void {
    if (this.phase.kind === 'restarting') this.phase.timer.dispose();
    this.phase = phase;
    this._state = publicState(phase);
    this.stateEmitter.fire(this._state);
  }

  /** Throws when a newer start or a stop replaced this one. */
  private stillCurrent(starting: Starting): void {
    if (this.phase !== starting) throw new Error(`Start of "${this.label}" was superseded`);
  }

  private launch(starting: Starting): Promise<ServerSession> {
    this.enter(starting);
    const done = this.openLaunch(starting).catch((error: unknown) => {
      if (this.phase !== starting) throw error; // stopped or replaced meanwhile
      const message = errorMessage(error);
      if (isStartRefused(error)) {
        this.enter({ kind: 'stopped', reason: message });
        throw error;
      }
      this._lastError = message;
      this.logger.error(`Could not start: ${message}`);
      if (starting.automatic) this.scheduleRestart(message, starting.ranSince);
      else this.enter({ kind: 'error', message });
      throw error;
    });
    starting.done = done;
    return done;
  }

  private async openLaunch(starting: Starting): Promise<ServerSession> {
    await this.options.beforeStart?.();
    const definition = typeof this.options.definition === 'function' ? await this.options.definition() : this.options.definition;
    this._definition = definition;
    this.stillCurrent(starting);
    const resume = this.launches.resumeFor(definition);
    if (!resume) return this.runLaunch(starting, definition, undefined, starting.reason);
    try {
      const session = await this.runLaunch(starting, definition, resume, starting.reason);
      this.launches.dropResume();
      return session;
    } catch (error) {
      // Kept for the next attempt unless the server said the session is gone.
      if (!isSessionNotFound(error)) throw error;
      this.launches.dropResume();
      this.logger.warn(`The server no longer knows session ${resume.sessionId}; starting a new session`);
      return this.runLaunch(starting, definition, undefined, 'reinitialized');
    }
  }

  private async runLaunch(starting: Starting, definition: ServerDefinition, resume: SavedHttpSession | undefined, reason: SessionChangeReason): Promise<ServerSession> {
    const launch = await this.launches.open(definition, resume, this);
    await this.closeUnlessCurrent(starting, launch);
    // Only a launch that is still the current one teaches the next ones (a superseded one may be of an older definition).
    this.launches.learn(launch);
    starting.launch = launch;
    const tools = await launch.listTools().catch(async (error: unknown) => {
      // A resumed session is only good if it answers; the session is not ours to end.
      if (resume) {
        launch.closing = true;
        await launch.close(true);
        throw error;
      }
      this.logger.error(`tools/list failed: ${errorMessage(error)}`);
      return [] as Tool[];
    });
    if (launch.closed) throw new Error(launch.describeFailure());
    await this.closeUnlessCurrent(starting, launch);
    this.setTools(tools);
    this.enter({ kind: 'running', launch, since: this.clock.now() });
    const session = launch.session;
    this.logger.info(`Running (session ${launch.generation}${resume ? `, resumed ${resume.sessionId}` : ''}, ${tools.length} tools)`);
    this.sessionEmitter.fire({ session, reason });
    if (this.logLevel) void this.applyLogLevel(launch);
    return session;
  }

  private async closeUnlessCurrent(starting: Starting, launch: Launch): Promise<void> {
    if (this.phase === starting) return;
    await launch.close();
    this.stillCurrent(starting);
  }

  private lost(running: Running, message: string): void {
    running.launch.closing = true;
    this._lastError = message;
    this.logger.error(`Connection lost: ${message}`);
    this.sessionEmitter.fire({ session: undefined, reason: 'lost' });
    this.scheduleRestart(message, running.since);
  }

  private async reinitialize(running: Running, error: Error): Promise<void> {
    const launch = running.launch;
    this.logger.warn(`The server no longer knows session ${launch.generation} (${error.message}); starting a new session`);
    launch.closing = true;
    void launch.close();
    await this.launch({ kind: 'starting', reason: 'reinitialized', automatic: true, ranSince: running.since }).catch(() => undefined);
  }

  /** `ranSince`: when the session that failed began running (undefined: the failure was a start). */
  private scheduleRestart(lastError: string, ranSince: number | undefined): void {
    const decision = this.restarts.next(ranSince === undefined ? undefined : this.clock.now() - ranSince);
    if (decision.kind === 'give-up') {
      const message = decision.attempts === 0
        ? lastError
        : `${lastError}\nGave up after ${decision.attempts} restart attempt${decision.attempts === 1 ? '' : 's'}.`;
      this.enter({ kind: 'error', message });
      return;
    }
    const { attempt, delayMs } = decision;
    this.logger.warn(`Restarting in ${delayMs} ms (attempt ${attempt} of ${this.restarts.policy.maxAttempts})`);
    const timer = this.clock.setTimeout(() => {
      if (this.phase.kind !== 'restarting' || this.phase.timer !== timer) return;
      this._restartCount++;
      this.launch({ kind: 'starting', reason: 'connected', automatic: true }).catch(() => undefined);
    }, delayMs);
    this.enter({ kind: 'restarting', attempt, delayMs, lastError, timer });
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
    const launch = launchOf(this.phase);
    if (!launch || launch.generation !== generation) return;
    try {
      const tools = await launch.listTools();
      if (launchOf(this.phase) === launch) this.setTools(tools);
    } catch (error) {
      this.logger.warn(`tools/list after list_changed failed: ${errorMessage(error)}`);
    }
  }

  private async applyLogLevel(launch: Launch): Promise<void> {
    if (!this.logLevel) return;
    await launch.setLogLevel(this.logLevel).catch((e) => this.logger.warn(`logging/setLevel failed: ${errorMessage(e)}`));
  }

  private setTools(tools: readonly Tool[]): void {
    this._tools = tools;
    this.toolsEmitter.fire(tools);
  }
}
