/**
 * The background task host: the engine, the servers, the hosted tasks and the ledger, shared by
 * every client attached over the local socket. It stays while a client is attached or a task is
 * live, and goes after a quiet period (IdleExit).
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { createMessageConnection, SocketMessageReader, SocketMessageWriter } from 'vscode-jsonrpc/node';
import { ClientMethods, HOST_PROTOCOL_VERSION, HostMethods, type Hello, type HostStatus, type Welcome } from '../channel/hostProtocol';
import type { HostPaths } from '../channel/hostPaths';
import { Emitter, type Disposable } from '../core/events';
import { HostedTaskService } from '../core/hosted/hostedTaskService';
import { FileTaskLedger } from '../core/ledger/fileTaskLedger';
import { isTerminalStatus, type TaskRecord } from '../core/model/taskRecord';
import { systemClock, type Clock, type Logger } from '../core/ports';
import { TaskDirectory } from '../core/taskDirectory';
import { errorMessage } from '../core/tasks/protocolErrors';
import { TaskEngine } from '../core/tasks/taskEngine';
import { ClientRegistry } from './clientRegistry';
import { serveClient } from './clientSession';
import { HostServers } from './hostServers';
import { IdleExit } from './idleExit';
import { QuestionRouter } from './questionRouter';
import { SessionStore } from './sessionStore';

export interface TaskHostOptions {
  readonly paths: HostPaths;
  readonly version: string;
  /** How long the host stays with no client and nothing live. */
  readonly quietMs: number;
  readonly logger: Logger;
  readonly clock?: Clock;
}

/** How long a stopping host waits for its clients to close their end after its notice. */
const CLIENTS_CLOSE_MS = 1_000;

export class TaskHost implements Disposable {
  readonly clients = new ClientRegistry();
  readonly hosted: HostedTaskService;
  readonly servers: HostServers;
  readonly engine: TaskEngine;
  readonly directory: TaskDirectory;
  private readonly startedAt: number;
  private readonly sessions: SessionStore;
  private readonly live = new Set<string>();
  private readonly idle: IdleExit;
  private readonly stopped = new Emitter<string>();
  private readonly socketServer = net.createServer((socket) => this.accept(socket));
  private retiring = false;
  private stopping: Promise<void> | undefined;
  /** The host is going (idle, retired, asked to stop); the reason, once its work is saved. */
  readonly onDidStop = this.stopped.event;

  static async open(options: TaskHostOptions): Promise<TaskHost> {
    // The host holds its home's lock for its whole life: no other ledger opens this folder.
    const ledger = await FileTaskLedger.open({ dir: options.paths.ledgerDir, logger: options.logger, exclusive: true });
    for (const problem of ledger.loadReport.problems) options.logger.warn(problem);
    return new TaskHost(options, ledger);
  }

  private constructor(private readonly options: TaskHostOptions, readonly ledger: FileTaskLedger) {
    const clock = options.clock ?? systemClock;
    const logger = options.logger;
    this.startedAt = clock.now();
    this.hosted = new HostedTaskService({}, { clock, logger });
    const router = new QuestionRouter(this.clients, (serverId, taskId) => this.directory.keyFor(serverId, taskId), logger);
    this.sessions = new SessionStore(path.join(options.paths.home, 'sessions.json'), logger);
    this.servers = new HostServers({
      sessions: this.sessions,
      hostRequests: router,
      hostedTasks: this.hosted,
      logger,
      onAdded: (serverId) => this.serverAdded(serverId),
    });
    this.engine = new TaskEngine({ servers: this.servers, store: ledger, clock, logger });
    this.directory = new TaskDirectory(this.engine, this.hosted);
    this.idle = new IdleExit(clock, options.quietMs, () => ({ clients: this.clients.size, liveTasks: this.live.size, retiring: this.retiring }), (why) => this.stopSoon(why));
    this.directory.onDidChangeTask((record) => this.taskChanged(record));
    this.directory.onDidRemoveTask((record) => this.taskRemoved(record));
    this.clients.onDidChange(() => this.idle.check());
    this.servers.onDidChangeServer((snapshot) => {
      for (const client of this.clients.all()) {
        if (client.watch === 'all' || client.servers.has(snapshot.serverId)) client.connection.sendNotification(ClientMethods.serverChanged, snapshot).catch(() => undefined);
      }
    });
    this.servers.onDidLog((line) => {
      for (const client of this.clients.all()) {
        if (client.servers.has(line.serverId)) client.connection.sendNotification(ClientMethods.serverLog, line).catch(() => undefined);
      }
    });
  }

  /** Listens on the socket; the caller holds the host lock, so a socket file left there is stale. */
  async listen(): Promise<void> {
    const socket = this.options.paths.socket;
    if (process.platform !== 'win32') fs.rmSync(socket, { force: true });
    await new Promise<void>((resolve, reject) => {
      this.socketServer.once('error', reject);
      this.socketServer.listen(socket, () => {
        this.socketServer.off('error', reject);
        resolve();
      });
    });
    if (process.platform !== 'win32') fs.chmodSync(socket, 0o600);
    this.idle.check();
  }

