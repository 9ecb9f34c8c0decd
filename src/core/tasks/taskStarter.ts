/**
 * Starts tool calls: as a task when the server and tool allow it (and the caller wants it), as a
 * plain call otherwise. A plain call is tracked as a record too (kind 'call') so every long call
 * is visible; a plain call refused as "needs a task" is retried once as a task.
 */
import { randomUUID } from 'node:crypto';
import type { CallToolResult, Progress, Tool } from '@modelcontextprotocol/sdk/types.js';
import { mayRetryAsTask, resolveCallMode, type CallModeOption } from './callMode';
import type { EngineEnv } from './engineEnv';
import type { TaskBook } from './taskBook';
import type { ServerAccess } from './serverAccess';
import type { ServerSession } from '../servers/types';
import {
  errorMessage, isConnectionError, isNeedsTaskError, isNeedsTaskResult, isShapeError, toolErrorText, toTaskError,
} from './protocolErrors';
import type { TaskTracker } from './taskTracker';
import { taskKey, type TaskError, type TaskOrigin, type TaskRecord } from '../model/taskRecord';
import type { TaskPatch } from '../model/transitions';
import { missingRequiredFields } from './wireTask';

export interface CallToolOptions {
  mode?: CallModeOption;
  /** How a tool that supports both modes runs under mode 'auto'; the engine's setting when absent. */
  optionalDefault?: 'task' | 'plain';
  /** TTL (ms) to ask for; the server's granted ttl is what counts. */
  ttl?: number;
  /** Give up after this many ms (from the start of the call). */
  deadlineMs?: number;
  /** Give up after this many ms without progress or a status change. */
  idleTimeoutMs?: number;
  /** Aborting stops the call; for a task that means tasks/cancel. */
  signal?: AbortSignal;
  /** Who asked for the call (recorded); absent for a person's own call. */
  origin?: TaskOrigin;
}

interface Start {
  serverId: string;
  tool: string;
  args: Record<string, unknown>;
  options: CallToolOptions;
  toolInfo: Tool | undefined;
}

/** What a start sets going beyond its record: limits, held results, sweeps and a local cancel. */
export interface StarterHooks {
  /** Watches the record's deadline and idle timeout. */
  watchLimits(record: TaskRecord): void;
  /** A sign of life (progress): resets the idle timeout. */
  touch(key: string): void;
  /** Waits on the task's tasks/result from now on, when its session has room for one more. */
  holdResult(key: string): void;
  /** A task was created on a session (its listing grows). */
  taskCreated(serverId: string, session: ServerSession): void;
  /** Cancels in the background (a local abort); failures are logged. */
  cancel(key: string, why: TaskError): void;
}

export class TaskStarter {
  constructor(
    private readonly env: EngineEnv,
    private readonly book: TaskBook,
    private readonly servers: ServerAccess,
    private readonly tracker: TaskTracker,
    private readonly hooks: StarterHooks,
  ) {}

  async call(serverId: string, tool: string, args: Record<string, unknown>, options: CallToolOptions): Promise<TaskRecord> {
    const handle = this.servers.server(serverId);
    const session = await this.servers.session(serverId);
    const toolInfo = handle.tools?.find((t) => t.name === tool);
    const decision = resolveCallMode({
      capabilities: session.serverCapabilities,
      tool: toolInfo,
      requested: options.mode ?? 'auto',
      optionalDefault: options.optionalDefault ?? this.env.settings.optionalDefault,
    });
    this.env.logger.debug(`${serverId}: calling ${tool} as ${decision.mode} (${decision.reason})`);
    const start: Start = { serverId, tool, args, options, toolInfo };
    return decision.mode === 'task' ? this.startTask(start, undefined) : this.startPlain(start);
  }

  /** Creates the task. `existingKey` is the plain-call record that becomes this task. */
  private async startTask(start: Start, existingKey: string | undefined): Promise<TaskRecord> {
    const session = await this.servers.session(start.serverId);
    const ttl = start.options.ttl ?? this.env.settings.ttlByServer[start.serverId];
    const progress: { key?: string; early?: Progress } = {};
    const onprogress = (p: Progress) => {
      if (progress.key) this.onProgress(progress.key, p);
      else progress.early = p;
    };
    const outcome = await this.env.protocol.createTask(
      session, { name: start.tool, arguments: start.args }, ttl, { onprogress },
    );
    if (outcome.kind === 'result') {
      // The server ignored `task` and answered with the final result: that is the result.
      const key = existingKey ?? this.addCallRecord(start, ttl);
      this.book.counts(key).create++;
      await this.settlePlain(key, start, outcome.result);
      return this.book.record(key)!;
    }
    const wire = outcome.task;
    const missing = missingRequiredFields(wire);
    if (missing.length > 0) this.env.logger.warn(`${start.serverId}: task ${wire.taskId} lacks ${missing.join(', ')}`);
    const key = existingKey ?? taskKey(start.serverId, wire.taskId);
    if (!existingKey && this.book.record(key)) {
      this.env.logger.warn(`${start.serverId}: the server reused task id ${wire.taskId}; the old record is replaced`);
    }
    const identity: TaskPatch = {
      kind: 'task',
      taskId: wire.taskId,
      dialect: session.dialect,
      ...(wire.ttl !== undefined ? { ttl: wire.ttl } : {}),
      ...(wire.pollInterval !== undefined ? { pollInterval: wire.pollInterval } : {}),
    };
    if (existingKey) {
      await this.book.commit(existingKey, identity);
    } else {
      this.book.add(this.newRecord(start, key, wire.taskId, 'task', ttl, identity));
    }
    this.book.counts(key).create++;
    this.book.live(key).session = session;
    this.hooks.taskCreated(start.serverId, session);
    progress.key = key;
    if (progress.early) this.onProgress(key, progress.early);
    if (!existingKey) this.hooks.watchLimits(this.book.record(key)!);
    this.env.scheduler.add(key, wire.pollInterval);
    if (!existingKey) this.watchSignal(key, start.options.signal);
    await this.tracker.apply(key, wire);
    const early = this.tracker.takeEarly(start.serverId, wire.taskId);
    // Only a newer snapshot may follow the creation response (streams can reorder over HTTP).
    if (early && early.lastUpdatedAt !== undefined && wire.lastUpdatedAt !== undefined && Date.parse(early.lastUpdatedAt) > Date.parse(wire.lastUpdatedAt)) {
      await this.tracker.apply(key, early);
    }
    this.hooks.holdResult(key);
    return this.book.record(key)!;
  }

