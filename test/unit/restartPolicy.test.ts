import * as assert from 'node:assert/strict';
import { resolveRestartPolicy, restartDelay } from '../../src/core/servers/restartPolicy';

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
