/**
 * One attached client's side of the channel: the host methods it may call, each turned into a
 * call on the host's engine, servers or directory. Errors go back with the server's JSON-RPC
 * code when there was one, so a client can tell "unknown task" from "unreachable".
 */
import type { LoggingLevel } from '@modelcontextprotocol/sdk/types.js';
import { CancellationToken, ResponseError, type MessageConnection } from 'vscode-jsonrpc';
import { HostMethods, type CallParams, type ConnectParams, type Hello, type HostStatus, type ServerTaskParams } from '../channel/hostProtocol';
import type { StoredResult } from '../core/model/taskRecord';
import { settledTools } from '../core/servers/settledTools';
import type { TaskDirectory } from '../core/taskDirectory';
import { errorCode, errorMessage } from '../core/tasks/protocolErrors';
import type { AttachedClient, ClientRegistry } from './clientRegistry';
import type { HostServers } from './hostServers';
import type { ServerConnection } from '../core/servers/serverConnection';

/** What a client's requests reach: the host's parts (the TaskHost is one). */
export interface ServedHost {
  readonly clients: ClientRegistry;
  readonly servers: HostServers;
  readonly directory: TaskDirectory;
  status(): HostStatus;
  stopSoon(why: string): void;
}

/** vscode-jsonrpc's code for an error a handler raised without one of its own. */
const HOST_ERROR = -32000;

type Handle = <P, R>(type: { method: string }, work: (params: P, token: CancellationToken) => Promise<R> | R) => void;

/** What the handlers of one client share: its registration, the host, and a server lookup that says what is missing. */
interface ClientScope {
  readonly host: ServedHost;
  readonly client: AttachedClient;
  readonly handle: Handle;
  server(serverId: string): ServerConnection;
  /** The client follows this task: its changes are sent to it. */
  own(key: string): void;
}

export function serveClient(host: ServedHost, connection: MessageConnection, hello: Hello): AttachedClient {
  const client = host.clients.attach(hello, connection);
  const handle: Handle = (type, work) => {
    connection.onRequest(type.method, async (params: Parameters<typeof work>[0], token: CancellationToken) => {
      try {
        return await work(params, token);
      } catch (err) {
        throw new ResponseError(errorCode(err) ?? HOST_ERROR, errorMessage(err));
      }
    });
  };
  const scope: ClientScope = {
    host, client, handle,
    server: (serverId) => {
      const found = host.servers.get(serverId);
      if (!found) throw new Error(`the task host does not know server ${serverId}; connect to it first`);
      return found;
    },
    own: (key) => { client.tasks.add(key); },
  };
  handle(HostMethods.status, () => host.status());
  handle(HostMethods.stop, () => { host.stopSoon('asked to stop by a client'); });
  serveTaskMethods(scope);
  serveServerMethods(scope);
  return client;
}

/** Tasks: calling tools, following, listing, cancelling and forgetting them, and reading results. */
function serveTaskMethods({ host, handle, server, own }: ClientScope): void {
  handle(HostMethods.call, async (params: CallParams, token) => {
    server(params.serverId);
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort('cancelled by the client'));
    try {
      const record = await host.directory.engine.call(params.serverId, params.tool, params.args, {
        mode: params.mode,
        ...(params.optionalDefault !== undefined ? { optionalDefault: params.optionalDefault } : {}),
        ...(params.ttl !== undefined ? { ttl: params.ttl } : {}),
        ...(params.deadlineMs !== undefined ? { deadlineMs: params.deadlineMs } : {}),
        ...(params.origin !== undefined ? { origin: params.origin } : {}),
        signal: abort.signal,
      });
      own(record.key);
      // The client may print the task id and exit, and the host may die right after: the id must
      // be in the ledger before anyone learns it.
      await host.directory.engine.store.flush();
      return host.directory.get(record.key) ?? record;
    } finally {
      sub.dispose();
    }
  });
  handle(HostMethods.track, (params: ServerTaskParams) => {
    server(params.serverId);
    const record = host.directory.engine.track(params.serverId, params.taskId, params.tool);
    own(record.key);
    return record;
  });
  handle(HostMethods.get, (params: { key: string }) => host.directory.get(params.key) ?? null);
  handle(HostMethods.list, () => host.directory.list());
  handle(HostMethods.cancel, (params: { key: string }) => { own(params.key); return host.directory.cancel(params.key); });
  handle(HostMethods.readStored, (params: { stored: StoredResult }) => host.directory.readResult(params.stored));
  handle(HostMethods.discover, async (params: { serverId: string }) => {
    server(params.serverId);
    const found = await host.directory.discover(params.serverId);
    for (const record of found) own(record.key);
    return found;
  });
  handle(HostMethods.forget, (params: { key: string }) => host.directory.forget(params.key));
}

/** Servers: connecting, listing, stopping and restarting them, and asking them about tasks directly. */
function serveServerMethods({ host, client, handle, server }: ClientScope): void {
  handle(HostMethods.connect, async (params: ConnectParams) => {
    const connectionToServer = host.servers.add(params, params.serverId);
    host.clients.addServer(client, connectionToServer.id);
    await connectionToServer.connect();
    const tools = await settledTools(connectionToServer, params.wantTool);
    return { ...host.servers.snapshot(connectionToServer.id)!, tools: [...tools] };
  });
  handle(HostMethods.serverListTasks, async (params: { serverId: string; cursor?: string }) => {
    const session = await server(params.serverId).connect();
    return host.directory.engine.protocol.listTasks(session, params.cursor);
  });
  handle(HostMethods.servers, () => host.servers.all().map((s) => host.servers.snapshot(s.id)!));
  handle(HostMethods.stopServer, (params: { serverId: string; reason?: string }) => server(params.serverId).stop(params.reason ?? 'Stopped by a client'));
  handle(HostMethods.restartServer, async (params: { serverId: string }) => {
    await server(params.serverId).restart();
    return host.servers.snapshot(params.serverId)!;
  });
  handle(HostMethods.setServerLogLevel, (params: { serverId: string; level: LoggingLevel }) => { server(params.serverId).setLogLevel(params.level); });
  handle(HostMethods.serverGetTask, async (params: ServerTaskParams) => {
    const session = await server(params.serverId).connect();
    return host.directory.engine.protocol.getTask(session, params.taskId);
  });
}
