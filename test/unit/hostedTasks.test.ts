/**
 * Hosted tasks (the host as task receiver) without a transport: ids, limits, ttl counted from
 * creation, transitions, pagination and the protocol's errors, driven by a manual clock.
 */
import * as assert from 'node:assert/strict';
import { ErrorCode, McpError, RELATED_TASK_META_KEY, type Result, type Task } from '@modelcontextprotocol/sdk/types.js';
import { withDefaults } from '../../src/core/hosted/elicitationDefaults';
import { grantTtl, HOSTED_TASK_DEFAULTS, resolveHostedTaskOptions } from '../../src/core/hosted/hostedTaskOptions';
import { HostedTaskService } from '../../src/core/hosted/hostedTaskService';
import type { HostedTaskSession } from '../../src/core/hosted/hostedTaskSession';
import type { TaskRecord } from '../../src/core/model/taskRecord';
import { flushMicrotasks, ManualClock } from '../support/manualClock';

/** Work whose end the test decides, remembering the signal it was given. */
class PendingWork {
  signal: AbortSignal | undefined;
  taskId: string | undefined;
  private settle: { resolve(v: Result): void; reject(e: unknown): void } | undefined;
  readonly run = (signal: AbortSignal, taskId: string): Promise<Result> => {
    this.signal = signal;
    this.taskId = taskId;
    return new Promise((resolve, reject) => { this.settle = { resolve, reject }; });
  };
  resolve(value: Result): void { this.settle!.resolve(value); }
  reject(error: unknown): void { this.settle!.reject(error); }
}

async function rejectsWithCode(promise: Promise<unknown> | (() => unknown), code: number, message?: RegExp): Promise<void> {
  const run = typeof promise === 'function' ? (async () => promise())() : promise;
  await assert.rejects(run, (error: unknown) => {
    assert.equal((error as McpError).code, code, String(error));
    if (message) assert.match((error as Error).message, message);
    return true;
  });
}

