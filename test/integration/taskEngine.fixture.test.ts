/**
 * The task engine against our SDK-built task fixture (stdio): mode selection, results, failures,
 * input_required, output schemas, cancellation, deadlines, large results, adoption and resume.
 */
import * as assert from 'node:assert/strict';
import { fixtureServer, startHttpServerProcess, type HttpServerProcess } from '../support/httpServerProcess';
import { createHarness, logRequestCounts, resultText, ScriptedHostRequests, type Harness } from '../support/taskEngineHarness';
import { UnhandledRejectionMonitor } from '../support/unhandledRejections';
import { waitFor, withTimeout } from '../support/waitFor';
import { TaskEngine } from '../../src/core/tasks/taskEngine';
import { StaticServerLookup } from '../support/taskEngineHarness';

const definition = {
  type: 'stdio' as const,
  command: process.execPath,
  args: [fixtureServer('taskFixture')],
  env: { FIXTURE_POLL_INTERVAL: '200' },
};

describe('TaskEngine with the SDK task fixture', function () {
  this.timeout(60_000);
  const rejections = new UnhandledRejectionMonitor();
  const host = new ScriptedHostRequests(() => ({ action: 'accept', content: { answer: 'blue' } }));
  let h: Harness;

  before(async () => {
    rejections.install();
    h = createHarness({ id: 'fx', definition, host });
    await h.connection.connect();
  });

  after(async () => {
    await h?.dispose();
    rejections.uninstall();
  });

  afterEach(() => rejections.assertNone());

  const finish = (key: string, ms = 15_000) => withTimeout(h.engine.whenFinished(key), ms, `task ${key} finished`);

  it('runs an optional tool as a task by default, with progress and status messages', async () => {
    const started = await h.engine.call('fx', 'work', { ms: 600, steps: 3, text: 'all done' });
    assert.equal(started.kind, 'task');
    const done = await finish(started.key);
    assert.equal(done.status, 'completed');
    assert.equal(resultText(done), 'all done');
    const seen = h.events.filter((r) => r.key === started.key);
    assert.ok(seen.some((r) => r.statusMessage === 'step 1/3'), 'status message from notifications');
    assert.ok(seen.some((r) => r.progress?.progress === 2 && r.progress.total === 3), 'progress kept for the task life');
    logRequestCounts('fixture work 600 ms with notifications', h.engine, done);
  });

  it('runs an optional tool plainly when asked, or when the setting says so', async () => {
    const asked = await h.engine.call('fx', 'work', { ms: 100 }, { mode: 'plain' });
    assert.equal(asked.kind, 'call');
    assert.equal(asked.status, 'working');
    assert.equal((await finish(asked.key)).status, 'completed');

    const plainByDefault = new TaskEngine({ servers: new StaticServerLookup([h.connection]), store: h.store, settings: { optionalDefault: 'plain' } });
    try {
      const viaSetting = await plainByDefault.call('fx', 'work', { ms: 100 });
      assert.equal(viaSetting.kind, 'call');
      const done = await withTimeout(plainByDefault.whenFinished(viaSetting.key), 10_000, 'plain call finished');
      assert.equal(resultText(done), 'done');
      const forced = await plainByDefault.call('fx', 'work', { ms: 100 }, { mode: 'task' });
      assert.equal(forced.kind, 'task');
      await withTimeout(plainByDefault.whenFinished(forced.key), 10_000, 'forced task finished');
    } finally {
      plainByDefault.dispose();
    }
  });

  it('always uses a task for a required tool and never for a forbidden one', async () => {
    const required = await h.engine.call('fx', 'needs_task', { ms: 50 }, { mode: 'plain' });
    assert.equal(required.kind, 'task');
    assert.match(resultText(await finish(required.key)), /needed a task/);

    const forbidden = await h.engine.call('fx', 'plain_only', { ms: 300, text: 'plain!' }, { mode: 'task' });
    assert.equal(forbidden.kind, 'call');
    assert.equal(forbidden.status, 'working', 'a plain call is shown as running');
    const done = await finish(forbidden.key);
    assert.equal(done.status, 'completed');
    assert.equal(resultText(done), 'plain!');
    assert.ok(h.events.some((r) => r.key === forbidden.key && r.progress?.message === 'half way'));
    logRequestCounts('fixture plain call', h.engine, done);
  });

  it('never runs a tool again as a task because its own error text quotes -32601', async () => {
    const started = await h.engine.call('fx', 'quotes_error_code', {});
    const done = await finish(started.key);
    assert.equal(done.status, 'failed');
    assert.equal(done.error?.kind, 'tool-error');
    assert.match(resultText(done), /^run 1: /, 'the tool ran once');
    const counts = h.engine.requestCountsOf(started.key)!;
    assert.equal(counts.call, 1);
    assert.equal(counts.create, 0, 'no retry as a task');
  });

  it('keeps the tool error of a failed task', async () => {
    const started = await h.engine.call('fx', 'fail', { reason: 'disk full' });
    const done = await finish(started.key);
    assert.equal(done.status, 'failed');
    assert.equal(done.error?.kind, 'tool-error');
    assert.equal(done.error?.message, 'failed: disk full');
    assert.match(resultText(done), /disk full/, 'the isError result is stored');
  });

  it('keeps the JSON-RPC error and status message of a task that failed without a result', async () => {
    const started = await h.engine.call('fx', 'rpc_fail', { ms: 50 });
    const done = await finish(started.key);
    assert.equal(done.status, 'failed');
    assert.equal(done.error?.kind, 'server-error');
    assert.equal(typeof done.error?.code, 'number');
    assert.equal(done.statusMessage, 'backend unavailable');
  });

  it('follows a task that sends no status notifications (its held result tells the end)', async () => {
    const started = await h.engine.call('fx', 'work', { ms: 700, steps: 1, notify: false, text: 'quiet' });
    const done = await finish(started.key);
    assert.equal(done.status, 'completed');
    assert.equal(resultText(done), 'quiet');
    const counts = h.engine.requestCountsOf(done.key)!;
    // One tasks/get at least: the one that confirms how the task ended once its result came back.
    assert.ok(counts.get >= 1, `polled ${counts.get} times`);
    assert.equal(counts.notifications, 0);
    logRequestCounts('fixture work 700 ms, no notifications, held result (pollInterval 200)', h.engine, done);
  });

  it('stores a 20 MB result over stdio', async () => {
    const started = await h.engine.call('fx', 'big', { mb: 20 });
    const done = await finish(started.key, 30_000);
    assert.equal(done.status, 'completed');
    assert.equal(resultText(done).length, 20 * 1024 * 1024);
  });

  it('answers input_required through tasks/result and completes', async () => {
    const before = host.elicitations.length;
    const started = await h.engine.call('fx', 'ask', { ms: 200, question: 'Favourite colour?' });
    const done = await finish(started.key);
    assert.equal(done.status, 'completed');
    assert.equal(resultText(done), 'answer: blue');
    const asked = host.elicitations.slice(before);
    assert.equal(asked.length, 1);
    assert.equal(asked[0]!.context.relatedTaskId, started.taskId);
    assert.ok(h.events.some((r) => r.key === started.key && r.status === 'input_required'));
    logRequestCounts('fixture input_required', h.engine, done);
  });

  it('checks structuredContent against the output schema', async () => {
    const good = await finish((await h.engine.call('fx', 'structured', { valid: true })).key);
    assert.equal(good.status, 'completed');
    const bad = await finish((await h.engine.call('fx', 'structured', { valid: false })).key);
    assert.equal(bad.status, 'failed');
    assert.equal(bad.error?.kind, 'protocol');
    assert.match(bad.error?.message ?? '', /output schema/);
    assert.ok(bad.result, 'the non-conforming result is kept');
  });

  it('cancels a task; cancelling again changes nothing', async () => {
    const started = await h.engine.call('fx', 'work', { ms: 20_000, steps: 1, notify: false });
    const cancelled = await h.engine.cancel(started.key);
    assert.equal(cancelled.status, 'cancelled');
    const events = h.events.length;
    const again = await h.engine.cancel(started.key);
    assert.equal(again.status, 'cancelled');
    assert.equal(h.events.length, events, 'no event for a no-op');
  });

  it('cancels a plain call with an abort', async () => {
    const started = await h.engine.call('fx', 'plain_only', { ms: 20_000 });
    const cancelled = await h.engine.cancel(started.key);
    assert.equal(cancelled.status, 'cancelled');
    assert.equal(cancelled.kind, 'call');
  });

  it('gives up at a wall deadline and cancels the task on the server', async () => {
    const started = await h.engine.call('fx', 'work', { ms: 20_000, steps: 1, notify: false }, { deadlineMs: 400 });
    const done = await finish(started.key);
    assert.equal(done.status, 'cancelled');
    assert.equal(done.error?.kind, 'timeout');
    assert.match(done.error?.message ?? '', /deadline/);
    const session = await h.connection.connect();
    assert.equal((await h.engine.protocol.getTask(session, started.taskId)).status, 'cancelled');
  });

  it('gives up after an idle timeout without progress', async () => {
    const started = await h.engine.call('fx', 'work', { ms: 20_000, steps: 1, notify: false }, { idleTimeoutMs: 500 });
    const done = await finish(started.key);
    assert.equal(done.status, 'cancelled');
    assert.equal(done.error?.kind, 'timeout');
    assert.match(done.error?.message ?? '', /no progress/);
  });

  it('aborting the caller\'s signal cancels the task', async () => {
    const abort = new AbortController();
    const started = await h.engine.call('fx', 'work', { ms: 20_000, steps: 1, notify: false }, { signal: abort.signal });
    abort.abort();
    const done = await finish(started.key);
    assert.equal(done.status, 'cancelled');
  });

  it('adopts a task by id; Refresh updates the tasks it follows and leaves others alone', async () => {
    const session = await h.connection.connect();
    const created = await h.engine.protocol.createTask(session, { name: 'needs_task', arguments: { ms: 300 } }, undefined, {});
    assert.equal(created.kind, 'task');
    const taskId = created.kind === 'task' ? created.task.taskId : '';
    const tracked = h.engine.track('fx', taskId, 'needs_task');
    assert.equal(tracked.kind, 'task');
    assert.match(resultText(await finish(tracked.key)), /needed a task/);

    const other = await h.engine.protocol.createTask(session, { name: 'work', arguments: { ms: 300, steps: 1 } }, undefined, {});
    const otherId = other.kind === 'task' ? other.task.taskId : '';
    const found = await h.engine.discover('fx');
    assert.ok(found.some((r) => r.taskId === taskId), 'the tasks it follows are refreshed');
    // A task this host did not start is counted, not adopted: following it is asked for by id.
    assert.equal(found.find((r) => r.taskId === otherId), undefined);
    assert.equal(h.engine.list().find((r) => r.taskId === otherId), undefined);
    assert.ok(h.logger.matching(/\d+ listed task\(s\) were not started here and are left alone/, 'info').length > 0, 'the others are counted');
    const adopted = h.engine.track('fx', otherId, 'work');
    assert.equal((await finish(adopted.key)).status, 'completed');
  });

  it('marks tasks connection_lost when the server dies, and expired when the new one does not know them', async () => {
    const started = await h.engine.call('fx', 'work', { ms: 20_000, steps: 1, notify: false });
    const pid = h.connection.pid;
    assert.ok(pid, 'the fixture runs as a process');
    process.kill(pid, 'SIGKILL');
    const lost = await waitFor(() => h.engine.get(started.key)?.status === 'connection_lost' && h.engine.get(started.key), { what: 'connection_lost' });
    assert.equal(lost.error?.kind, 'connection-lost');
    assert.equal(lost.taskId, started.taskId, 'the taskId is kept');
    await h.connection.connect();
    const done = await finish(started.key);
    assert.equal(done.status, 'expired');
    assert.match(done.error?.message ?? '', /no longer knows this task/);
  });

  it('resumes unfinished records from the store in a new engine', async () => {
    const started = await h.engine.call('fx', 'work', { ms: 1_000, steps: 1, notify: false, text: 'resumed' });
    // A second engine on the same store and connection picks the task up.
    const second = new TaskEngine({ servers: new StaticServerLookup([h.connection]), store: h.store });
    try {
      assert.equal(second.get(started.key)?.status, 'working');
      await second.resume();
      const done = await withTimeout(second.whenFinished(started.key), 10_000, 'resumed task finished');
      assert.equal(done.status, 'completed');
      assert.equal(resultText(done), 'resumed');
    } finally {
      second.dispose();
    }
  });
});

