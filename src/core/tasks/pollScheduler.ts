/**
 * Decides when each tracked task is polled (tasks/get), for all tasks with one timer.
 *
 * - Honours the server's pollInterval, with a default when absent, a floor against servers
 *   that ask for a busy loop, and a ceiling (MAX_POLL_INTERVAL_MS) against ones that would
 *   otherwise never be polled. Below that ceiling a task is never polled faster than its server asks.
 * - While status notifications keep a task fresh, its fallback polling slows down (notifications
 *   are optional and may stop, so polling never stops altogether). Tasks can share a group (their
 *   server session): once the group has delivered any notification, every task in it polls at the
 *   slow rate after its first poll, since such a server tells us of changes.
 * - Intervals run from the start of one poll to the start of the next (a slow reply does not
 *   push every later poll back); a task is never polled before its interval has passed, and never
 *   twice at once.
 * - Errors back off exponentially; a global budget caps the request rate against floods. A task
 *   may wait a few ms past its due time for tasks due just after it, so they share one wake-up and
 *   stay in step from then on; none is ever polled early.
 * - Tasks of one group (a server session) can be polled together by one sweep (tasks/list) when
 *   that takes fewer requests than one tasks/get each (GroupSweeps); each task keeps its own
 *   schedule around it.
 */
import type { Clock, Logger } from '../ports';
import { silentLogger } from '../ports';
import { GroupSweeps, type SweepHost, type SweepOutcome, type SweepPlanner } from './groupSweeps';
import { KeyedTimer } from './keyedTimer';
import { PollIntervals } from './pollIntervals';
import { RateGate } from './rateGate';

export type { SweepOutcome, SweepPlanner } from './groupSweeps';

/** How long a task may wait past its due time to share a neighbour's wake-up (at most a quarter of the floor). */
const DEFAULT_COALESCE_MS = 25;

export interface PollSchedulerOptions {
  clock: Clock;
  /** Polls one task. Resolve 'error' (or throw) to back off; 'stop' ends polling for the key. */
  poll: (key: string) => Promise<PollOutcome | void>;
  defaultIntervalMs?: number;
  floorIntervalMs?: number;
  /** Factor applied to a task's interval while notifications keep it fresh. */
  notifiedSlowdown?: number;
  /** Upper bound for slowed-down and backed-off intervals (a server's own longer interval wins, up to MAX_POLL_INTERVAL_MS). */
  maxIntervalMs?: number;
  maxRequestsPerSecond?: number;
  /** A task may wait this many ms past its due time for tasks due just after it (default 25, at most floor ÷ 4). */
  coalesceMs?: number;
  /** The group (server session) a task belongs to, for notifications learned per group and sweeps. */
  groupOf?: (key: string) => string | undefined;
  /** Polls whole groups with one listing when that is cheaper; without it every task is polled alone. */
  sweeps?: SweepPlanner;
  logger?: Logger;
}

export type PollOutcome = 'ok' | 'error' | 'stop';

interface PollEntry {
  pollInterval: number | undefined;
  errors: number;
  lastNotifiedAt: number | undefined;
  inFlight: boolean;
  group: string | undefined;
  /** When the last poll was sent: the next one is due an interval after it. */
  startedAt?: number;
}

export class PollScheduler {
  private readonly entries = new Map<string, PollEntry>();
  private readonly sweeps: GroupSweeps | undefined;
  private readonly timer: KeyedTimer;
  private readonly gate: RateGate;
  /** Groups that have delivered a status notification. */
  private readonly notifiedGroups = new Set<string>();
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly intervals: PollIntervals;
  /** Polls started, for diagnostics and benchmarks. */
  pollsStarted = 0;


