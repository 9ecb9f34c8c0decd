/**
 * One task the host runs for a server. Its state is a TaskRecord (kind 'hosted') changed only
 * through the shared transition rules, so a finished task never changes; the wire view
 * (`toWire`) and the stored outcome are derived from it.
 */
import type { Result, Task } from '@modelcontextprotocol/sdk/types.js';
import { transition, type TaskPatch } from '../model/transitions';
import { isTerminalStatus, taskKey, type TaskRecord } from '../model/taskRecord';

/** What the task produced: the request's result, or the JSON-RPC error it would have returned. */
export type HostedOutcome =
  | { kind: 'result'; value: Result }
  | { kind: 'error'; code: number; message: string; data?: unknown };

/** The methods a server may ask the host to run as a task. */
export type HostedMethod = 'sampling/createMessage' | 'elicitation/create';

export interface HostedTaskInit {
  readonly taskId: string;
  readonly method: HostedMethod;
  readonly serverId: string;
  readonly serverLabel: string;
  /** Creation order, for stable list pages. */
  readonly seq: number;
  readonly ttl: number;
  readonly pollInterval: number;
  readonly now: number;
  readonly statusMessage?: string;
  /** A short description of what was asked, shown with the task (never the whole request). */
  readonly args?: Record<string, unknown>;
}

export class HostedTask {
  readonly taskId: string;
  readonly seq: number;
  /** Aborts the work (the pending prompt or model call) on cancel, expiry or session end. */
  readonly controller = new AbortController();
  private _record: TaskRecord;
  private _outcome: HostedOutcome | undefined;
  private readonly finished: Promise<void>;
  private markFinished!: () => void;

  constructor(init: HostedTaskInit) {
    this.taskId = init.taskId;
    this.seq = init.seq;
    this._record = {
      key: taskKey(init.serverId, init.taskId),
      serverId: init.serverId,
      serverLabel: init.serverLabel,
      taskId: init.taskId,
      kind: 'hosted',
      tool: init.method,
      args: init.args,
      ttl: init.ttl,
      pollInterval: init.pollInterval,
      status: 'working',
      statusMessage: init.statusMessage,
      createdAt: init.now,
      updatedAt: init.now,
    };
    if (init.statusMessage === undefined) delete this._record.statusMessage;
    if (init.args === undefined) delete this._record.args;
    this.finished = new Promise((resolve) => { this.markFinished = resolve; });
  }

  get record(): TaskRecord { return this._record; }
  get outcome(): HostedOutcome | undefined { return this._outcome; }
  get terminal(): boolean { return isTerminalStatus(this._record.status); }
  /** Epoch ms after which the task is forgotten: ttl counts from creation, never from completion. */
  get expiresAt(): number { return this._record.createdAt + (this._record.ttl ?? 0); }
  /** Resolves once the task is finished (or forgotten). */
  whenFinished(): Promise<void> { return this.finished; }

  /**
   * Applies a change through the shared rules. Returns false when nothing changed or the move is
   * illegal (a finished task never changes); the outcome is kept only with the terminal move.
   */
  apply(patch: TaskPatch, now: number, outcome?: HostedOutcome): boolean {
    const moved = transition(this._record, patch, now);
    if (moved.kind !== 'changed') return false;
    this._record = moved.record;
    if (this.terminal) {
      this._outcome = outcome;
      this.markFinished();
    }
    return true;
  }

  /** Marks the task forgotten without a protocol status (expired): waiters stop waiting. */
  forget(): void {
    this.markFinished();
  }

  /** The protocol's view of the task (tasks/get, tasks/list, notifications/tasks/status). */
  toWire(): Task {
    const r = this._record;
    const task: Task = {
      taskId: r.taskId,
      status: wireStatus(r.status),
      createdAt: new Date(r.createdAt).toISOString(),
      lastUpdatedAt: new Date(r.updatedAt).toISOString(),
      ttl: r.ttl ?? null,
    };
    if (r.pollInterval !== undefined) task.pollInterval = r.pollInterval;
    if (r.statusMessage !== undefined) task.statusMessage = r.statusMessage;
    return task;
  }
}

/** Host-only statuses never reach the wire: an expired or lost hosted task is reported as failed. */
function wireStatus(status: TaskRecord['status']): Task['status'] {
  switch (status) {
    case 'working':
    case 'input_required':
    case 'completed':
    case 'failed':
    case 'cancelled':
      return status;
    default:
      return 'failed';
  }
}
