/**
 * Every task servers asked this host to run (client-side tasks), across servers and sessions:
 * creation under the limits, ttl expiry counted from creation, cancel by the server or the
 * user, and the records the editor shows as "requested by the server".
 */
import { randomBytes } from 'node:crypto';
import { ErrorCode, McpError, type Task } from '@modelcontextprotocol/sdk/types.js';
import { Emitter, type Disposable } from '../events';
import { silentLogger, systemClock, type Clock, type Logger } from '../ports';
import type { TaskPatch } from '../model/transitions';
import type { TaskRecord } from '../model/taskRecord';
import { HostedTask, type HostedMethod, type HostedOutcome } from './hostedTask';
import { grantTtl, resolveHostedTaskOptions, type HostedTaskOptions, type ResolvedHostedTaskOptions } from './hostedTaskOptions';
import type { HostedTaskKeeper, HostedTaskScope } from './hostedTaskScope';
import { HostedTaskSession } from './hostedTaskSession';

interface Entry {
  readonly task: HostedTask;
  readonly scope: HostedTaskScope;
  readonly expiry: Disposable;
}

export interface HostedTaskServiceDeps {
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Makes task ids; 128 random bits by default. */
  readonly newTaskId?: () => string;
}

export class HostedTaskService implements HostedTaskKeeper, Disposable {
  readonly options: ResolvedHostedTaskOptions;
  private readonly entries = new Map<string, Entry>();
  private readonly changed = new Emitter<TaskRecord>();
  private readonly removed = new Emitter<TaskRecord>();
  /** Every change of a hosted task (created, finished, cancelled). */
  readonly onDidChange = this.changed.event;
  /** A hosted task was forgotten: its ttl ran out, its session ended, or room was needed. */
  readonly onDidRemove = this.removed.event;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly newTaskId: () => string;
  private seq = 0;
  private disposed = false;

  constructor(options: HostedTaskOptions = {}, deps: HostedTaskServiceDeps = {}) {
    this.options = resolveHostedTaskOptions(options);
    this.clock = deps.clock ?? systemClock;
    this.logger = deps.logger ?? silentLogger;
    this.newTaskId = deps.newTaskId ?? (() => randomBytes(16).toString('hex'));
  }

  /** The tasks still known, oldest first. */
  list(): TaskRecord[] {
    return [...this.entries.values()].map((e) => e.task.record);
  }

  get(taskId: string): TaskRecord | undefined {
    return this.entries.get(taskId)?.task.record;
  }

  /** The user cancels: the pending prompt or model call is aborted. Undefined when unknown or already finished. */
  cancel(taskId: string, message = 'Cancelled by the user'): TaskRecord | undefined {
    const entry = this.entries.get(taskId);
    if (!entry || entry.task.terminal) return undefined;
    // A question the user cancels has the answer the request itself gives when a person dismisses
    // it, so the server's tasks/result gets that answer rather than an error.
    const answer: HostedOutcome | undefined = entry.task.record.tool === 'elicitation/create'
      ? { kind: 'result', value: { action: 'cancel' } }
      : undefined;
    this.abortAndSettle(entry, { status: 'cancelled', statusMessage: message }, answer);
    return entry.task.record;
  }