describe('TaskEngine with the SDK task fixture over Streamable HTTP', function () {
  this.timeout(60_000);
  const rejections = new UnhandledRejectionMonitor();
  const host = new ScriptedHostRequests(() => ({ action: 'accept', content: { answer: 'green' } }));
  let server: HttpServerProcess | undefined;
  let h: Harness;

  before(async () => {
    rejections.install();
    server = await startHttpServerProcess([fixtureServer('taskFixture')]);
    h = createHarness({ id: 'fxh', definition: { type: 'http', url: `http://127.0.0.1:${server.port}/mcp`, headers: {} }, host });
    await h.connection.connect();
  });

  after(async () => {
    await h?.dispose();
    await server?.stop();
    rejections.uninstall();
  });

  afterEach(() => rejections.assertNone());

  it('stores a 20 MB result', async () => {
    const started = await h.engine.call('fxh', 'big', { mb: 20 });
    const done = await withTimeout(h.engine.whenFinished(started.key), 30_000, '20 MB task finished');
    assert.equal(done.status, 'completed', JSON.stringify(done.error));
    assert.equal(resultText(done).length, 20 * 1024 * 1024);
    logRequestCounts('fixture/http 20 MB result', h.engine, done);
  });

  it('answers input_required over HTTP and completes', async () => {
    const started = await h.engine.call('fxh', 'ask', { ms: 100 });
    const done = await withTimeout(h.engine.whenFinished(started.key), 15_000, 'ask finished');
    assert.equal(done.status, 'completed', JSON.stringify(done.error));
    assert.equal(resultText(done), 'answer: green');
    assert.equal(host.elicitations[0]?.context.relatedTaskId, started.taskId);
  });
});