  constructor(private readonly options: PollSchedulerOptions) {
    this.clock = options.clock;
    this.logger = options.logger ?? silentLogger;
    const floorIntervalMs = options.floorIntervalMs ?? 100;
    this.intervals = new PollIntervals(options.defaultIntervalMs ?? 1000, floorIntervalMs, options.notifiedSlowdown ?? 4, options.maxIntervalMs ?? 30_000);
    const coalesce = Math.max(0, Math.min(options.coalesceMs ?? DEFAULT_COALESCE_MS, floorIntervalMs / 4));
    this.timer = new KeyedTimer(this.clock, (keys) => this.tick(keys), coalesce);
    // While polls wait for the budget, the gate's wake-ups also collect newly due tasks.
    this.gate = new RateGate(this.clock, options.maxRequestsPerSecond ?? 2_000, (key) => this.pass(key), {
      onWaitingChange: (waiting) => this.timer.hold(waiting),
      collect: () => this.pollable(this.timer.takeDue()),
    });
    this.sweeps = options.sweeps ? new GroupSweeps(options.sweeps, this.sweepHost()) : undefined;
  }

  get size(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /**
   * Starts polling a task: first poll after one interval, or at once with `immediate`. The first
   * poll is not slowed by the group: a server that notifies may still leave one task silent, and a
   * task that ends quickly is seen at the usual pace.
   */
  add(key: string, pollInterval: number | undefined, immediate = false): void {
    const existing = this.entries.get(key);
    if (existing) {
      existing.pollInterval = pollInterval ?? existing.pollInterval;
      if (immediate) this.pollSoon(key);
      return;
    }
    const group = this.options.groupOf?.(key);
    this.entries.set(key, { pollInterval, errors: 0, lastNotifiedAt: undefined, inFlight: false, group });
    if (group !== undefined) this.sweeps?.join(key, group);
    this.timer.set(key, this.clock.now() + (immediate ? 0 : this.intervalFor(pollInterval)));
  }

  remove(key: string): void {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    this.timer.delete(key);
    this.gate.cancel(key);
    if (entry?.group !== undefined) this.sweeps?.leave(key, entry.group);
  }

  /** The server told us a new pollInterval. */
  setPollInterval(key: string, pollInterval: number | undefined): void {
    const entry = this.entries.get(key);
    if (entry && pollInterval !== undefined) entry.pollInterval = pollInterval;
  }

  /** Polls at the next tick (after a reconnect, or when the caller wants fresh state). */
  pollSoon(key: string): void {
    const entry = this.entries.get(key);
    if (!entry || entry.inFlight || this.gate.has(key)) return;
    this.timer.set(key, this.clock.now());
  }

  /** A status notification brought fresh state: the next fallback poll can wait longer. */
  noteNotification(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    const now = this.clock.now();
    entry.lastNotifiedAt = now;
    if (entry.inFlight) return;
    // Fresh news: a poll waiting for the rate budget is no longer needed now.
    this.gate.cancel(key);
    const slowDue = now + this.intervals.slowed(entry.pollInterval);
    const due = this.timer.dueOf(key);
    if (due === undefined || due < slowDue) this.timer.set(key, slowDue);
  }

  /**
   * A status notification arrived from a group (server session): from now on its tasks poll at
   * the slow rate. The rest of the session keeps it; a new session starts over (forgetGroup).
   */
  noteGroupNotification(group: string): void {
    this.notifiedGroups.add(group);
  }

  /** The group's session ended: what it taught no longer holds. */
  forgetGroup(group: string): void {
    this.notifiedGroups.delete(group);
  }

  isGroupNotified(group: string): boolean {
    return this.notifiedGroups.has(group);
  }

  /** Polls waiting for the global rate budget (diagnostics). */
  get waitingForBudget(): number {
    return this.gate.size;
  }

  /** The delay the next successful poll will be followed by (for tests and diagnostics). */
  nextDelay(key: string): number | undefined {
    const entry = this.entries.get(key);
    return entry ? this.delayAfter(key, entry, 'ok') : undefined;
  }

  dueOf(key: string): number | undefined {
    return this.timer.dueOf(key);
  }

  dispose(): void {
    this.timer.dispose();
    this.gate.dispose();
    this.entries.clear();
    this.sweeps?.clear();
    this.notifiedGroups.clear();
  }

  /** Sweeps started (each replaces one poll per task it covers). */
  get sweepsStarted(): number {
    return this.sweeps?.started ?? 0;
  }

  private tick(keys: string[]): void {
    let due = this.pollable(keys);
    if (this.sweeps) due = this.sweeps.take(due.map((key) => ({ key, group: this.entries.get(key)?.group })));
    // Over the global budget, the gate keeps the rest in order and lets them through as tokens come.
    this.gate.submit(due);
  }

  private sweepHost(): SweepHost {
    return {
      now: () => this.clock.now(),
      dueOf: (key) => this.timer.dueOf(key),
      nextDelay: (key) => {
        const entry = this.entries.get(key);
        return entry ? this.delayAfter(key, entry, 'ok') : this.intervals.defaultIntervalMs;
      },
      claim: (key) => {
        const entry = this.entries.get(key);
        if (!entry || entry.inFlight || this.gate.has(key)) return undefined;
        // Left in the timer: if it falls due meanwhile, the tick skips it (in flight) and release plans it.
        entry.inFlight = true;
        return entry;
      },
      postpone: (key, due) => {
        const entry = this.entries.get(key);
        if (entry && !entry.inFlight && this.timer.has(key)) this.timer.set(key, due);
      },
      later: (ms, callback) => this.clock.setTimeout(callback, ms),
      release: (key, claim, outcome, startedAt) => this.afterSweep(key, claim as PollEntry, outcome, startedAt),
      pollNow: (keys) => this.gate.submit(keys),
      debug: (message) => this.logger.debug(message),
    };
  }

  /** A task comes back from a sweep; true when it is to be polled by itself now. */
  private afterSweep(key: string, entry: PollEntry, outcome: SweepOutcome, startedAt: number): boolean {
    entry.inFlight = false;
    if (this.entries.get(key) !== entry) return false; // removed (finished) meanwhile
    if (outcome === 'stop') {
      this.remove(key);
      return false;
    }
    if (outcome === 'ok') {
      entry.errors = 0;
      const now = this.clock.now();
      this.timer.set(key, Math.max(now, startedAt + this.delayAfter(key, entry, 'ok')));
      return false;
    }
    // Missing from a full listing: only a tasks/get can say whether the server still knows it.
    // Not reached (the sweep stopped or failed): it was due, so it is polled by itself now.
    return true;
  }

  private pollable(keys: string[]): string[] {
    return keys.filter((key) => this.entries.get(key)?.inFlight === false);
  }

  private pass(key: string): void {
    const entry = this.entries.get(key);
    if (entry && !entry.inFlight) this.start(key, entry);
  }

  private start(key: string, entry: PollEntry): void {
    entry.inFlight = true;
    entry.startedAt = this.clock.now();
    this.pollsStarted++;
    let outcome: Promise<PollOutcome | void>;
    try {
      outcome = this.options.poll(key);
    } catch (err) {
      outcome = Promise.reject(err);
    }
    outcome.then(
      (result) => this.finish(key, entry, result ?? 'ok'),
      (err: unknown) => {
        this.logger.debug(`poll of ${key} failed: ${err instanceof Error ? err.message : String(err)}`);
        this.finish(key, entry, 'error');
      },
    );
  }

  private finish(key: string, entry: PollEntry, outcome: PollOutcome): void {
    entry.inFlight = false;
    if (this.entries.get(key) !== entry) return; // removed (finished) while polling
    if (outcome === 'stop') {
      this.remove(key);
      return;
    }
    if (outcome === 'error') entry.errors++;
    else entry.errors = 0;
    const now = this.clock.now();
    // After an error the wait runs from the failure; otherwise from when the poll was sent.
    const from = outcome === 'error' ? now : entry.startedAt ?? now;
    this.timer.set(key, Math.max(now, from + this.delayAfter(key, entry, outcome)));
  }

  /** The interval a task with this pollInterval is polled at, before slow-downs and back-off (see PollIntervals). */
  intervalFor(pollInterval: number | undefined): number {
    return this.intervals.intervalFor(pollInterval);
  }

  private delayAfter(key: string, entry: PollEntry, outcome: 'ok' | 'error'): number {
    return this.intervals.after(entry, outcome, this.clock.now(), this.groupNotifies(key));
  }

  private groupNotifies(key: string): boolean {
    if (this.notifiedGroups.size === 0) return false;
    const group = this.entries.get(key)?.group ?? this.options.groupOf?.(key);
    return group !== undefined && this.notifiedGroups.has(group);
  }
}