  /** Starts serving one MCP session; close the result when the session ends. */
  openSession(serverId: string, serverLabel: string, notify: (task: Task) => void): HostedTaskSession {
    const scope: HostedTaskScope = { serverId, serverLabel, notify, closed: false };
    return new HostedTaskSession(this, scope);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const entry of this.entries.values()) {
      entry.expiry.dispose();
      entry.task.controller.abort(new Error('The host is shutting down'));
      entry.task.forget();
    }
    this.entries.clear();
    this.changed.dispose();
    this.removed.dispose();
  }

  // --- HostedTaskKeeper: used by HostedTaskSession ------------------------------------------

  get pageSize(): number {
    return this.options.pageSize;
  }

  /** Creates a working task for the scope, or refuses with a JSON-RPC error when a limit is reached. */
  create(scope: HostedTaskScope, method: HostedMethod, requestedTtl: unknown, statusMessage?: string, args?: Record<string, unknown>): HostedTask {
    if (this.disposed || scope.closed) throw new McpError(ErrorCode.InvalidRequest, 'The host is no longer serving tasks for this session');
    const mine = [...this.entries.values()].filter((e) => e.scope.serverId === scope.serverId);
    const running = mine.filter((e) => !e.task.terminal).length;
    const limit = this.options.maxConcurrentPerServer;
    if (running >= limit) {
      throw new McpError(ErrorCode.InvalidRequest, `Too many tasks running on the host for this server (limit ${limit})`);
    }
    for (const old of mine.filter((e) => e.task.terminal).slice(0, Math.max(0, mine.length + 1 - this.options.maxRetainedPerServer))) {
      this.remove(old);
    }
    let taskId = this.newTaskId();
    while (this.entries.has(taskId)) taskId = this.newTaskId();
    const now = this.clock.now();
    const task = new HostedTask({
      taskId,
      method,
      serverId: scope.serverId,
      serverLabel: scope.serverLabel,
      seq: this.seq++,
      ttl: grantTtl(requestedTtl, this.options),
      pollInterval: this.options.pollIntervalMs,
      now,
      statusMessage,
      args,
    });
    const entry: Entry = { task, scope, expiry: this.clock.setTimeout(() => this.expire(taskId), task.expiresAt - now) };
    this.entries.set(taskId, entry);
    this.logger.debug(`Hosted task ${taskId} (${method}) for ${scope.serverLabel}, ttl ${task.record.ttl} ms`);
    this.changed.fire(task.record);
    return task;
  }

  find(scope: HostedTaskScope, taskId: string): HostedTask | undefined {
    const entry = this.entries.get(taskId);
    return entry && entry.scope === scope ? entry.task : undefined;
  }

  /** The scope's tasks in creation order. */
  tasksOf(scope: HostedTaskScope): HostedTask[] {
    return [...this.entries.values()].filter((e) => e.scope === scope).map((e) => e.task);
  }

  /** The work ended: store its outcome unless the task already finished (cancelled, expired). */
  settle(task: HostedTask, outcome: HostedOutcome): void {
    const entry = this.entries.get(task.taskId);
    if (!entry || entry.task !== task || task.terminal) return;
    const patch: TaskPatch = outcome.kind === 'result'
      ? { status: 'completed', statusMessage: undefined, result: { kind: 'inline', value: outcome.value } }
      : { status: 'failed', statusMessage: readable(outcome.message), error: { kind: 'server-error', message: readable(outcome.message), code: outcome.code } };
    this.update(entry, patch, outcome);
  }

  /** The server cancels through tasks/cancel (the caller checked that the task is still running). */
  cancelByServer(task: HostedTask): void {
    const entry = this.entries.get(task.taskId);
    if (entry) this.abortAndSettle(entry, { status: 'cancelled', statusMessage: 'Cancelled by the server' });
  }

  /** The session ended: running work is aborted and the session's tasks are forgotten. */
  closeScope(scope: HostedTaskScope, why: string): void {
    if (scope.closed) return;
    scope.closed = true;
    for (const entry of [...this.entries.values()].filter((e) => e.scope === scope)) {
      if (!entry.task.terminal) {
        this.abortAndSettle(entry, { status: 'failed', statusMessage: why, error: { kind: 'connection-lost', message: why } });
      }
      this.remove(entry);
    }
  }

  // --- internals ----------------------------------------------------------------------------

  private abortAndSettle(entry: Entry, patch: TaskPatch, outcome?: HostedOutcome): void {
    const message = patch.statusMessage ?? String(patch.status);
    this.update(entry, patch, outcome ?? (patch.status === 'failed' ? { kind: 'error', code: ErrorCode.InternalError, message } : undefined));
    entry.task.controller.abort(new Error(message));
  }

  private update(entry: Entry, patch: TaskPatch, outcome?: HostedOutcome): void {
    if (!entry.task.apply(patch, this.clock.now(), outcome)) return;
    this.changed.fire(entry.task.record);
    if (!entry.scope.closed) entry.scope.notify(entry.task.toWire());
  }

  /** The ttl ran out (counted from creation): the server can no longer ask for the task. */
  private expire(taskId: string): void {
    const entry = this.entries.get(taskId);
    if (!entry) return;
    if (!entry.task.terminal) {
      const message = 'The task expired before it finished';
      if (entry.task.apply({ status: 'expired', statusMessage: message, error: { kind: 'expired', message } }, this.clock.now())) {
        this.changed.fire(entry.task.record);
      }
      entry.task.controller.abort(new Error(message));
    }
    this.remove(entry);
  }

  private remove(entry: Entry): void {
    if (this.entries.get(entry.task.taskId) !== entry) return;
    this.entries.delete(entry.task.taskId);
    entry.expiry.dispose();
    entry.task.forget();
    this.removed.fire(entry.task.record);
  }
}

/** McpError messages start with "MCP error <code>: "; people need only the rest. */
function readable(message: string): string {
  return message.replace(/^(MCP error -?\d+: )+/, '');
}
