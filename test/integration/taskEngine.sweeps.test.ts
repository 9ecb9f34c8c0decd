/**
 * The task engine following many tasks of one session with tasks/list sweeps, against an SDK
 * server whose task store a test can steer (listingTaskServer): what the sweeps detect, what they
 * replace, and what happens when the listing leaves a task out, a cursor goes stale or listing
 * fails. Request counts are the server's own.
 */
import * as assert from 'node:assert/strict';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { TaskRecord } from '../../src/core/model/taskRecord';
import { fixtureServer } from '../support/httpServerProcess';
import { createHarness, resultText, type Harness } from '../support/taskEngineHarness';
import { UnhandledRejectionMonitor } from '../support/unhandledRejections';
import { waitFor, withTimeout } from '../support/waitFor';
import { sdkClient } from '../support/legacySession';

const POLL_INTERVAL_MS = 200;
const definition = {
  type: 'stdio' as const,
  command: process.execPath,
  args: [fixtureServer('listingTaskServer')],
  env: { FIXTURE_POLL_INTERVAL: String(POLL_INTERVAL_MS) },
};

describe('TaskEngine: following many tasks with tasks/list sweeps', function () {
  this.timeout(60_000);
  const rejections = new UnhandledRejectionMonitor();
  let h: Harness;

  beforeEach(async () => {
    rejections.install();
    // Sweeps alone: held results (taskEngine.heldResults) would add their own requests to the counts.
    h = createHarness({ id: 'ls', definition, settings: { heldResults: 0 } });
    await h.connection.connect();
  });

  afterEach(async () => {
    await h?.dispose();
    rejections.uninstall();
    rejections.assertNone();
  });

  async function tool(name: 'stats' | 'control', args: Record<string, unknown>): Promise<string> {
    const result = await sdkClient(h.connection.session).callTool({ name, arguments: args }) as CallToolResult;
    const first = result.content[0];
    return first?.type === 'text' ? first.text : '';
  }

  /** The server's request counts by method, printed for the benchmark notes. */
  async function requests(): Promise<Record<string, number>> {
    const counts = JSON.parse(await tool('stats', {})) as Record<string, number>;
    console.log(`      [requests] ${JSON.stringify(counts)} sweeps ${JSON.stringify(h.engine.sweepCountsOf('ls'))}`);
    return counts;
  }

  async function start(count: number, ms: number): Promise<TaskRecord[]> {
    return Promise.all(Array.from({ length: count }, (_, i) => h.engine.call('ls', 'wait', { ms: ms + i })));
  }

  const finished = (records: TaskRecord[], ms = 20_000) =>
    withTimeout(Promise.all(records.map((r) => h.engine.whenFinished(r.key))), ms, `${records.length} tasks finished`);

  it('detects the completions of 25 silent tasks with sweeps instead of one tasks/get per task and poll', async () => {
    const records = await start(25, 1_200);
    const done = await finished(records);
    assert.ok(done.every((r) => r.status === 'completed'), done.map((r) => r.status).join());
    assert.ok(done.every((r, i) => resultText(r) === `waited ${1_200 + i} ms`));
    const counts = await requests();
    // Alone, each task would be polled about 6 times (1.2 s at 200 ms): 150 tasks/get. A sweep is 3 pages.
    assert.equal(counts['tools/call'], 25);
    assert.equal(counts['tasks/result'], 25);
    assert.ok((counts['tasks/get'] ?? 0) <= 5, `tasks/get ${counts['tasks/get']}`);
    assert.ok((counts['tasks/list'] ?? 0) >= 3 && (counts['tasks/list'] ?? 0) <= 30, `tasks/list ${counts['tasks/list']}`);
    const sweeps = h.engine.sweepCountsOf('ls');
    assert.ok(sweeps.sweeps >= 3, `sweeps ${JSON.stringify(sweeps)}`);
    assert.equal(sweeps.pages, counts['tasks/list']);
    assert.equal(sweeps.failures, 0);
  });

  it('confirms a task missing from a full listing with tasks/get: one still known keeps running, a forgotten one expires', async () => {
    const records = await start(12, 1_500);
    const [hidden, forgotten] = [records[3]!, records[7]!];
    await tool('control', { hide: [hidden.taskId], forget: [forgotten.taskId] });
    const gone = await withTimeout(h.engine.whenFinished(forgotten.key), 10_000, 'the forgotten task ended');
    assert.equal(gone.status, 'expired');
    assert.equal(gone.error?.kind, 'expired');
    const done = await finished(records.filter((r) => r !== forgotten));
    assert.ok(done.every((r) => r.status === 'completed'), done.map((r) => `${r.taskId}: ${r.status}`).join());
    assert.equal(resultText(done.find((r) => r.key === hidden.key)), `waited ${1_500 + 3} ms`);
    const counts = await requests();
    assert.ok((counts['tasks/get'] ?? 0) >= 2, 'the missing tasks were asked for by tasks/get');
    assert.ok((counts['tasks/list'] ?? 0) >= 2);
    assert.ok((counts['tasks/get'] ?? 0) < 12 * 4, `tasks/get ${counts['tasks/get']}: not one per task and poll`);
  });

  it('lists again from the first page when a cursor has gone stale', async () => {
    const records = await start(25, 1_000);
    await tool('control', { staleCursors: 1 });
    const done = await finished(records);
    assert.ok(done.every((r) => r.status === 'completed'), done.map((r) => r.status).join());
    const sweeps = h.engine.sweepCountsOf('ls');
    assert.equal(sweeps.restarts, 1, JSON.stringify(sweeps));
    assert.equal(sweeps.failures, 0);
    const counts = await requests();
    assert.ok((counts['tasks/get'] ?? 0) <= 5, `tasks/get ${counts['tasks/get']}`);
  });

  it('falls back to one tasks/get per task when listing fails', async () => {
    await tool('control', { failLists: 1_000 });
    const records = await start(15, 800);
    const done = await finished(records);
    assert.ok(done.every((r) => r.status === 'completed'), done.map((r) => r.status).join());
    const sweeps = h.engine.sweepCountsOf('ls');
    assert.equal(sweeps.failures, 1, `one failed listing pauses sweeps: ${JSON.stringify(sweeps)}`);
    const counts = await requests();
    assert.equal(counts['tasks/list'], 1);
    assert.ok((counts['tasks/get'] ?? 0) >= 15, `every task was polled by itself: tasks/get ${counts['tasks/get']}`);
    assert.ok(h.logger.matching(/tasks\/list failed/, 'info').length === 1);
  });

  it('keeps using tasks/get for one or two active tasks in a session whose listing is long with finished ones', async () => {
    const first = await start(30, 300);
    await finished(first);
    await tool('stats', { reset: true });
    const pagesBefore = h.engine.sweepCountsOf('ls').pages;
    const late = await start(2, 1_000);
    const done = await finished(late);
    assert.ok(done.every((r) => r.status === 'completed'));
    const counts = await requests();
    assert.equal(counts['tasks/list'] ?? 0, 0, 'no listing of 4 pages for 2 tasks');
    assert.ok((counts['tasks/get'] ?? 0) >= 2);
    assert.equal(h.engine.sweepCountsOf('ls').pages, pagesBefore);
  });

  it('never polls a task more often than its pollInterval, sweeps included', async () => {
    const records = await start(20, 1_500);
    await finished(records);
    const counts = await requests();
    const sweeps = h.engine.sweepCountsOf('ls');
    // 1.5 s at 200 ms: at most 8 rounds (a round is one sweep, or one tasks/get per task).
    assert.ok(sweeps.sweeps <= 9, `sweeps ${sweeps.sweeps}`);
    assert.ok((counts['tasks/get'] ?? 0) + sweeps.sweeps * 20 <= 20 * 9, JSON.stringify(counts));
    await waitFor(() => h.engine.list().every((r) => r.status === 'completed'), { what: 'all completed' });
  });
});
