import * as assert from 'node:assert/strict';
import type { SweepOutcome, SweepPlanner } from '../../src/core/tasks/groupSweeps';
import { PollScheduler } from '../../src/core/tasks/pollScheduler';
import { ManualClock } from '../support/manualClock';

/** A planner whose sweeps take `latencyMs` of clock time and report what `outcome` says. */
class ScriptedPlanner implements SweepPlanner {
  cost: number | undefined = 2;
  latencyMs = 0;
  outcome: (key: string) => SweepOutcome = () => 'ok';
  readonly sweeps: { at: number; keys: string[]; budget: number }[] = [];

  constructor(private readonly clock: ManualClock) {}

  expectedRequests(): number | undefined {
    return this.cost;
  }

  async sweep(_group: string, keys: readonly string[], budget: number): Promise<ReadonlyMap<string, SweepOutcome>> {
    this.sweeps.push({ at: this.clock.now(), keys: [...keys], budget });
    if (this.latencyMs > 0) await new Promise<void>((resolve) => this.clock.setTimeout(resolve, this.latencyMs));
    return new Map(keys.map((key) => [key, this.outcome(key)]));
  }
}

function setup() {
  const clock = new ManualClock(0);
  const planner = new ScriptedPlanner(clock);
  const polls: { key: string; at: number }[] = [];
  const scheduler = new PollScheduler({
    clock,
    poll: async (key) => { polls.push({ key, at: clock.now() }); return 'ok'; },
    defaultIntervalMs: 1000,
    floorIntervalMs: 100,
    groupOf: (key) => (key.startsWith('x') ? 'other' : 's'),
    sweeps: planner,
  });
  return { clock, planner, polls, scheduler };
}

describe('poll scheduler: sweeps of a whole session', () => {
  it('one sweep replaces the polls of every task due within the interval, and keeps them in step', async () => {
    const { clock, planner, polls, scheduler } = setup();
    const dueAt = new Map<string, number>();
    for (let i = 0; i < 10; i++) {
      scheduler.add(`t${i}`, 1_000);
      dueAt.set(`t${i}`, clock.now() + 1_000);
      await clock.advance(50); // created over half a second
    }
    await clock.advance(3_000);
    assert.equal(polls.length, 0, 'no tasks/get at all');
    // The first sweep waits a quarter interval for tasks falling due (t0…t5); the rest join the next one.
    assert.deepEqual(planner.sweeps.map((s) => s.at), [1_250, 2_250, 3_250], 'one sweep per interval');
    assert.deepEqual(planner.sweeps[0]!.keys, ['t0', 't1', 't2', 't3', 't4', 't5']);
    assert.equal(planner.sweeps[1]!.keys.length, 10);
    for (const sweep of planner.sweeps) {
      for (const key of sweep.keys) assert.ok(sweep.at >= dueAt.get(key)!, `${key} swept at ${sweep.at}, due ${dueAt.get(key)}`);
    }
    assert.ok(planner.sweeps.every((s) => s.budget > planner.cost!));
  });

  it('polls one by one when a sweep would not take fewer requests', async () => {
    const { clock, planner, polls, scheduler } = setup();
    planner.cost = 4;
    scheduler.add('a', 1_000);
    scheduler.add('b', 1_000);
    await clock.advance(2_000);
    assert.equal(planner.sweeps.length, 0);
    assert.deepEqual(polls.map((p) => p.at), [1_000, 1_000, 2_000, 2_000]);
    planner.cost = undefined; // a server that does not list
    await clock.advance(1_000);
    assert.equal(polls.length, 6);
  });

  it('never polls a task before its interval passed: a sweep moves the tasks it saw later, never earlier', async () => {
    const { clock, planner, polls, scheduler } = setup();
    const seen = new Map<string, number[]>();
    planner.outcome = (key) => { seen.set(key, [...(seen.get(key) ?? []), clock.now()]); return 'ok'; };
    for (let i = 0; i < 6; i++) scheduler.add(`t${i}`, 1_000, i === 0);
    scheduler.add('slow', 5_000);
    await clock.advance(12_000);
    assert.equal(polls.length, 0);
    for (const [key, times] of seen) {
      const interval = key === 'slow' ? 5_000 : 1_000;
      for (let i = 1; i < times.length; i++) {
        assert.ok(times[i]! - times[i - 1]! >= interval, `${key} observed at ${times.join(', ')}`);
      }
    }
    assert.ok((seen.get('slow') ?? []).length >= 2, 'the slow task is swept too, on its own interval');
  });

  it('a task missing from a full listing, or not reached by a sweep, is polled by itself at once', async () => {
    const { clock, planner, polls, scheduler } = setup();
    planner.outcome = (key) => (key === 't1' ? 'missing' : key === 't2' ? 'unseen' : 'ok');
    for (let i = 0; i < 4; i++) scheduler.add(`t${i}`, 1_000);
    await clock.advance(1_000);
    assert.equal(planner.sweeps.length, 1);
    assert.deepEqual(polls.map((p) => `${p.key}@${p.at}`).sort(), ['t1@1000', 't2@1000']);
    assert.equal(scheduler.dueOf('t0'), 2_000);
    assert.equal(scheduler.dueOf('t1'), 2_000, 'planned again after its own poll');
  });

  it('tasks ended by a sweep stop being polled; one sweep at a time per session', async () => {
    const { clock, planner, polls, scheduler } = setup();
    planner.latencyMs = 1_500; // slower than the interval
    planner.outcome = (key) => (key === 't0' ? 'stop' : 'ok');
    for (let i = 0; i < 4; i++) scheduler.add(`t${i}`, 1_000);
    scheduler.add('t4', 1_000);
    await clock.advance(1_200);
    scheduler.add('late', 300); // due at 1500 while the sweep runs: polled by itself
    await clock.advance(1_400);
    assert.equal(planner.sweeps.length, 1, 'no second sweep while the first runs');
    assert.deepEqual(polls.map((p) => `${p.key}@${p.at}`), ['late@1500', 'late@1800', 'late@2100', 'late@2400'], 'polled by itself meanwhile');
    await clock.advance(1_000);
    assert.equal(scheduler.has('t0'), false);
    assert.equal(planner.sweeps.length, 2);
    assert.ok(!planner.sweeps[1]!.keys.includes('t0'));
  });

  it('sweeps stay within their group', async () => {
    const { clock, planner, polls, scheduler } = setup();
    for (let i = 0; i < 4; i++) scheduler.add(`t${i}`, 1_000);
    scheduler.add('x1', 1_000);
    await clock.advance(1_000);
    assert.equal(planner.sweeps.length, 1, 'the lone task of the other group is not worth a sweep');
    assert.deepEqual(planner.sweeps[0]!.keys, ['t0', 't1', 't2', 't3']);
    assert.deepEqual(polls.map((p) => p.key), ['x1']);
  });
});
