/**
 * The task engine against the real server-everything, over stdio and over Streamable HTTP:
 * a research task to completion, input_required answered through elicitation, cancellation,
 * and the server's own granted ttl.
 */
import * as assert from 'node:assert/strict';
import { everythingVariants } from '../support/everythingVariants';
import { createHarness, logRequestCounts, resultText, ScriptedHostRequests, type Harness } from '../support/taskEngineHarness';
import { UnhandledRejectionMonitor } from '../support/unhandledRejections';
import { waitFor, withTimeout } from '../support/waitFor';

for (const variant of everythingVariants()) {
  describe(`TaskEngine with server-everything over ${variant.name}`, function () {
    this.timeout(60_000);
    const rejections = new UnhandledRejectionMonitor();
    const host = new ScriptedHostRequests(() => ({ action: 'accept', content: { interpretation: 'historical' } }));
    let h: Harness;

    before(async () => {
      rejections.install();
      h = createHarness({ id: 'everything', definition: await variant.definition(), host });
      await h.connection.connect();
      // Tools are registered after initialization; wait until the task tool is listed.
      await waitFor(() => h.connection.tools?.some((t) => t.name === 'simulate-research-query'), { what: 'simulate-research-query in tools/list' });
    });

    after(async () => {
      await h?.dispose();
      await variant.stop();
      rejections.uninstall();
    });

    afterEach(() => rejections.assertNone());

    it('runs simulate-research-query as a task to completed with the report', async () => {
      const started = await h.engine.call('everything', 'simulate-research-query', { topic: 'tides' });
      assert.equal(started.kind, 'task');
      assert.notEqual(started.taskId, '');
      const done = await withTimeout(h.engine.whenFinished(started.key), 20_000, 'research task finished');
      assert.equal(done.status, 'completed', JSON.stringify(done.error));
      assert.match(resultText(done), /# Research Report: tides/);
      assert.equal(done.error, undefined);
      // The result is stored before anyone hears of completion.
      assert.equal(h.store.get(done.key)?.status, 'completed');
      assert.ok(h.store.get(done.key)?.result);
      const statusMessages = h.events.filter((r) => r.key === done.key).map((r) => r.statusMessage);
      assert.ok(statusMessages.some((m) => m?.startsWith('Gathering sources')), `status messages seen: ${statusMessages.join(' | ')}`);
      logRequestCounts(`everything/${variant.name} research 4 s`, h.engine, done);
    });

    it('answers input_required through the host and completes', async () => {
      const before = host.elicitations.length;
      const started = await h.engine.call('everything', 'simulate-research-query', { topic: 'python', ambiguous: true });
      const done = await withTimeout(h.engine.whenFinished(started.key), 30_000, 'ambiguous research finished');
      assert.equal(done.status, 'completed', JSON.stringify(done.error));
      const asked = host.elicitations.slice(before);
      assert.equal(asked.length, 1, 'one elicitation reached the host');
      assert.equal(asked[0]!.context.relatedTaskId, started.taskId);
      assert.match(asked[0]!.params.message, /multiple interpretations/);
      assert.ok(h.events.some((r) => r.key === started.key && r.status === 'input_required'), 'input_required was shown');
      assert.match(resultText(done), /Clarification\*\*: historical/);
      logRequestCounts(`everything/${variant.name} research with input_required`, h.engine, done);
    });

    it('cancels a running task and it stays cancelled', async () => {
      const started = await h.engine.call('everything', 'simulate-research-query', { topic: 'stars' });
      await waitFor(() => h.engine.get(started.key)?.statusMessage, { what: 'a first status message' });
      const cancelled = await h.engine.cancel(started.key);
      assert.equal(cancelled.status, 'cancelled');
      assert.equal(cancelled.error?.kind, 'cancelled');
      const session = await h.connection.connect();
      const again = await h.engine.protocol.getTask(session, started.taskId);
      assert.equal(again.status, 'cancelled', 'the server still reports cancelled');
      assert.equal(h.engine.get(started.key)?.status, 'cancelled');
      assert.equal(h.engine.get(started.key)?.result, undefined);
      logRequestCounts(`everything/${variant.name} cancel`, h.engine, cancelled);
    });

    it('uses the ttl the server grants, not the one requested', async () => {
      const started = await h.engine.call('everything', 'simulate-research-query', { topic: 'ttl' }, { ttl: 12_345 });
      assert.equal(started.requestedTtl, 12_345);
      assert.equal(started.ttl, 300_000);
      await h.engine.cancel(started.key);
    });
  });
}
