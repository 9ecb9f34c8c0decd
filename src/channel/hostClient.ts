/**
 * A client's end of the channel to the background task host: connects (starting the host when
 * none serves this home), says hello, and offers the host's methods and task events. It answers
 * the questions the host routes here with the HostRequestHandler it is given.
 */
import * as net from 'node:net';
import type { LoggingLevel } from '@modelcontextprotocol/sdk/types.js';
import { createMessageConnection, SocketMessageReader, SocketMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { CancellationTokenSource, ErrorCodes, ResponseError, type CancellationToken } from 'vscode-jsonrpc';
import { Emitter, type Disposable } from '../core/events';
import type { StoredResult, TaskRecord } from '../core/model/taskRecord';
import type { HostRequestHandler } from '../core/ports';
import { launchHost, type HostLaunch } from './hostLauncher';
import type { HostPaths } from './hostPaths';
import { preparePaths } from './hostPaths';
import {
  ClientMethods,
  HOST_PROTOCOL_VERSION,
  HostMethods,
  type CallParams,
  type ConnectedServer,
  type ConnectParams,
  type Hello,
  type HostStatus,
  type QuestionContext,
  type ServerLogLine,
  type ServerSnapshot,
  type ServerTaskParams,
  type Welcome,
} from './hostProtocol';

/** The host running for this home speaks another version of the channel. */
export class HostVersionError extends Error {
  override readonly name = 'HostVersionError';
}

export interface HostClientOptions {
  readonly paths: HostPaths;
  readonly hello: Omit<Hello, 'protocolVersion'>;
  /** How to start a host when none runs; without it, connecting fails when none runs. */
  readonly launch?: HostLaunch;
  /** Answers the questions servers ask through the host. */
  readonly questions?: HostRequestHandler;
}

export class HostClient implements Disposable {
  private readonly changed = new Emitter<TaskRecord>();
  private readonly removed = new Emitter<string>();
  private readonly closed = new Emitter<void>();
  private readonly serverChanged = new Emitter<ServerSnapshot>();
  private readonly serverLogged = new Emitter<ServerLogLine>();
  /** A server this client handed over (or any, when watching everything) changed. */
  readonly onDidChangeServer = this.serverChanged.event;
  /** A log line of a server this client handed over. */
  readonly onDidLogServer = this.serverLogged.event;
  private disposed = false;
  /** Why the host said it stops, when it closed the channel on purpose (undefined after a crash). */
  stopNotice: string | undefined;
  readonly onDidChangeTask = this.changed.event;
  readonly onDidRemoveTask = this.removed.event;
  /** The host went away (stopped, crashed) or this client was disposed. */
  readonly onDidClose = this.closed.event;

  private constructor(private readonly connection: MessageConnection, readonly welcome: Welcome) {}

  /** Connects to the host serving `paths.home`, starting one when none does (and `launch` is given). */
  static async connect(options: HostClientOptions): Promise<HostClient> {
    preparePaths(options.paths);
    const deadline = Date.now() + REACH_TIMEOUT_MS;
    for (;;) {
      const socket = await reachHost(options.paths, options.launch, deadline);
      try {
        return await HostClient.handshake(socket, options);
      } catch (err) {
        socket.destroy();
        // A host killed a moment ago can still take a connection and then drop it: go on to the next host.
        if (!isDeadChannel(err) || Date.now() > deadline) throw err;
      }
    }
  }

  private static async handshake(socket: net.Socket, options: HostClientOptions): Promise<HostClient> {
    const connection = createMessageConnection(new SocketMessageReader(socket), new SocketMessageWriter(socket));
    let client: HostClient | undefined;
    connection.onNotification(ClientMethods.taskChanged, (record) => client?.changed.fire(record));
    connection.onNotification(ClientMethods.taskRemoved, ({ key }) => client?.removed.fire(key));
    connection.onNotification(ClientMethods.serverChanged, (snapshot) => client?.serverChanged.fire(snapshot));
    connection.onNotification(ClientMethods.serverLog, (line) => client?.serverLogged.fire(line));
    connection.onNotification(ClientMethods.hostStopping, ({ reason }) => {
      if (!client) return;
      client.stopNotice = reason;
      client.dispose();
    });
    const questions = options.questions;
    // URL questions waiting for the server's word that the browser step is done, by elicitation id.
    const completions = new Map<string, () => void>();
    connection.onNotification(ClientMethods.elicitationComplete, ({ elicitationId }) => completions.get(elicitationId)?.());
    connection.onRequest(ClientMethods.elicit, ({ params, context }, token) => keepErrorCode(async () => {
      if (!questions) throw new Error('this client cannot answer questions');
      const elicitationId = params.mode === 'url' ? params.elicitationId : undefined;
      const elicitationCompleted = elicitationId !== undefined ? new Promise<void>((resolve) => completions.set(elicitationId, resolve)) : undefined;
      try {
        return await questions.elicit(params, { ...requestContext(context, token), ...(elicitationCompleted ? { elicitationCompleted } : {}) });
      } finally {
        if (elicitationId !== undefined) completions.delete(elicitationId);
      }
    }));
    connection.onRequest(ClientMethods.createMessage, ({ params, context }, token) => keepErrorCode(() => {
      if (!questions) throw new Error('this client cannot answer sampling requests');
      return questions.createMessage(params, requestContext(context, token));
    }));
    // The channel library leaves a request pending when the socket closes: the handshake must not wait on it.
    let closedEarly: (err: Error) => void = () => undefined;
    const closed = new Promise<never>((_, reject) => { closedEarly = reject; });
    closed.catch(() => undefined);
    connection.onClose(() => {
      if (client) client.dispose();
      else closedEarly(Object.assign(new Error('the task host closed the connection'), { code: 'ECONNRESET' }));
    });
    socket.on('error', () => undefined);
    connection.listen();
    const hello = connection.sendRequest(HostMethods.hello, { protocolVersion: HOST_PROTOCOL_VERSION, ...options.hello });
    const welcome = await withinHelloTimeout(Promise.race([hello, closed]), options.paths.home).catch((err: unknown) => {
      connection.dispose();
      throw err;
    });
    if (welcome.protocolVersion !== HOST_PROTOCOL_VERSION || !welcome.clientId) {
      // An older (or newer) host: ask it to go once nothing is live; it keeps its tasks meanwhile.
      await connection.sendRequest(HostMethods.retire).catch(() => undefined);
      connection.dispose();
      socket.destroy();
      throw new HostVersionError(`the task host running for ${options.paths.home} (pid ${welcome.pid}, version ${welcome.hostVersion}) speaks channel version ${welcome.protocolVersion}, this client ${HOST_PROTOCOL_VERSION}; it was asked to exit once its tasks are done`);
    }
    client = new HostClient(connection, welcome);
    return client;
  }

  status(): Promise<HostStatus> { return this.connection.sendRequest(HostMethods.status); }
  /** Resolves once the host took the request (it may close the channel before its answer arrives). */
  async stop(): Promise<void> {
    await this.connection.sendRequest(HostMethods.stop).catch((err: unknown) => {
      if (!this.disposed) throw err;
    });
  }
  connectServer(params: ConnectParams): Promise<ConnectedServer> { return this.connection.sendRequest(HostMethods.connect, params); }
  list(): Promise<TaskRecord[]> { return this.connection.sendRequest(HostMethods.list); }
  get(key: string): Promise<TaskRecord | null> { return this.connection.sendRequest(HostMethods.get, { key }); }
  track(params: ServerTaskParams): Promise<TaskRecord> { return this.connection.sendRequest(HostMethods.track, params); }
  cancel(key: string): Promise<TaskRecord> { return this.connection.sendRequest(HostMethods.cancel, { key }); }
  /** A stored result: an inline one is in the record already; one in a file of the host's is read there. */
  readStored(stored: StoredResult): Promise<unknown> {
    return stored.kind === 'inline' ? Promise.resolve(stored.value) : this.connection.sendRequest(HostMethods.readStored, { stored });
  }
  discover(serverId: string): Promise<TaskRecord[]> { return this.connection.sendRequest(HostMethods.discover, { serverId }); }
  forget(key: string): Promise<boolean> { return this.connection.sendRequest(HostMethods.forget, { key }); }
  serverListTasks(serverId: string, cursor?: string) { return this.connection.sendRequest(HostMethods.serverListTasks, { serverId, ...(cursor !== undefined ? { cursor } : {}) }); }
  serverGetTask(params: ServerTaskParams) { return this.connection.sendRequest(HostMethods.serverGetTask, params); }
  servers(): Promise<ServerSnapshot[]> { return this.connection.sendRequest(HostMethods.servers); }
  stopServer(serverId: string, reason?: string): Promise<void> { return this.connection.sendRequest(HostMethods.stopServer, { serverId, ...(reason !== undefined ? { reason } : {}) }); }
  restartServer(serverId: string): Promise<ServerSnapshot> { return this.connection.sendRequest(HostMethods.restartServer, { serverId }); }
  setServerLogLevel(serverId: string, level: LoggingLevel): Promise<void> { return this.connection.sendRequest(HostMethods.setServerLogLevel, { serverId, level }); }

  /** Starts a call; aborting `signal` before the host answers withdraws it. */
  call(params: CallParams, signal?: AbortSignal): Promise<TaskRecord> {
    if (!signal) return this.connection.sendRequest(HostMethods.call, params);
    const source = new CancellationTokenSource();
    const onAbort = () => source.cancel();
    signal.addEventListener('abort', onAbort, { once: true });
    return this.connection.sendRequest(HostMethods.call, params, source.token).finally(() => {
      signal.removeEventListener('abort', onAbort);
      source.dispose();
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.connection.dispose();
    this.closed.fire();
    this.changed.dispose();
    this.removed.dispose();
    this.closed.dispose();
    this.serverChanged.dispose();
    this.serverLogged.dispose();
  }
}

/** How long a client keeps trying to reach a host that is starting (or a dead one's successor). */
const REACH_TIMEOUT_MS = 20_000;

/**
 * The socket of the host serving this home, starting one when none answers. A host that just
 * died may still hold the lock for a moment, and a host another client is starting may not
 * listen yet: both say "running", so the client tries again (and starts one again) until it
 * answers or the deadline passes.
 */
async function reachHost(paths: HostPaths, launch: HostLaunch | undefined, deadline: number): Promise<net.Socket> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await openSocket(paths.socket);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // No socket, nobody listening, or a dying host's socket that dropped the connection.
      if (!launch || !['ENOENT', 'ECONNREFUSED', 'ECONNRESET'].includes(String(code)) || Date.now() > deadline) throw err;
    }
    await launchHost(paths, launch);
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(50 * attempt, 500)));
  }
}

