import * as assert from 'node:assert/strict';
import { PollScheduler, type PollOutcome } from '../../src/core/tasks/pollScheduler';
import { ManualClock } from '../support/manualClock';

function setup(options: { outcome?: (key: string) => PollOutcome | Promise<PollOutcome>; maxRequestsPerSecond?: number; maxIntervalMs?: number } = {}) {
  const clock = new ManualClock(0);
  const polls: { key: string; at: number }[] = [];
  const scheduler = new PollScheduler({
    clock,
    poll: async (key) => {
      polls.push({ key, at: clock.now() });
      return options.outcome ? options.outcome(key) : 'ok';
    },
    defaultIntervalMs: 1000,
    floorIntervalMs: 100,
    notifiedSlowdown: 4,
    maxIntervalMs: options.maxIntervalMs ?? 30_000,
    maxRequestsPerSecond: options.maxRequestsPerSecond ?? 1000,
  });
  const times = (key: string) => polls.filter((p) => p.key === key).map((p) => p.at);
  return { clock, polls, scheduler, times };
}

describe('poll scheduler', () => {
  it('honours the server\'s pollInterval, measured from the start of each poll', async () => {
    const { clock, scheduler, times } = setup();
    scheduler.add('a', 500);
    await clock.advance(2_000);
    assert.deepEqual(times('a'), [500, 1000, 1500, 2000]);
  });

  it('a slow reply does not push later polls back, and no poll starts before the interval since the last one', async () => {
    const clock = new ManualClock(0);
    const started: number[] = [];
    const scheduler = new PollScheduler({
      clock,
      poll: async () => {
        started.push(clock.now());
        await new Promise<void>((resolve) => clock.setTimeout(resolve, started.length === 2 ? 1_500 : 300));
        return 'ok';
      },
      defaultIntervalMs: 1000,
    });
    scheduler.add('a', 1_000);
    await clock.advance(5_000);
    // Replies take 300 ms (the second 1.5 s): the next poll is due 1 s after the previous was sent, or when the slow reply is in.
    assert.deepEqual(started, [1_000, 2_000, 3_500, 4_500]);
    scheduler.dispose();
  });

  it('uses the default interval when the server gives none, and a floor against busy loops', async () => {
    const { clock, scheduler, times } = setup();
    scheduler.add('none', undefined);
    scheduler.add('tiny', 10);
    await clock.advance(1_000);
    assert.deepEqual(times('none'), [1000]);
    assert.equal(times('tiny').length, 10, 'at most one poll per 100 ms floor');
    assert.equal(times('tiny')[0], 100);
  });

  it('polls at once when asked', async () => {
    const { clock, scheduler, times } = setup();
    scheduler.add('a', 1000, true);
    await clock.advance(0);
    assert.deepEqual(times('a'), [0]);
  });

  it('slows fallback polling while notifications keep a task fresh, and recovers when they stop', async () => {
    const { clock, scheduler, times } = setup();
    scheduler.add('a', 500);
    // A notification every 400 ms for 6 s: polling drops to every 2 s (4 × 500).
    for (let t = 0; t < 6_000; t += 400) {
      scheduler.noteNotification('a');
      await clock.advance(400);
    }
    const during = times('a').length;
    assert.ok(during <= 3, `polled ${during} times in 6 s with notifications (unslowed: 12)`);
    const before = times('a').length;
    await clock.advance(6_000);
    const after = times('a').length - before;
    assert.ok(after >= 9, `back to the 500 ms interval without notifications (polled ${after} times in 6 s)`);
  });

  it('caps the slow-down but never polls faster than the server asks', async () => {
    const { clock, scheduler } = setup({ maxIntervalMs: 3_000 });
    scheduler.add('fast', 1_000);
    scheduler.add('slow', 10_000);
    scheduler.noteNotification('fast');
    scheduler.noteNotification('slow');
    assert.equal(scheduler.dueOf('fast'), clock.now() + 3_000, 'slowed 4× but capped at 3 s');
    assert.equal(scheduler.dueOf('slow'), clock.now() + 10_000, 'the server\'s own longer interval wins');
  });

  it('backs off on errors and resets after a success', async () => {
    let fail = true;
    const { clock, scheduler, times } = setup({ outcome: () => (fail ? 'error' : 'ok') });
    scheduler.add('a', 1_000);
    await clock.advance(1_000 + 2_000 + 4_000 + 8_000);
    assert.deepEqual(times('a'), [1_000, 3_000, 7_000, 15_000]);
    fail = false;
    await clock.advance(16_000);
    assert.equal(times('a')[4], 31_000);
    await clock.advance(1_000);
    assert.equal(times('a')[5], 32_000, 'back to the plain interval');
  });

  it('never polls a task again while its poll is in flight', async () => {
    let release!: () => void;
    const { clock, scheduler, times } = setup({ outcome: () => new Promise<PollOutcome>((r) => { release = () => r('ok'); }) });
    scheduler.add('a', 100);
    await clock.advance(1_000);
    assert.deepEqual(times('a'), [100]);
    release();
    await clock.advance(100);
    // The interval since the poll was sent passed long ago: the next goes out once the reply is in.
    assert.deepEqual(times('a'), [100, 1_000]);
  });

  it('stops polling a removed task and one whose poll says stop', async () => {
    const { clock, scheduler, times } = setup({ outcome: (key) => (key === 'b' ? 'stop' : 'ok') });
    scheduler.add('a', 100);
    scheduler.add('b', 100);
    await clock.advance(100);
    scheduler.remove('a');
    await clock.advance(1_000);
    assert.deepEqual(times('a'), [100]);
    assert.deepEqual(times('b'), [100]);
    assert.equal(scheduler.size, 0);
    assert.equal(clock.pendingTimers, 0, 'no timer left armed');
  });

  it('caps the global request rate and polls every due task in one tick', async () => {
    const { clock, scheduler, polls } = setup({ maxRequestsPerSecond: 10 });
    for (let i = 0; i < 100; i++) scheduler.add(`t${i}`, 1_000);
    await clock.advance(1_000);
    assert.equal(polls.length, 10, 'a burst of one second\'s budget');
    assert.ok(polls.every((p) => p.at === 1_000), 'polled in the same tick');
    await clock.advance(4_000);
    assert.ok(polls.length <= 10 + 40 + 1, `at most 10 per second (got ${polls.length} in 5 s)`);
    assert.ok(polls.length >= 45, `keeps using the budget (got ${polls.length})`);
  });

  it('uses one timer for thousands of tasks', async () => {
    const { clock, scheduler, polls } = setup({ maxRequestsPerSecond: 1_000_000 });
    const armedBefore = clock.armedCount;
    for (let i = 0; i < 2_000; i++) scheduler.add(`t${i}`, 500 + (i % 7) * 100);
    assert.equal(clock.pendingTimers, 1);
    assert.ok(clock.armedCount - armedBefore <= 2_000, 're-armed only when the earliest due time moves');
    await clock.advance(3_000);
    assert.equal(clock.pendingTimers, 1);
    assert.ok(polls.length > 6_000);
    scheduler.dispose();
    assert.equal(clock.pendingTimers, 0);
  });
});
