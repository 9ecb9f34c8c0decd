/**
 * The task engine against a server that breaks the protocol on purpose (raw JSON-RPC fixture):
 * every case ends in a clear final state and message, nothing crashes, nothing is lost.
 */
import * as assert from 'node:assert/strict';
import { fixtureServer } from '../support/httpServerProcess';
import { createHarness, logRequestCounts, resultText, type Harness } from '../support/taskEngineHarness';
import { UnhandledRejectionMonitor } from '../support/unhandledRejections';
import { waitFor, withTimeout } from '../support/waitFor';

const definition = { type: 'stdio' as const, command: process.execPath, args: [fixtureServer('rawTaskFixture')], env: {} };

describe('TaskEngine with a misbehaving server', function () {
  this.timeout(30_000);
  const rejections = new UnhandledRejectionMonitor();
  let h: Harness;

  before(() => rejections.install());
  after(() => rejections.uninstall());

  beforeEach(async () => {
    h = createHarness({ id: 'raw', definition, settings: { cancelTimeoutMs: 500 } });
    await h.connection.connect();
  });

  afterEach(async () => {
    await h.dispose();
    rejections.assertNone();
  });

  const finish = (key: string, ms = 10_000) => withTimeout(h.engine.whenFinished(key), ms, `task ${key} finished`);

  it('polls instead when tasks/result is answered before the task ended, and keeps the real result', async () => {
    const started = await h.engine.call('raw', 'eager_result', {});
    const done = await finish(started.key);
    assert.equal(done.status, 'completed');
    assert.equal(resultText(done), 'eager_result result');
    assert.equal(h.logger.matching(/tasks\/result was answered while the task is working; polling instead/, 'warn').length, 1);
    // The session is not held for again: the next task is polled from the start.
    const next = await h.engine.call('raw', 'eager_result', {});
    assert.equal(h.engine.requestCountsOf(next.key)?.result, 0);
    assert.equal(resultText(await finish(next.key)), 'eager_result result');
  });

  it('takes a plain result for a task request as the final result', async () => {
    const record = await h.engine.call('raw', 'plain_answer', {});
    assert.equal(record.kind, 'call');
    assert.equal(record.status, 'completed');
    assert.equal(resultText(record), 'plain instead (plain_answer)');
    assert.ok(h.store.get(record.key)?.result, 'stored');
  });

  it('tolerates tasks without lastUpdatedAt and ttl', async () => {
    const started = await h.engine.call('raw', 'sloppy', {});
    assert.equal(started.ttl, undefined);
    const done = await finish(started.key);
    assert.equal(done.status, 'completed');
    assert.equal(resultText(done), 'sloppy result');
    assert.ok(h.logger.matching(/lacks lastUpdatedAt, ttl/, 'warn').length > 0, 'the gap is logged');
  });

  it('fails a task whose status is unknown, with a protocol error', async () => {
    const started = await h.engine.call('raw', 'weird_status', {});
    const done = await finish(started.key);
    assert.equal(done.status, 'failed');
    assert.equal(done.error?.kind, 'protocol');
    assert.match(done.error?.message ?? '', /unknown task status "paused"/);
  });

  it('refuses terminal → working and keeps the completed result', async () => {
    const started = await h.engine.call('raw', 'zombie', {});
    const done = await finish(started.key);
    assert.equal(done.status, 'completed');
    await waitFor(() => h.logger.matching(/ignored the server's working; the task already ended as completed/, 'warn').length > 0, { what: 'the refusal in the log' });
    assert.equal(h.engine.get(started.key)?.status, 'completed');
    assert.equal(resultText(h.engine.get(started.key)), 'zombie result');
    assert.equal(h.engine.get(started.key)?.statusMessage, undefined, 'nothing from the illegal update was taken');
  });

  it('marks a task the server forgot as expired', async () => {
    const started = await h.engine.call('raw', 'vanishing', {});
    const done = await finish(started.key);
    assert.equal(done.status, 'expired');
    assert.equal(done.error?.kind, 'expired');
    assert.match(done.error?.message ?? '', /no longer knows this task/);
  });

  it('keeps the true final state when a cancel races completion', async () => {
    const started = await h.engine.call('raw', 'racy', {});
    const final = await h.engine.cancel(started.key);
    assert.equal(final.status, 'completed');
    assert.equal(resultText(final), 'racy result');
    logRequestCounts('raw cancel racing completion', h.engine, final);
  });

  it('gives up on a hanging server after the idle timeout, saying the cancel was not confirmed', async () => {
    const started = await h.engine.call('raw', 'hang', {}, { idleTimeoutMs: 400 });
    const done = await finish(started.key);
    assert.equal(done.status, 'failed');
    assert.equal(done.error?.kind, 'timeout');
    assert.match(done.error?.message ?? '', /no progress or status change.*did not confirm the cancellation/);
  });

  it('marks tasks connection_lost when the server crashes mid-task', async () => {
    const started = await h.engine.call('raw', 'crash', {});
    const lost = await waitFor(() => h.engine.get(started.key)?.status === 'connection_lost' && h.engine.get(started.key), { what: 'connection_lost' });
    assert.equal(lost.error?.kind, 'connection-lost');
    assert.equal(lost.taskId, started.taskId);
    // Back with a new process that never heard of the task.
    await h.connection.connect();
    const done = await finish(started.key);
    assert.equal(done.status, 'expired');
    assert.match(done.error?.message ?? '', /no longer knows this task/);
  });

  for (const tool of ['hidden_rpc', 'hidden_iserror']) {
    it(`retries once as a task when a plain call of a tool that allows tasks is refused as needing one (${tool})`, async () => {
      const started = await h.engine.call('raw', tool, {}, { mode: 'plain' });
      assert.equal(started.kind, 'call');
      const done = await finish(started.key);
      assert.equal(done.status, 'completed', JSON.stringify(done.error));
      assert.equal(done.kind, 'task');
      assert.equal(done.key, started.key, 'the record keeps its key');
      assert.equal(resultText(done), `${tool} result`);
      assert.equal(h.engine.requestCountsOf(done.key)?.create, 1);
      assert.equal(h.engine.requestCountsOf(done.key)?.call, 1);
    });
  }

  it('does not send tasks/cancel to a server that does not declare it, and says so', async () => {
    const noCancel = createHarness({ id: 'nocancel', definition: { ...definition, args: [...definition.args, '--no-cancel'] } });
    try {
      await noCancel.connection.connect();
      const started = await noCancel.engine.call('nocancel', 'hang', {});
      await assert.rejects(noCancel.engine.cancel(started.key), /does not let its tasks be cancelled \(it does not declare tasks\.cancel\); hang goes on running/);
      assert.equal(noCancel.engine.requestCountsOf(started.key)?.cancel, 0, 'no tasks/cancel was sent');
      assert.equal(noCancel.engine.get(started.key)?.status, 'working');
    } finally {
      await noCancel.dispose();
    }
  });

  it('fault: capability lies: Refresh asks no tasks/list of a server that does not declare it, and says why', async () => {
    const noList = createHarness({ id: 'nolist', definition: { ...definition, args: [...definition.args, '--no-list'] } });
    try {
      await noList.connection.connect();
      await assert.rejects(noList.engine.discover('nolist'), /does not list its tasks \(it does not declare tasks\.list\)/);
    } finally {
      await noList.dispose();
    }
  });

  for (const listing of ['endless', 'circle'] as const) {
    it(`fault: endless listings: Refresh stops on a listing that goes on (${listing}) and keeps what it read`, async () => {
      const looping = createHarness({ id: 'loop', definition: { ...definition, args: [...definition.args, `--listing=${listing}`] } });
      try {
        await looping.connection.connect();
        const started = await looping.engine.call('loop', 'hang', {});
        const found = await withTimeout(looping.engine.discover('loop'), 10_000, 'the refresh');
        assert.deepEqual(found.map((r) => r.key), [started.key], 'the task it follows, once');
        const said = looping.logger.matching(listing === 'endless' ? /still had pages after 100/ : /goes round in a circle/, 'warn');
        assert.equal(said.length, 1, 'the cut-off is logged');
      } finally {
        await looping.dispose();
      }
    });
  }

  it('does not retry as a task when the tool is listed without task support: the refusal is the answer', async () => {
    const started = await h.engine.call('raw', 'listed_plain_refuses', {});
    assert.equal(started.kind, 'call');
    const done = await finish(started.key);
    assert.equal(done.status, 'failed');
    assert.match(done.error?.message ?? '', /requires task augmentation/);
    assert.equal(h.engine.requestCountsOf(done.key)?.create, 0);
    assert.equal(h.engine.requestCountsOf(done.key)?.call, 1);
  });
});
