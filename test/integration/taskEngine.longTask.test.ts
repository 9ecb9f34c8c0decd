/**
 * Long runs: the SDK's default request timeout is 60 s, and none of our requests may die of it.
 * A blocking tasks/result held open for over three minutes (after input_required), a task followed
 * by polling alone, and a plain call of the same length all complete. Takes about 3 minutes.
 */
import * as assert from 'node:assert/strict';
import { fixtureServer } from '../support/httpServerProcess';
import { createHarness, logRequestCounts, resultText, ScriptedHostRequests, type Harness } from '../support/taskEngineHarness';
import { UnhandledRejectionMonitor } from '../support/unhandledRejections';
import { withTimeout } from '../support/waitFor';

const RUN_MS = 185_000;

describe('TaskEngine long task (about 3 minutes; the SDK request timeout is 60 s)', function () {
  this.timeout(RUN_MS + 60_000);
  const rejections = new UnhandledRejectionMonitor();
  let h: Harness;

  before(async () => {
    rejections.install();
    h = createHarness({
      id: 'long',
      definition: { type: 'stdio', command: process.execPath, args: [fixtureServer('taskFixture')], env: { FIXTURE_POLL_INTERVAL: '5000' } },
      host: new ScriptedHostRequests(() => ({ action: 'accept', content: { answer: 'patience' } })),
      // The first task holds its result (renewed over the whole run); the second is followed by polling alone.
      settings: { heldResults: 1 },
    });
    await h.connection.connect();
  });

  after(async () => {
    await h?.dispose();
    rejections.uninstall();
  });

  it('completes three-minute runs: a blocking result, a polled task and a plain call', async () => {
    const started = Date.now();
    // The fixture deletes tasks once their ttl passes, so ask for one that outlives the run.
    const ttl = 600_000;
    const blocking = await h.engine.call('long', 'ask', { ms: RUN_MS }, { ttl });
    const polled = await h.engine.call('long', 'work', { ms: RUN_MS, steps: 1, notify: false, text: 'polled through' }, { ttl });
    assert.equal(blocking.ttl, ttl);
    const plain = await h.engine.call('long', 'plain_only', { ms: RUN_MS, text: 'plain through' });
    const limit = RUN_MS + 30_000;
    const [a, b, c] = await Promise.all([
      withTimeout(h.engine.whenFinished(blocking.key), limit, 'blocking task finished'),
      withTimeout(h.engine.whenFinished(polled.key), limit, 'polled task finished'),
      withTimeout(h.engine.whenFinished(plain.key), limit, 'plain call finished'),
    ]);
    assert.ok(Date.now() - started >= RUN_MS, 'the runs really lasted over three minutes');
    assert.equal(a.status, 'completed', JSON.stringify(a.error));
    assert.equal(resultText(a), 'answer: patience');
    assert.equal(b.status, 'completed', JSON.stringify(b.error));
    assert.equal(resultText(b), 'polled through');
    assert.equal(c.status, 'completed', JSON.stringify(c.error));
    assert.equal(resultText(c), 'plain through');
    logRequestCounts('fixture 185 s blocking result after input_required (pollInterval 5 s)', h.engine, a);
    logRequestCounts('fixture 185 s polled only (pollInterval 5 s)', h.engine, b);
    logRequestCounts('fixture 185 s plain call', h.engine, c);
    rejections.assertNone();
  });
});
