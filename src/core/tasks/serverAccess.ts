/**
 * The engine's way to its servers: a server by id, and an initialized session on demand, with
 * the session's status notifications and changes wired (by SessionWatch) before anyone uses it.
 */
import type { McpServerHandle, ServerLookup, ServerSession } from '../servers/types';

/** What must happen around a session before the engine uses it (SessionWatch does it). */
export interface SessionHooks {
  /** Before connecting: follow the server's session changes. */
  bind(serverId: string): void;
  /** A session about to be used: route its status notifications. */
  wire(serverId: string, session: ServerSession): void;
}

export class ServerAccess {
  constructor(private readonly servers: ServerLookup, private readonly hooks: SessionHooks) {}

  server(serverId: string): McpServerHandle {
    const handle = this.servers.get(serverId);
    if (!handle) throw new Error(`unknown server "${serverId}"`);
    return handle;
  }

  /** An initialized session for the server, connecting on demand, with status notifications wired. */
  async session(serverId: string): Promise<ServerSession> {
    const handle = this.server(serverId);
    this.hooks.bind(serverId);
    const session = handle.session ?? await handle.connect();
    if (!session) throw new Error(`"${handle.label}" runs in the task host; this engine cannot reach its session`);
    this.hooks.wire(serverId, session);
    return session;
  }
}
