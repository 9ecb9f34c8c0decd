import * as assert from 'node:assert/strict';
import { expiresAt } from '../../src/core/ledger/retention';
import { MAX_POLL_INTERVAL_MS, MAX_TTL_MS } from '../../src/core/model/limits';
import { taskIdOfKey, taskKey, type TaskRecord } from '../../src/core/model/taskRecord';
import { systemClock } from '../../src/core/ports';
import { parseWireTask, safeParseWireTask } from '../../src/core/tasks/wireTask';

const task = (extra: Record<string, unknown>) => ({ taskId: 't1', status: 'working', createdAt: '2026-01-01T00:00:00Z', lastUpdatedAt: '2026-01-01T00:00:00Z', ...extra });

describe('durations a server chooses', () => {
  it('pollInterval and ttl are capped where tasks are read; tasks within the limits are passed on as they are', () => {
    const plain = task({ ttl: 60_000, pollInterval: 1_000 });
    assert.equal(parseWireTask(plain), plain, 'no copy for a task within the limits');
    for (const parse of [parseWireTask, safeParseWireTask]) {
      const huge = parse(task({ ttl: 1e15, pollInterval: 3e9 }))!;
      assert.equal(huge.pollInterval, MAX_POLL_INTERVAL_MS);
      assert.equal(huge.ttl, MAX_TTL_MS);
      const negative = parse(task({ ttl: -5, pollInterval: -1 }))!;
      assert.equal(negative.pollInterval, 0);
      assert.equal(negative.ttl, 0);
      assert.equal(parse(task({ ttl: null }))!.ttl, null, 'null (unlimited) stays null');
    }
    // Extra fields on the schema path keep their values.
    assert.equal((parseWireTask(task({ pollInterval: 3e9, statusMessage: 'x', extra: 1 })) as Record<string, unknown>).extra, 1);
  });

  it('a timer longer than Node can arm does not fire at once', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    let fired = false;
    const timer = systemClock.setTimeout(() => { fired = true; }, 3e9);
    await new Promise((resolve) => setTimeout(resolve, 20));
    timer.dispose();
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);
    assert.equal(fired, false);
    assert.deepEqual(warnings.filter((w) => w === 'TimeoutOverflowWarning'), []);
  });

  it('a huge ttl in a stored record does not keep it in the ledger for ever', () => {
    const record = { status: 'completed', createdAt: 1_000, ttl: 1e15 } as unknown as TaskRecord;
    assert.equal(expiresAt(record, 5), 1_000 + MAX_TTL_MS + 5);
  });
});

describe('task keys', () => {
  it('never collide, even when server names and task ids contain "/"', () => {
    const a = taskKey('1a2b3c/team/alpha', 'task');
    const b = taskKey('1a2b3c/team', 'alpha/task');
    assert.notEqual(a, b);
    assert.equal(taskIdOfKey(b), 'alpha/task');
    assert.equal(taskIdOfKey(a), 'task');
    assert.equal(taskKey('1a2b3c/demo', '76c7c519-4f2e'), '1a2b3c/demo/76c7c519-4f2e', 'plain ids read the same as before');
  });
});
