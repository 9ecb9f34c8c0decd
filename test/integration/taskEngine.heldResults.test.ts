/**
 * Held results: a few tasks per session wait on a blocking tasks/result from their creation and
 * are polled only slowly meanwhile (SDK task fixture over stdio, a real server process).
 */
import * as assert from 'node:assert/strict';
import { fixtureServer } from '../support/httpServerProcess';
import { createHarness, logRequestCounts, resultText, ScriptedHostRequests, type Harness } from '../support/taskEngineHarness';
import { UnhandledRejectionMonitor } from '../support/unhandledRejections';
import { withTimeout } from '../support/waitFor';

function fixture(id: string, pollIntervalMs: number, host?: ScriptedHostRequests): Harness {
  return createHarness({
    id,
    ...(host ? { host } : {}),
    definition: { type: 'stdio', command: process.execPath, args: [fixtureServer('taskFixture')], env: { FIXTURE_POLL_INTERVAL: String(pollIntervalMs) } },
  });
}

describe('TaskEngine: held results', function () {
  this.timeout(30_000);
  const rejections = new UnhandledRejectionMonitor();
  let h: Harness;

  before(() => rejections.install());
  after(() => rejections.uninstall());

  afterEach(async () => {
    await h?.dispose();
    rejections.assertNone();
  });

  const finish = (key: string, ms = 10_000) => withTimeout(h.engine.whenFinished(key), ms, `task ${key} finished`);

  it('learns the end of a lone silent task from its held result, polling only slowly, and renews the wait', async () => {
    h = fixture('held', 100);
    await h.connection.connect();
    const started = await h.engine.call('held', 'work', { ms: 2_000, steps: 1, notify: false, text: 'held through' });
    assert.equal(h.engine.requestCountsOf(started.key)?.result, 1, 'tasks/result is asked for at creation');
    const done = await finish(started.key);
    assert.equal(done.status, 'completed');
    assert.equal(resultText(done), 'held through');
    const counts = h.engine.requestCountsOf(done.key)!;
    // Polled at its 100 ms interval this would take about 20 tasks/get; slowed, about 6 (one confirms the end).
    assert.ok(counts.get <= 9, `tasks/get ${counts.get} times`);
    // Renewed every 8 intervals (800 ms): the server never piles up listeners on one held request.
    assert.deepEqual(h.logger.matching(/MaxListenersExceededWarning/), []);
    assert.ok(counts.result >= 3, `tasks/result ${counts.result} times`);
    assert.deepEqual(h.logger.matching(/./, 'error'), []);
    logRequestCounts('fixture work 2 s, silent, held result (pollInterval 100)', h.engine, done);
  });

  it('fetches the result at once when a notification says the task ended, not at the server\'s next check', async () => {
    // The server checks on a held request every 2 s; the task ends after 300 ms.
    h = fixture('slowcheck', 2_000);
    await h.connection.connect();
    const before = Date.now();
    const started = await h.engine.call('slowcheck', 'work', { ms: 300, steps: 1, notify: true, text: 'quick' });
    const done = await finish(started.key);
    const elapsed = Date.now() - before;
    assert.equal(done.status, 'completed');
    assert.equal(resultText(done), 'quick');
    assert.ok(elapsed < 1_500, `finished after ${elapsed} ms`);
    const counts = h.engine.requestCountsOf(done.key)!;
    assert.equal(counts.result, 2, 'the held request is given up and the result asked for again');
    assert.equal(counts.get, 0);
    logRequestCounts('fixture work 300 ms, notifying, held result (pollInterval 2 s)', h.engine, done);
  });

  it('asks the server again when its task starts waiting for input, so the question arrives at once', async () => {
    // The server checks on a held request every 2 s; the question is asked 50 ms after creation.
    let askedAt = 0;
    const host = new ScriptedHostRequests(() => {
      askedAt = Date.now();
      return { action: 'accept', content: { answer: 'green' } };
    });
    h = fixture('question', 2_000, host);
    await h.connection.connect();
    let inputRequiredAt = 0;
    h.engine.onDidChangeTask((r) => { if (r.status === 'input_required' && !inputRequiredAt) inputRequiredAt = Date.now(); });
    const started = await h.engine.call('question', 'ask', { ms: 50 });
    const done = await finish(started.key);
    assert.equal(resultText(done), 'answer: green');
    assert.ok(inputRequiredAt > 0 && askedAt > 0, 'the task waited for input and the question arrived');
    assert.ok(askedAt - inputRequiredAt < 1_000, `the question arrived ${askedAt - inputRequiredAt} ms after input_required`);
  });

  it('holds results for at most four tasks of a session; the others are polled', async () => {
    h = fixture('many', 100);
    await h.connection.connect();
    const started = [];
    for (let i = 0; i < 6; i++) {
      started.push(await h.engine.call('many', 'work', { ms: 600, steps: 1, notify: false, text: `task ${i}` }));
    }
    assert.deepEqual(started.map((r) => h.engine.requestCountsOf(r.key)?.result), [1, 1, 1, 1, 0, 0]);
    const done = await Promise.all(started.map((r) => finish(r.key)));
    assert.deepEqual(done.map((r) => resultText(r)), started.map((_r, i) => `task ${i}`));
  });

  it('follows a task by polling alone when held results are turned off', async () => {
    h = createHarness({
      id: 'off',
      definition: { type: 'stdio', command: process.execPath, args: [fixtureServer('taskFixture')], env: { FIXTURE_POLL_INTERVAL: '100' } },
      settings: { heldResults: 0 },
    });
    await h.connection.connect();
    const started = await h.engine.call('off', 'work', { ms: 1_000, steps: 1, notify: false, text: 'polled' });
    assert.equal(h.engine.requestCountsOf(started.key)?.result, 0);
    const done = await finish(started.key);
    assert.equal(resultText(done), 'polled');
    const counts = h.engine.requestCountsOf(done.key)!;
    assert.ok(counts.get >= 8, `tasks/get ${counts.get} times`);
    assert.equal(counts.result, 1);
    assert.equal(counts.notifications, 0);
  });
});
