import * as assert from 'node:assert/strict';
import { PollScheduler, type PollOutcome } from '../../src/core/tasks/pollScheduler';
import { RateGate } from '../../src/core/tasks/rateGate';
import { ManualClock } from '../support/manualClock';

/** A clock that also counts how often a timer really fired (the scheduler's wake-ups). */
class CountingClock extends ManualClock {
  fired = 0;
  override setTimeout(callback: () => void, ms: number): { dispose(): void } {
    return super.setTimeout(() => { this.fired++; callback(); }, ms);
  }
}

function setup(options: { maxRequestsPerSecond?: number; groupOf?: (key: string) => string | undefined; outcome?: () => PollOutcome } = {}) {
  const clock = new CountingClock(0);
  const polls: { key: string; at: number }[] = [];
  const scheduler = new PollScheduler({
    clock,
    poll: async (key) => {
      polls.push({ key, at: clock.now() });
      return options.outcome?.() ?? 'ok';
    },
    defaultIntervalMs: 1000,
    floorIntervalMs: 100,
    notifiedSlowdown: 4,
    maxIntervalMs: 30_000,
    maxRequestsPerSecond: options.maxRequestsPerSecond ?? 1_000_000,
    groupOf: options.groupOf,
  });
  const times = (key: string) => polls.filter((p) => p.key === key).map((p) => p.at);
  return { clock, polls, scheduler, times };
}

describe('poll scheduler: rate budget, coalescing and notifications per session', () => {
  it('over the budget, wakes about once per poll sent, not once per millisecond', async () => {
    const { clock, scheduler, polls } = setup({ maxRequestsPerSecond: 50 });
    for (let i = 0; i < 1_000; i++) scheduler.add(`t${i}`, 1_000);
    await clock.advance(1_000); // the first second's burst
    const pollsBefore = polls.length;
    const firedBefore = clock.fired;
    await clock.advance(15_000);
    const sent = polls.length - pollsBefore;
    const wakeups = clock.fired - firedBefore;
    assert.ok(sent >= 15 * 50 - 5 && sent <= 15 * 50 + 5, `held to 50 polls/s (sent ${sent} in 15 s)`);
    assert.ok(wakeups <= sent * 1.05 + 2, `${wakeups} wake-ups for ${sent} polls`);
    assert.ok(scheduler.waitingForBudget > 0, 'the rest wait their turn');
  });

  it('lets waiting polls through first come, first served', async () => {
    const { clock, scheduler, polls } = setup({ maxRequestsPerSecond: 10 });
    for (let i = 0; i < 30; i++) scheduler.add(`t${i}`, 100_000);
    await clock.advance(100_000 + 2_000);
    assert.deepEqual(polls.map((p) => p.key), Array.from({ length: 30 }, (_, i) => `t${i}`));
  });

  it('forgets a waiting poll when the task is removed or a notification makes it unnecessary', async () => {
    const { clock, scheduler, times } = setup({ maxRequestsPerSecond: 1 });
    scheduler.add('first', 1_000);
    scheduler.add('removed', 1_000);
    scheduler.add('notified', 1_000);
    await clock.advance(1_000);
    assert.deepEqual(times('first'), [1_000]);
    assert.equal(scheduler.waitingForBudget, 2);
    scheduler.remove('removed');
    scheduler.noteNotification('notified');
    assert.equal(scheduler.waitingForBudget, 0);
    assert.equal(scheduler.dueOf('notified'), 1_000 + 4_000, 'planned at the slow pace instead');
    await clock.advance(2_000);
    assert.deepEqual(times('removed'), []);
    scheduler.dispose();
    assert.equal(clock.pendingTimers, 0, 'no timer left armed');
  });

  it('a gate with nothing waiting keeps no timer', async () => {
    const clock = new ManualClock(0);
    const passed: string[] = [];
    const gate = new RateGate(clock, 2, (key) => passed.push(key));
    gate.submit(['a', 'b', 'c']);
    assert.deepEqual(passed, ['a', 'b']);
    assert.equal(clock.pendingTimers, 1);
    gate.cancel('c');
    assert.equal(clock.pendingTimers, 0);
    gate.submit(['d']);
    await clock.advance(500);
    assert.deepEqual(passed, ['a', 'b', 'd']);
    assert.equal(clock.pendingTimers, 0);
  });

  it('lets a task wait a few ms for one due just after it (never polling either early), and keeps distant ones apart', async () => {
    const { clock, scheduler, times } = setup();
    scheduler.add('a', 1_000);
    await clock.advance(10);
    scheduler.add('b', 1_000); // due 1010: a waits for it
    await clock.advance(90);
    scheduler.add('c', 1_000); // due 1100: a wake-up of its own
    const firedBefore = clock.fired;
    await clock.advance(1_000);
    assert.deepEqual(times('a'), [1_010]);
    assert.deepEqual(times('b'), [1_010]);
    assert.deepEqual(times('c'), [1_100]);
    assert.ok(clock.fired - firedBefore <= 3, `woke ${clock.fired - firedBefore} times`);
    await clock.advance(1_000);
    assert.deepEqual(times('a'), [1_010, 2_010], 'a and b stay in step after sharing a wake-up');
    assert.deepEqual(times('b'), [1_010, 2_010]);
    assert.deepEqual(times('c'), [1_100, 2_100]);
  });

  it('once a session has sent a notification, all its tasks poll slowly after their first poll', async () => {
    const group: Record<string, string> = { a: 's1', b: 's1', other: 's2' };
    const { clock, scheduler, times } = setup({ groupOf: (key) => group[key] });
    scheduler.noteGroupNotification('s1');
    scheduler.add('a', 1_000);
    scheduler.add('b', 1_000);
    scheduler.add('other', 1_000);
    await clock.advance(9_000);
    assert.deepEqual(times('a'), [1_000, 5_000, 9_000], 'first poll at the usual pace, then 4× slower');
    assert.deepEqual(times('b'), [1_000, 5_000, 9_000]);
    assert.equal(times('other').length, 9, 'another session is not slowed');
    scheduler.forgetGroup('s1'); // a new session: start over
    await clock.advance(4_000);
    assert.deepEqual(times('a').slice(3), [13_000], 'the poll already planned stays');
    await clock.advance(2_000);
    assert.deepEqual(times('a').slice(3), [13_000, 14_000, 15_000], 'then back to the server\'s interval');
  });

  it('a notifying session still backs off on errors', async () => {
    const { clock, scheduler } = setup({ groupOf: () => 's', outcome: () => 'error' });
    scheduler.noteGroupNotification('s');
    scheduler.add('a', 1_000);
    await clock.advance(1_000);
    assert.equal(scheduler.dueOf('a'), 1_000 + 2_000);
  });
});