describe('hosted tasks', () => {
  let clock: ManualClock;
  let service: HostedTaskService;
  let session: HostedTaskSession;
  let notified: Task[];
  let changes: TaskRecord[];

  function setUp(options: ConstructorParameters<typeof HostedTaskService>[0] = {}): void {
    service?.dispose();
    clock = new ManualClock();
    service = new HostedTaskService(options, { clock });
    notified = [];
    changes = [];
    service.onDidChange((r) => changes.push(r));
    session = service.openSession('srv', 'Server', (task) => notified.push(task));
  }

  beforeEach(() => setUp());
  afterEach(() => service.dispose());

  it('declares sane defaults and clamps what a server asks for', () => {
    assert.equal(HOSTED_TASK_DEFAULTS.maxConcurrentPerServer, 16);
    assert.equal(HOSTED_TASK_DEFAULTS.maxTtlMs, 3_600_000);
    const options = resolveHostedTaskOptions({ maxTtlMs: 60_000, minTtlMs: 500 });
    assert.equal(grantTtl(10_000, options), 10_000);
    assert.equal(grantTtl(10 * 3_600_000, options), 60_000, 'capped at the maximum');
    assert.equal(grantTtl(undefined, options), 60_000, 'nothing asked: the default');
    assert.equal(grantTtl(0, options), 500, 'never shorter than the minimum');
    assert.equal(grantTtl(Number.NaN, options), 60_000);
  });

  it('makes 128-bit random ids that never repeat', async () => {
    setUp({ maxConcurrentPerServer: 200, maxRetainedPerServer: 200 });
    const ids = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const { task } = session.start('elicitation/create', undefined, undefined, async () => ({ action: 'decline' }));
      assert.match(task.taskId, /^[0-9a-f]{32}$/);
      ids.add(task.taskId);
    }
    assert.equal(ids.size, 200);
  });

  it('answers with a working task at once and completes in the background', async () => {
    const work = new PendingWork();
    const created = session.start('elicitation/create', 60_000, 'Waiting for the user', work.run);
    assert.equal(created.task.status, 'working');
    assert.equal(created.task.ttl, 60_000);
    assert.equal(created.task.pollInterval, 1000);
    assert.equal(created.task.createdAt, new Date(clock.now()).toISOString());
    assert.equal(created.task.statusMessage, 'Waiting for the user');
    const id = created.task.taskId;
    await flushMicrotasks();
    assert.equal(work.taskId, id, 'the work knows its task');
    assert.equal(session.get(id).status, 'working');

    let blockedResult: Result | undefined;
    const pending = session.result(id, new AbortController().signal).then((r) => { blockedResult = r; });
    await flushMicrotasks();
    assert.equal(blockedResult, undefined, 'tasks/result blocks while the task works');

    await clock.advance(500);
    work.resolve({ action: 'accept', content: { name: 'Ada' } });
    await pending;
    assert.deepEqual(blockedResult, { action: 'accept', content: { name: 'Ada' }, _meta: { [RELATED_TASK_META_KEY]: { taskId: id } } });
    const task = session.get(id);
    assert.equal(task.status, 'completed');
    assert.equal(task.statusMessage, undefined);
    assert.equal(task.lastUpdatedAt, new Date(clock.now()).toISOString());
    assert.deepEqual(notified.map((t) => t.status), ['completed'], 'one status notification per change');
    const record = service.get(id)!;
    assert.deepEqual(
      { kind: record.kind, tool: record.tool, serverId: record.serverId, serverLabel: record.serverLabel, status: record.status, ttl: record.ttl },
      { kind: 'hosted', tool: 'elicitation/create', serverId: 'srv', serverLabel: 'Server', status: 'completed', ttl: 60_000 },
    );
    assert.deepEqual(changes.map((c) => c.status), ['working', 'completed']);
  });

  it('keeps the error a failed request would have returned', async () => {
    const work = new PendingWork();
    const { task } = session.start('sampling/createMessage', undefined, undefined, work.run);
    await flushMicrotasks();
    work.reject(new McpError(ErrorCode.InvalidRequest, 'The host refused the sampling request', { why: 'no model' }));
    await flushMicrotasks();
    assert.equal(session.get(task.taskId).status, 'failed');
    await assert.rejects(session.result(task.taskId, new AbortController().signal), (error: unknown) => {
      const e = error as { code: number; message: string; data: unknown };
      assert.equal(e.code, ErrorCode.InvalidRequest);
      assert.equal(e.message, 'MCP error -32600: The host refused the sampling request', 'the message the direct answer carries');
      assert.deepEqual(e.data, { why: 'no model' });
      return true;
    });
    const record = service.get(task.taskId)!;
    assert.deepEqual(record.error, { kind: 'server-error', message: 'The host refused the sampling request', code: ErrorCode.InvalidRequest });
  });

  it('never changes a finished task: cancel of a finished task is -32602, a late answer after cancel is ignored', async () => {
    const done = session.start('elicitation/create', undefined, undefined, async () => ({ action: 'decline' }));
    await flushMicrotasks();
    await rejectsWithCode(() => session.cancel(done.task.taskId), ErrorCode.InvalidParams, /already completed/);
    assert.equal(service.cancel(done.task.taskId), undefined, 'the user cannot cancel it either');

    const work = new PendingWork();
    const running = session.start('elicitation/create', undefined, undefined, work.run);
    await flushMicrotasks();
    const cancelled = session.cancel(running.task.taskId);
    assert.equal(cancelled.status, 'cancelled');
    assert.equal(cancelled.statusMessage, 'Cancelled by the server');
    assert.equal(work.signal?.aborted, true, 'the pending prompt is aborted');
    work.resolve({ action: 'accept', content: {} });
    await flushMicrotasks();
    assert.equal(session.get(running.task.taskId).status, 'cancelled');
    await rejectsWithCode(() => session.cancel(running.task.taskId), ErrorCode.InvalidParams);
    await rejectsWithCode(session.result(running.task.taskId, new AbortController().signal), ErrorCode.InternalError, /cancelled/);
    assert.deepEqual(notified.map((t) => t.status), ['completed', 'cancelled']);
  });

  it('lets the user cancel a running task', async () => {
    const work = new PendingWork();
    const { task } = session.start('sampling/createMessage', undefined, undefined, work.run);
    await flushMicrotasks();
    const record = service.cancel(task.taskId);
    assert.equal(record?.status, 'cancelled');
    assert.equal(record?.statusMessage, 'Cancelled by the user');
    assert.equal(work.signal?.aborted, true);
    assert.equal(notified.at(-1)?.status, 'cancelled', 'the server hears about it');
  });

  it('answers -32602 for unknown ids and for tasks of another session', async () => {
    await rejectsWithCode(() => session.get('nope'), ErrorCode.InvalidParams);
    await rejectsWithCode(session.result('nope', new AbortController().signal), ErrorCode.InvalidParams);
    await rejectsWithCode(() => session.cancel('nope'), ErrorCode.InvalidParams);
    const { task } = session.start('elicitation/create', undefined, undefined, new PendingWork().run);
    const other = service.openSession('srv', 'Server', () => undefined);
    await rejectsWithCode(() => other.get(task.taskId), ErrorCode.InvalidParams);
    assert.deepEqual(other.list(undefined).tasks, []);
  });

  it('caps concurrent tasks per server and frees the slot when one finishes', async () => {
    setUp({ maxConcurrentPerServer: 2 });
    const first = new PendingWork();
    session.start('elicitation/create', undefined, undefined, first.run);
    session.start('elicitation/create', undefined, undefined, new PendingWork().run);
    await rejectsWithCode(() => session.start('elicitation/create', undefined, undefined, new PendingWork().run), ErrorCode.InvalidRequest, /limit 2/);
    const elsewhere = service.openSession('other', 'Other', () => undefined);
    assert.equal(elsewhere.start('elicitation/create', undefined, undefined, new PendingWork().run).task.status, 'working', 'another server has its own limit');
    await flushMicrotasks();
    first.resolve({ action: 'cancel' });
    await flushMicrotasks();
    assert.equal(session.start('elicitation/create', undefined, undefined, new PendingWork().run).task.status, 'working');
  });

  it('keeps at most maxRetainedPerServer tasks, dropping the oldest finished ones', async () => {
    setUp({ maxConcurrentPerServer: 2, maxRetainedPerServer: 3 });
    const removed: string[] = [];
    service.onDidRemove((r) => removed.push(r.taskId));
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(session.start('elicitation/create', undefined, undefined, async () => ({ action: 'decline' })).task.taskId);
      await flushMicrotasks();
    }
    assert.deepEqual(removed, ids.slice(0, 2));
    assert.deepEqual(service.list().map((r) => r.taskId), ids.slice(2));
  });

  it('counts the ttl from creation, not from completion, and forgets the task then', async () => {
    const removed: TaskRecord[] = [];
    service.onDidRemove((r) => removed.push(r));
    const { task } = session.start('elicitation/create', 10_000, undefined, async () => ({ action: 'decline' }));
    await clock.advance(9_000);
    assert.equal(session.get(task.taskId).status, 'completed');
    await clock.advance(1_000);
    await rejectsWithCode(() => session.get(task.taskId), ErrorCode.InvalidParams, /Unknown or expired/);
    assert.equal(service.list().length, 0);
    assert.equal(removed[0]?.taskId, task.taskId);
    assert.equal(clock.pendingTimers, 0);
  });

  it('aborts work still running at expiry and wakes a blocked tasks/result with -32602', async () => {
    const work = new PendingWork();
    const { task } = session.start('elicitation/create', 5_000, undefined, work.run);
    await flushMicrotasks();
    const blocked = session.result(task.taskId, new AbortController().signal);
    const failure = rejectsWithCode(blocked, ErrorCode.InvalidParams);
    await clock.advance(5_000);
    await failure;
    assert.equal(work.signal?.aborted, true);
    assert.equal(changes.at(-1)?.status, 'expired');
    assert.equal(notified.length, 0, 'expiry is no protocol status');
  });

  it('stops a blocked tasks/result when the server cancels that request', async () => {
    const { task } = session.start('elicitation/create', undefined, undefined, new PendingWork().run);
    const request = new AbortController();
    const blocked = session.result(task.taskId, request.signal);
    request.abort();
    await rejectsWithCode(blocked, ErrorCode.InvalidRequest);
    assert.equal(session.get(task.taskId).status, 'working', 'the task itself goes on');
  });

  it('pages tasks/list with opaque cursors that survive removals', async () => {
    setUp({ pageSize: 2 });
    const works = Array.from({ length: 5 }, () => new PendingWork());
    const ids = works.map((w) => session.start('elicitation/create', undefined, undefined, w.run).task.taskId);
    const first = session.list(undefined);
    assert.deepEqual(first.tasks.map((t) => t.taskId), ids.slice(0, 2));
    assert.ok(first.nextCursor && !first.nextCursor.includes(ids[1]), 'the cursor is opaque');
    service.cancel(ids[2]);
    const second = session.list(first.nextCursor);
    assert.deepEqual(second.tasks.map((t) => t.taskId), ids.slice(2, 4));
    assert.equal(second.tasks[0].status, 'cancelled');
    const third = session.list(second.nextCursor);
    assert.deepEqual(third.tasks.map((t) => t.taskId), ids.slice(4));
    assert.equal(third.nextCursor, undefined);
    await rejectsWithCode(() => session.list('not-a-cursor'), ErrorCode.InvalidParams);
    await rejectsWithCode(() => session.list(Buffer.from('hosted-tasks:x').toString('base64url')), ErrorCode.InvalidParams);
  });

  it('ends the tasks of a closed session: work aborted, tasks forgotten, no new ones', async () => {
    const work = new PendingWork();
    const { task } = session.start('sampling/createMessage', undefined, undefined, work.run);
    await flushMicrotasks();
    session.close('The connection to the server closed');
    assert.equal(work.signal?.aborted, true);
    const last = changes.at(-1)!;
    assert.equal(last.status, 'failed');
    assert.equal(last.error?.kind, 'connection-lost');
    assert.equal(service.get(task.taskId), undefined);
    assert.equal(clock.pendingTimers, 0);
    await rejectsWithCode(() => session.start('sampling/createMessage', undefined, undefined, new PendingWork().run), ErrorCode.InvalidRequest);
  });

  it('cleans up every timer and aborts work on dispose', async () => {
    const work = new PendingWork();
    session.start('elicitation/create', undefined, undefined, work.run);
    session.start('elicitation/create', undefined, undefined, new PendingWork().run);
    await flushMicrotasks();
    assert.equal(clock.pendingTimers, 2);
    service.dispose();
    assert.equal(clock.pendingTimers, 0);
    assert.equal(work.signal?.aborted, true);
    assert.deepEqual(service.list(), []);
  });

  it('fills in schema defaults for fields left out of an accepted form', () => {
    const schema = { type: 'object', properties: { a: { type: 'string', default: 'x' }, b: { type: 'number', default: 3 }, c: { type: 'boolean' } } };
    const content = { a: 'typed' };
    assert.deepEqual(withDefaults(schema, content), { a: 'typed', b: 3 });
    assert.deepEqual(content, { a: 'typed' }, 'the input is left alone');
  });
});
