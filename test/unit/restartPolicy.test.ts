import * as assert from 'node:assert/strict';
import { resolveRestartPolicy, restartDelay, RestartSeries } from '../../src/core/servers/restartPolicy';

describe('restart policy', () => {
  it('doubles the delay per attempt up to the cap', () => {
    const policy = resolveRestartPolicy({ baseDelayMs: 100, maxDelayMs: 1000 });
    assert.deepEqual([1, 2, 3, 4, 5, 6, 50].map((n) => restartDelay(policy, n)), [100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it('never allows a tight loop or a negative limit', () => {
    const policy = resolveRestartPolicy({ baseDelayMs: 0, maxDelayMs: -5, maxAttempts: -1 });
    assert.equal(restartDelay(policy, 1), 10);
    assert.equal(policy.maxDelayMs, 10);
    assert.equal(policy.maxAttempts, 0);
  });
});

describe('restart series', () => {
  it('counts attempts with growing delays, gives up at the limit, and starts over after a stable run', () => {
    const series = new RestartSeries(resolveRestartPolicy({ maxAttempts: 2, baseDelayMs: 100, stableAfterMs: 1000 }));
    assert.deepEqual(series.next(undefined), { kind: 'retry', attempt: 1, delayMs: 100 });
    assert.deepEqual(series.next(50), { kind: 'retry', attempt: 2, delayMs: 200 });
    assert.deepEqual(series.next(undefined), { kind: 'give-up', attempts: 2 });
    assert.deepEqual(series.next(1000), { kind: 'retry', attempt: 1, delayMs: 100 }, 'a run of stableAfterMs starts a new series');
    series.reset();
    assert.deepEqual(series.next(undefined), { kind: 'retry', attempt: 1, delayMs: 100 });
  });

  it('never retries when the policy allows no restarts', () => {
    const series = new RestartSeries(resolveRestartPolicy({ maxAttempts: 0 }));
    assert.deepEqual(series.next(undefined), { kind: 'give-up', attempts: 0 });
  });
});
