import * as assert from 'node:assert/strict';
import { DeadlineWatcher } from '../../src/core/tasks/deadlineWatcher';
import { ManualClock } from '../support/manualClock';

describe('task deadlines and idle timeouts', () => {
  function setup() {
    const clock = new ManualClock(0);
    const expired: { key: string; message: string; at: number }[] = [];
    const watcher = new DeadlineWatcher(clock, (key, message) => expired.push({ key, message, at: clock.now() }));
    return { clock, expired, watcher };
  }

  it('has no limits unless asked', async () => {
    const { clock, expired, watcher } = setup();
    watcher.watch('a', undefined, undefined);
    await clock.advance(1e9);
    assert.equal(expired.length, 0);
    assert.equal(clock.pendingTimers, 0);
  });

  it('ends a task at its wall deadline whatever happens', async () => {
    const { clock, expired, watcher } = setup();
    watcher.watch('a', 5_000, undefined);
    for (let i = 0; i < 10; i++) { watcher.touch('a'); await clock.advance(600); }
    assert.deepEqual(expired.map((e) => [e.key, e.at]), [['a', 5_000]]);
    assert.match(expired[0]!.message, /deadline/);
  });

  it('resets the idle timeout on every sign of life', async () => {
    const { clock, expired, watcher } = setup();
    watcher.watch('a', undefined, 1_000);
    for (let i = 0; i < 5; i++) { await clock.advance(900); watcher.touch('a'); }
    assert.equal(expired.length, 0);
    await clock.advance(1_000);
    assert.deepEqual(expired.map((e) => e.at), [5_500]);
    assert.match(expired[0]!.message, /no progress or status change/);
  });

  it('forgets finished tasks', async () => {
    const { clock, expired, watcher } = setup();
    watcher.watch('a', 1_000, 500);
    watcher.forget('a');
    await clock.advance(10_000);
    assert.equal(expired.length, 0);
    assert.equal(clock.pendingTimers, 0);
  });
});