  private startPlain(start: Start): TaskRecord {
    const key = this.addCallRecord(start, undefined);
    const record = this.book.record(key)!;
    this.hooks.watchLimits(record);
    this.watchSignal(key, start.options.signal);
    void this.runPlain(key, start);
    return record;
  }

  private async runPlain(key: string, start: Start): Promise<void> {
    const live = this.book.live(key);
    const abort = new AbortController();
    live.abort = abort;
    this.book.counts(key).call++;
    try {
      const session = await this.servers.session(start.serverId);
      const result = await this.env.protocol.callTool(session, { name: start.tool, arguments: start.args }, {
        onprogress: (p) => this.onProgress(key, p),
        signal: abort.signal,
      });
      if (abort.signal.aborted) return;
      if (isNeedsTaskResult(result) && this.mayRetryAsTask(start)) return await this.retryAsTask(key, start, toolErrorText(result));
      await this.settlePlain(key, start, result);
    } catch (err) {
      if (abort.signal.aborted) return;
      if (isNeedsTaskError(err) && this.mayRetryAsTask(start)) return await this.retryAsTask(key, start, errorMessage(err));
      const kind = isConnectionError(err) ? 'connection-lost' : isShapeError(err) ? 'protocol' : 'server-error';
      const prefix = kind === 'connection-lost' ? 'the connection closed before the call finished' : undefined;
      await this.book.commit(key, { status: 'failed', error: toTaskError(kind, err, prefix) });
    } finally {
      live.abort = undefined;
    }
  }

  /** A refusal of the plain call may mean "use a task" only where a task is possible (callMode.ts). */
  private mayRetryAsTask(start: Start): boolean {
    return mayRetryAsTask(this.servers.server(start.serverId).session?.serverCapabilities, start.toolInfo);
  }

  private async retryAsTask(key: string, start: Start, why: string): Promise<void> {
    this.env.logger.info(`${start.serverId}: ${start.tool} refused a plain call (${why}); retrying once as a task`);
    try {
      await this.startTask(start, key);
    } catch (err) {
      await this.book.commit(key, { status: 'failed', error: toTaskError('server-error', err, 'the retry as a task failed') });
    }
  }

  /** Records the final result of a plain call (or of a task request answered plainly). */
  private async settlePlain(key: string, start: Start, result: CallToolResult): Promise<void> {
    const stored = await this.book.store.storeResult(key, result);
    if (result.isError) {
      await this.book.commit(key, { status: 'failed', result: stored, error: { kind: 'tool-error', message: toolErrorText(result) } });
      return;
    }
    const problem = this.env.validator.check(start.toolInfo, result);
    await this.book.commit(key, problem
      ? { status: 'failed', result: stored, error: { kind: 'protocol', message: problem } }
      : { status: 'completed', result: stored });
  }

  private onProgress(key: string, p: Progress): void {
    this.hooks.touch(key);
    const progress = {
      progress: p.progress,
      ...(p.total !== undefined ? { total: p.total } : {}),
      ...(p.message !== undefined ? { message: p.message } : {}),
    };
    this.book.commit(key, { progress }).catch((err: unknown) => this.env.logger.error(`${key}: progress update failed: ${errorMessage(err)}`));
  }

  private watchSignal(key: string, signal: AbortSignal | undefined): void {
    if (!signal) return;
    const onAbort = () => {
      this.env.logger.info(`${key}: aborted by the caller; cancelling`);
      this.hooks.cancel(key, { kind: 'cancelled', message: 'cancelled by the caller' });
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  }

  private addCallRecord(start: Start, ttl: number | undefined): string {
    const id = `call-${randomUUID()}`;
    const key = taskKey(start.serverId, id);
    this.book.add(this.newRecord(start, key, id, 'call', ttl, {}));
    return key;
  }

  private newRecord(start: Start, key: string, taskId: string, kind: 'task' | 'call', ttl: number | undefined, patch: TaskPatch): TaskRecord {
    const now = this.env.clock.now();
    const handle = this.servers.server(start.serverId);
    return {
      key, serverId: start.serverId, serverLabel: handle.label, taskId, kind, tool: start.tool, args: start.args,
      ...(ttl !== undefined ? { requestedTtl: ttl } : {}),
      status: 'working', createdAt: now, updatedAt: now,
      ...(start.options.deadlineMs !== undefined ? { deadline: now + start.options.deadlineMs } : {}),
      ...(start.options.idleTimeoutMs !== undefined ? { idleTimeoutMs: start.options.idleTimeoutMs } : {}),
      ...(start.options.origin !== undefined ? { origin: start.options.origin } : {}),
      ...patch,
    } as TaskRecord;
  }
}
