import * as assert from 'node:assert/strict';
import { PollIntervals } from '../../src/core/tasks/pollIntervals';

describe('poll intervals', () => {
  const intervals = new PollIntervals(1000, 100, 4, 30_000);
  const quiet = false;

  it("follows the server's interval, with a default when absent and a floor against busy loops", () => {
    assert.equal(intervals.intervalFor(2500), 2500);
    assert.equal(intervals.intervalFor(undefined), 1000);
    assert.equal(intervals.intervalFor(5), 100);
  });

  it('backs off twice as long after each failed poll in a row, up to the ceiling', () => {
    const waits = [1, 2, 3, 6].map((errors) => intervals.after({ pollInterval: 1000, errors, lastNotifiedAt: undefined }, 'error', 0, quiet));
    assert.deepEqual(waits, [2000, 4000, 8000, 30_000]);
  });

  it('slows down while a notification is fresh or the session notifies, and not otherwise', () => {
    const pace = { pollInterval: 1000, errors: 0, lastNotifiedAt: 10_000 };
    assert.equal(intervals.after(pace, 'ok', 12_000, quiet), 4000, 'notified 2 s ago');
    assert.equal(intervals.after(pace, 'ok', 20_000, quiet), 1000, 'the notification is old news');
    assert.equal(intervals.after(pace, 'ok', 20_000, true), 4000, 'the session notifies');
  });

  it("never slows a server's own long interval below itself", () => {
    assert.equal(intervals.slowed(60_000), 60_000);
  });
});