/** The channel died under the handshake (the host went away), as opposed to a host that answered no. */
function isDeadChannel(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === 'EPIPE' || code === 'ECONNRESET' || code === 'ETIMEDOUT'
    || code === ErrorCodes.MessageWriteError || code === ErrorCodes.PendingResponseRejected || code === ErrorCodes.ConnectionInactive;
}

function openSocket(path: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(path);
    socket.once('connect', () => { socket.off('error', reject); resolve(socket); });
    socket.once('error', reject);
  });
}

/**
 * A host that takes the connection but never answers must not hang the client: a wedged one, or
 * the socket of one killed a moment ago, which can take a connection it will never serve.
 */
const HELLO_TIMEOUT_MS = 5_000;

function withinHelloTimeout<T>(answer: Promise<T>, home: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`the task host for ${home} took the connection but did not answer within ${HELLO_TIMEOUT_MS / 1000} s`), { code: 'ETIMEDOUT' })), HELLO_TIMEOUT_MS);
  });
  return Promise.race([answer, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A refusal keeps its JSON-RPC code and words on the way back through the host to the server
 * (the channel library would otherwise turn any error into "internal error: Request … failed").
 */
async function keepErrorCode<T>(answer: () => Promise<T>): Promise<T> {
  try {
    return await answer();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw new ResponseError(typeof code === 'number' && Number.isSafeInteger(code) ? code : ErrorCodes.InternalError, err instanceof Error ? err.message : String(err));
  }
}

/** The host cancels its request when the server withdraws the question (or the task ends). */
function requestContext(context: QuestionContext, token: CancellationToken) {
  const abort = new AbortController();
  const withdraw = () => abort.abort(new Error('the server withdrew the request'));
  if (token.isCancellationRequested) withdraw();
  else token.onCancellationRequested(withdraw);
  return { ...context, signal: abort.signal };
}
