/**
 * Tasks the engine did not start in this process: adopted by id, found with tasks/list, or
 * left unfinished in the store by an earlier run of the host.
 */
import type { EngineEnv } from './engineEnv';
import type { TaskBook } from './taskBook';
import type { ServerAccess } from './serverAccess';
import { errorMessage } from './protocolErrors';
import { walkListing } from './taskListing';
import type { TaskLoss } from './taskLoss';
import type { TaskTracker } from './taskTracker';
import { isTerminalStatus, taskKey, type TaskRecord } from '../model/taskRecord';
import type { ServerSession } from '../servers/types';
import type { WireTask } from './wireTask';

/** Pages one Refresh reads at most: a listing that goes on (or loops) must not keep it busy. */
const REFRESH_PAGE_BUDGET = 100;

export class TaskDiscovery {
  constructor(
    private readonly env: EngineEnv,
    private readonly book: TaskBook,
    private readonly servers: ServerAccess,
    private readonly tracker: TaskTracker,
    private readonly loss: TaskLoss,
  ) {}

  track(serverId: string, taskId: string, tool?: string): TaskRecord {
    const known = this.book.keyFor(serverId, taskId);
    if (known) {
      const record = this.book.record(known)!;
      if (!isTerminalStatus(record.status) && record.kind === 'task') this.follow(serverId, known);
      return record;
    }
    const record = this.adopt(serverId, taskId, tool ?? '', undefined);
    this.follow(serverId, record.key);
    return record;
  }

  /**
   * "Refresh": one walk of the server's listing, by the background sweep's rules. Only a server
   * that declares tasks.list is asked; the walk stops after a page budget or a cursor that comes
   * round again; listed statuses update the tasks this host follows. Tasks this host did not start
   * are counted, not adopted (`track` follows one by id): a listing may hold any number of them,
   * and polling, storing and fetching each would be work nobody asked for.
   */
  async discover(serverId: string): Promise<TaskRecord[]> {
    const label = this.servers.server(serverId).label;
    const session = await this.servers.session(serverId);
    if (!session.serverCapabilities?.tasks?.list) {
      throw new Error(`${label} does not list its tasks (it does not declare tasks.list); the tasks started here are followed one by one`);
    }
    const listed: WireTask[] = [];
    const walk = await walkListing(this.env.protocol, session, { budget: REFRESH_PAGE_BUDGET, onPage: (tasks) => listed.push(...tasks) });
    if (walk.error !== undefined && listed.length === 0) throw walk.error;
    if (walk.error !== undefined) this.env.logger.warn(`${label}: tasks/list failed after ${walk.requests} page(s): ${errorMessage(walk.error)}`);
    else if (!walk.complete) this.env.logger.warn(`${label}: tasks/list still had pages after ${REFRESH_PAGE_BUDGET}; the rest was not read`);
    const records = new Map<string, TaskRecord>();
    let foreign = 0;
    for (const wire of listed) {
      const key = this.book.keyFor(serverId, wire.taskId);
      if (!key) {
        foreign++;
        continue;
      }
      await this.tracker.apply(key, wire);
      records.set(key, this.book.record(key)!);
    }
    if (foreign > 0) this.env.logger.info(`${label}: ${foreign} listed task(s) were not started here and are left alone`);
    return [...records.values()];
  }

  async resume(serverId?: string): Promise<void> {
    const byServer = new Map<string, string[]>();
    for (const record of this.allUnfinished()) {
      if (serverId !== undefined && record.serverId !== serverId) continue;
      if (record.kind === 'call') {
        // A plain call cannot outlive the process that made it.
        await this.book.commit(record.key, {
          status: 'failed',
          error: { kind: 'connection-lost', message: 'interrupted: the host stopped before the call finished' },
        });
        continue;
      }
      if (record.kind !== 'task') continue;
      byServer.set(record.serverId, [...(byServer.get(record.serverId) ?? []), record.key]);
    }
    await Promise.all([...byServer].map(([serverId, keys]) => this.resumeServer(serverId, keys)));
  }

  private allUnfinished(): TaskRecord[] {
    const seen = new Set<string>();
    const out: TaskRecord[] = [];
    for (const record of this.book.store.all()) {
      const current = this.book.record(record.key) ?? record;
      if (seen.has(current.key) || isTerminalStatus(current.status)) continue;
      seen.add(current.key);
      out.push(current);
    }
    return out;
  }

  private async resumeServer(serverId: string, keys: string[]): Promise<void> {
    let handleLabel = serverId;
    let session: ServerSession;
    try {
      handleLabel = this.servers.server(serverId).label;
      session = await this.servers.session(serverId);
    } catch (err) {
      const message = `cannot reach ${handleLabel} to resume: ${errorMessage(err)}`;
      for (const key of keys) await this.loss.markLost(key, message);
      return;
    }
    for (const key of keys) {
      if (this.ranInEndedProcess(serverId, session, key)) await this.loss.loseWithProcess(key);
      else this.env.scheduler.add(key, this.book.record(key)?.pollInterval, true);
    }
  }

  /**
   * A stdio server's process started after the task was last heard of: the process that ran the
   * task is gone (it ends with its parent), and no new process knows its tasks.
   */
  private ranInEndedProcess(serverId: string, session: ServerSession, key: string): boolean {
    const record = this.book.record(key);
    return this.servers.server(serverId).definition?.type === 'stdio'
      && session.startedAt !== undefined && record !== undefined && session.startedAt > record.updatedAt;
  }

  private follow(serverId: string, key: string): void {
    this.servers.session(serverId).then(
      (session) => {
        this.book.live(key).session = session;
        this.env.scheduler.add(key, this.book.record(key)?.pollInterval, true);
      },
      (err: unknown) => this.loss.markLost(key, `cannot reach the server: ${errorMessage(err)}`),
    ).catch((err: unknown) => this.env.logger.error(`${key}: following the task failed: ${errorMessage(err)}`));
  }

  private adopt(serverId: string, taskId: string, tool: string, wire: WireTask | undefined): TaskRecord {
    const now = this.env.clock.now();
    const parsedCreated = wire?.createdAt ? Date.parse(wire.createdAt) : NaN;
    const record: TaskRecord = {
      key: taskKey(serverId, taskId),
      serverId,
      serverLabel: this.servers.server(serverId).label,
      taskId,
      kind: 'task',
      tool,
      status: 'working',
      createdAt: Number.isFinite(parsedCreated) ? parsedCreated : now,
      updatedAt: now,
      ...(wire?.ttl !== undefined ? { ttl: wire.ttl } : {}),
      ...(wire?.pollInterval !== undefined ? { pollInterval: wire.pollInterval } : {}),
    };
    this.book.add(record);
    return record;
  }
}
