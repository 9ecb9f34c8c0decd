/**
 * One server connection and a task engine on it, as the CLI uses them: no automatic restarts,
 * records kept in memory, server requests (plain or as hosted tasks) answered by the CLI's host handler.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { Emitter } from '../core/events';
import { HostedTaskService } from '../core/hosted/hostedTaskService';
import { MemoryTaskRecordStore } from '../core/ledger/memoryStore';
import type { HostRequestHandler, Logger } from '../core/ports';
import { ServerConnection } from '../core/servers/serverConnection';
import { settledTools } from '../core/servers/settledTools';
import type { McpServerHandle, ServerLookup, ServerSession } from '../core/servers/types';
import { TaskEngine } from '../core/tasks/taskEngine';
import { connectFailure } from './connectFailure';
import { CliExit, EXIT_USAGE } from './errors';
import type { Target } from './target';

/** How long a server may take to start and initialize before the CLI gives up. */
export const CONNECT_TIMEOUT_MS = 30_000;

export class SingleServerLookup implements ServerLookup {
  private readonly changed = new Emitter<void>();
  readonly onDidChangeServers = this.changed.event;
  constructor(private readonly handle: McpServerHandle) {}
  get(serverId: string): McpServerHandle | undefined { return serverId === this.handle.id ? this.handle : undefined; }
  all(): readonly McpServerHandle[] { return [this.handle]; }
}

export class CliRuntime {
  readonly connection: ServerConnection;
  readonly engine: TaskEngine;
  private readonly hostedTasks: HostedTaskService;

  constructor(readonly target: Target, hostRequests: HostRequestHandler, logger: Logger) {
    // Servers may also send their requests as tasks the CLI runs (answered the same way).
    this.hostedTasks = new HostedTaskService({}, { logger });
    this.connection = new ServerConnection({
      id: target.id,
      label: target.label,
      definition: target.definition,
      capabilities: { elicitation: { form: {} }, sampling: {} },
      hostRequests,
      hostedTasks: this.hostedTasks,
      logger,
      restart: { maxAttempts: 0 },
    });
    this.engine = new TaskEngine({
      servers: new SingleServerLookup(this.connection),
      store: new MemoryTaskRecordStore(),
      logger,
    });
  }

  /** Connects or fails with exit 2 and one line that says why. */
  connect(timeoutMs = CONNECT_TIMEOUT_MS): Promise<ServerSession> {
    return connectWithin(this.target, () => this.connection.connect(), timeoutMs);
  }

  /** The tool list once it stopped changing (or as soon as `want` is in it). */
  settledTools(want?: string): Promise<readonly Tool[]> {
    return settledTools(this.connection, want);
  }

  async dispose(): Promise<void> {
    this.engine.dispose();
    await this.connection.stop('CLI finished').catch(() => undefined);
    this.connection.dispose();
    this.hostedTasks.dispose();
  }
}

/** Runs `connect` for `target`, or fails with exit 2 and one line that says why (also after `timeoutMs`). */
export async function connectWithin<T>(target: Target, connect: () => Promise<T>, timeoutMs = CONNECT_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
  });
  try {
    return await Promise.race([connect(), timeout]);
  } catch (err) {
    // A connect that already said why (the in-process backend connects its own runtime) stays as it is.
    if (err instanceof CliExit) throw err;
    throw new CliExit(EXIT_USAGE, connectFailure(describeTarget(target), err));
  } finally {
    clearTimeout(timer);
  }
}

export function describeTarget(target: Target): string {
  const def = target.definition;
  if (def.type === 'stdio') return `"${[def.command, ...def.args].join(' ')}"`;
  return def.url;
}
