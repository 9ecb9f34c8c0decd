import * as assert from 'node:assert/strict';
import { KeyedTimer } from '../../src/core/tasks/keyedTimer';
import { TokenBucket } from '../../src/core/tasks/tokenBucket';
import { ManualClock } from '../support/manualClock';

describe('keyed timer (the scheduler\'s queue)', () => {
  it('fires keys in due order with one clock timer, through moves and deletes', async () => {
    const clock = new ManualClock(0);
    const fired: { key: string; at: number }[] = [];
    const timer = new KeyedTimer(clock, (keys) => keys.forEach((key) => fired.push({ key, at: clock.now() })));
    // A deterministic shuffle of due times, some moved, some deleted.
    const expected = new Map<string, number>();
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 500; i++) {
      const due = Math.floor(rand() * 10_000);
      timer.set(`k${i}`, due);
      expected.set(`k${i}`, due);
    }
    for (let i = 0; i < 500; i += 3) {
      const due = Math.floor(rand() * 10_000);
      timer.set(`k${i}`, due);
      expected.set(`k${i}`, due);
    }
    for (let i = 1; i < 500; i += 5) {
      timer.delete(`k${i}`);
      expected.delete(`k${i}`);
    }
    assert.equal(clock.pendingTimers, 1);
    assert.equal(timer.size, expected.size);
    await clock.advance(10_000);
    assert.equal(fired.length, expected.size);
    for (const { key, at } of fired) assert.equal(at, expected.get(key), key);
    for (let i = 1; i < fired.length; i++) assert.ok(fired[i - 1]!.at <= fired[i]!.at, 'in due order');
    assert.equal(clock.pendingTimers, 0);
  });

  it('token bucket allows a one-second burst, then the steady rate', () => {
    const bucket = new TokenBucket(5, 0);
    let taken = 0;
    while (bucket.tryTake(0)) taken++;
    assert.equal(taken, 5);
    assert.equal(bucket.waitMs(0), 200);
    assert.equal(bucket.tryTake(199), false);
    assert.equal(bucket.tryTake(200), true);
  });
});