  status(): HostStatus {
    const now = (this.options.clock ?? systemClock).now();
    return {
      pid: process.pid,
      hostVersion: this.options.version,
      protocolVersion: HOST_PROTOCOL_VERSION,
      home: this.options.paths.home,
      startedAt: this.startedAt,
      uptimeMs: now - this.startedAt,
      clients: this.clients.all().map((c) => ({ id: c.id, kind: c.kind, label: c.label, pid: c.pid })),
      servers: this.servers.all().map((s) => ({ serverId: s.id, label: s.label, state: s.state.kind })),
      liveTasks: this.live.size,
      retiring: this.retiring,
    };
  }

  /** Go as soon as nothing is live (a newer client wants a newer host). */
  retire(): void {
    this.retiring = true;
    this.options.logger.info('asked to retire: exiting once nothing is live');
    this.idle.check();
  }

  /** Stops after answering the current request. */
  stopSoon(why: string): void {
    setImmediate(() => { void this.stop(why); });
  }

  stop(why: string): Promise<void> {
    this.stopping ??= this.shutDown(why);
    return this.stopping;
  }

  dispose(): void {
    void this.stop('disposed');
  }

  private async shutDown(why: string): Promise<void> {
    this.options.logger.info(`stopping: ${why}`);
    this.idle.dispose();
    this.socketServer.close();
    // Clients tell a stop from a crash by this notice (they start no new host for a stop) and close
    // their end on it; closing ours first could cut the notice off, so they get a moment to.
    const attached = this.clients.all();
    const closed = attached.map((client) => new Promise<void>((resolve) => { client.connection.onClose(() => resolve()); }));
    await Promise.all(attached.map((client) => client.connection.sendNotification(ClientMethods.hostStopping, { reason: why }).catch(() => undefined)));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(closed), new Promise<void>((resolve) => { timer = setTimeout(resolve, CLIENTS_CLOSE_MS); })]);
    clearTimeout(timer);
    for (const client of this.clients.all()) client.connection.dispose();
    // Servers keep tasks per HTTP session: a session with live tasks stays open for the next host.
    const keep = new Set([...this.live].map((key) => this.directory.get(key)?.serverId).filter((id): id is string => id !== undefined));
    this.engine.dispose();
    await this.servers.stopAll(keep).catch((err: unknown) => this.options.logger.warn(`stopping servers: ${errorMessage(err)}`));
    this.servers.dispose();
    this.hosted.dispose();
    await this.sessions.flushed();
    await this.ledger.dispose().catch((err: unknown) => this.options.logger.error(`saving the ledger: ${errorMessage(err)}`));
    if (process.platform !== 'win32') fs.rmSync(this.options.paths.socket, { force: true });
    this.stopped.fire(why);
  }

  private accept(socket: net.Socket): void {
    const connection = createMessageConnection(new SocketMessageReader(socket), new SocketMessageWriter(socket));
    let attached: ReturnType<typeof serveClient> | undefined;
    connection.onRequest(HostMethods.hello, (hello: Hello): Welcome => {
      const welcome: Welcome = { protocolVersion: HOST_PROTOCOL_VERSION, hostVersion: this.options.version, pid: process.pid, home: this.options.paths.home, clientId: '' };
      // A client speaking another version gets only the welcome: it retires this host and waits.
      if (hello.protocolVersion !== HOST_PROTOCOL_VERSION || attached || this.stopping) return welcome;
      attached = serveClient(this, connection, hello);
      this.options.logger.info(`client ${attached.id} attached: ${hello.client.kind} ${hello.client.label} (pid ${hello.client.pid})`);
      return { ...welcome, clientId: attached.id };
    });
    // Also for a client of another version: it asks this host to make way for a newer one.
    connection.onRequest(HostMethods.retire, () => this.retire());
    connection.onClose(() => {
      if (attached) {
        this.clients.detach(attached);
        this.options.logger.info(`client ${attached.id} detached`);
      }
      connection.dispose();
    });
    connection.onError(([error]) => this.options.logger.debug(`channel error: ${error.message}`));
    socket.on('error', (err) => this.options.logger.debug(`socket error: ${err.message}`));
    connection.listen();
  }

  private serverAdded(serverId: string): void {
    for (const record of this.directory.list()) this.updateLive(record);
    this.engine.resume(serverId).catch((err: unknown) => this.options.logger.error(`resuming the tasks of ${serverId}: ${errorMessage(err)}`));
  }

  private taskChanged(record: TaskRecord): void {
    this.updateLive(record);
    for (const client of this.clients.all()) {
      if (client.watch === 'all' || client.tasks.has(record.key)) client.connection.sendNotification(ClientMethods.taskChanged, record).catch(() => undefined);
    }
    this.idle.check();
  }

  private taskRemoved(record: TaskRecord): void {
    this.live.delete(record.key);
    for (const client of this.clients.all()) {
      if (client.watch === 'all' || client.tasks.delete(record.key)) client.connection.sendNotification(ClientMethods.taskRemoved, { key: record.key }).catch(() => undefined);
    }
  }

  /** Live: not finished, on a server this host can reach (others wait for a client to hand theirs over). */
  private updateLive(record: TaskRecord): void {
    if (!isTerminalStatus(record.status) && this.servers.get(record.serverId)) this.live.add(record.key);
    else this.live.delete(record.key);
  }
}
