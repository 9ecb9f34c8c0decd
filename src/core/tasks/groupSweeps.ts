/**
 * For the poll scheduler: polls the tasks of one group (a server session) with one sweep
 * (tasks/list) instead of one tasks/get each, when that takes fewer requests. The planner says
 * what a sweep costs and runs it; this class decides when, and hands every task back to the
 * scheduler afterwards with what the sweep learned.
 *
 * A sweep is chosen when due tasks of a group come up and the group has more tasks due within
 * one interval than the sweep takes requests. A sweep only stands for tasks whose interval has
 * passed (a task is never polled early, by a sweep either): it waits a little for tasks due
 * shortly after the first (a quarter interval at most), covers those, and moves the group's other
 * tasks due within the interval on to the next sweep (later, never earlier). From then on the
 * group's tasks are due together, and one sweep per interval polls them all.
 */

/** How long, as a share of the interval, a sweep may wait for tasks that fall due after the first. */
const GATHER_SHARE = 0.25;

/** What a sweep learned about one task: seen ('ok'), ended ('stop'), or not seen ('missing' from a full listing, 'unseen' when the sweep stopped early). */
export type SweepOutcome = 'ok' | 'stop' | 'missing' | 'unseen';

export interface SweepPlanner {
  /** Requests one sweep of the group would take now, or undefined when the group cannot be swept. */
  expectedRequests(group: string): number | undefined;
  /**
   * Lists the group's tasks once (stopping after `budget` requests) and applies what it saw;
   * resolves with an outcome for every key (a key without one counts as 'unseen'). A failed
   * listing is not a rejection: the keys it did not reach are 'unseen'.
   */
  sweep(group: string, keys: readonly string[], budget: number): Promise<ReadonlyMap<string, SweepOutcome>>;
}

/** What the scheduler lends a sweep. */
export interface SweepHost {
  now(): number;
  dueOf(key: string): number | undefined;
  /** The wait after the key's next successful poll. */
  nextDelay(key: string): number;
  /** Takes an idle key for the sweep (in flight until released); undefined when it is not idle. */
  claim(key: string): object | undefined;
  /** Moves an idle key's next poll to `due` (later than planned); keys in flight are left alone. */
  postpone(key: string, due: number): void;
  /** Runs `callback` after `ms` (the sweep's wait for tasks falling due). */
  later(ms: number, callback: () => void): { dispose(): void };
  /** Gives the key back; true when it should be polled by itself now. */
  release(key: string, claim: object, outcome: SweepOutcome, startedAt: number): boolean;
  pollNow(keys: string[]): void;
  debug(message: string): void;
}

interface Covered {
  key: string;
  claim: object;
}

export class GroupSweeps {
  private readonly members = new Map<string, Set<string>>();
  /** One sweep at a time per group. */
  private readonly running = new Set<string>();
  /** Sweeps waiting for tasks to fall due. */
  private readonly waits = new Set<{ dispose(): void }>();
  /** Sweeps started (each replaces one poll per task it covers). */
  started = 0;

  constructor(private readonly planner: SweepPlanner, private readonly host: SweepHost) {}

  join(key: string, group: string): void {
    let keys = this.members.get(group);
    if (!keys) this.members.set(group, keys = new Set());
    keys.add(key);
  }

  leave(key: string, group: string): void {
    const keys = this.members.get(group);
    keys?.delete(key);
    if (keys?.size === 0) this.members.delete(group);
  }

  clear(): void {
    for (const wait of this.waits) wait.dispose();
    this.waits.clear();
    this.members.clear();
    this.running.clear();
  }

  /** Starts a sweep for each group where that is cheaper; returns the due keys left to poll one by one. */
  take(due: readonly { key: string; group: string | undefined }[]): string[] {
    const byGroup = new Map<string, string[]>();
    const alone: string[] = [];
    for (const { key, group } of due) {
      if (group === undefined) {
        alone.push(key);
        continue;
      }
      let keys = byGroup.get(group);
      if (!keys) byGroup.set(group, keys = []);
      keys.push(key);
    }
    for (const [group, keys] of byGroup) {
      const cost = this.running.has(group) ? undefined : this.planner.expectedRequests(group);
      const replaced = cost === undefined ? 0 : this.pollsWithin(group, keys, cost);
      if (cost !== undefined && replaced > cost) this.start(group, keys, replaced);
      else alone.push(...keys);
    }
    return alone;
  }

  /**
   * The due keys plus the group's other keys due within one interval of now (counting stops once
   * it passes `enough`): the polls a sweep now makes unnecessary.
   */
  private pollsWithin(group: string, due: string[], enough: number): number {
    let count = due.length;
    if (count > enough) return count;
    const horizon = this.host.now() + this.host.nextDelay(due[0]!);
    // Due keys have left the timer, so every key with a due time here is another one.
    for (const key of this.members.get(group) ?? []) {
      const at = this.host.dueOf(key);
      if (at !== undefined && at <= horizon && ++count > enough) break;
    }
    return count;
  }

  /** Claims the due keys and those falling due within the gathering wait, then sweeps once the last is due. */
  private start(group: string, due: string[], budget: number): void {
    const now = this.host.now();
    const interval = this.host.nextDelay(due[0]!);
    const gatherUntil = now + interval * GATHER_SHARE;
    const dueSet = new Set(due);
    const covered: Covered[] = [];
    let last = now;
    for (const key of this.members.get(group) ?? []) {
      const at = this.host.dueOf(key);
      const isDue = dueSet.has(key);
      if (!isDue && (at === undefined || at > gatherUntil)) continue;
      const claim = this.host.claim(key);
      if (!claim) continue;
      covered.push({ key, claim });
      if (!isDue && at! > last) last = at!;
    }
    this.started++;
    this.running.add(group);
    if (last <= now) {
      this.run(group, covered, budget, interval);
      return;
    }
    const wait = this.host.later(last - now, () => {
      this.waits.delete(wait);
      this.run(group, covered, budget, interval);
    });
    this.waits.add(wait);
  }

  private run(group: string, covered: Covered[], budget: number, interval: number): void {
    const startedAt = this.host.now();
    // The group's other tasks falling due before the next sweep wait for it instead of polling on
    // their own (covered keys are in flight and left alone; overdue ones waiting for the rate budget too).
    const next = startedAt + interval;
    for (const key of this.members.get(group) ?? []) {
      const at = this.host.dueOf(key);
      if (at !== undefined && at > startedAt && at < next) this.host.postpone(key, next);
    }
    this.planner.sweep(group, covered.map((c) => c.key), budget).then(
      (outcomes) => this.finish(group, covered, outcomes, startedAt),
      (err: unknown) => {
        this.host.debug(`sweep of ${group} failed: ${err instanceof Error ? err.message : String(err)}`);
        this.finish(group, covered, new Map(), startedAt);
      },
    );
  }

  private finish(group: string, covered: Covered[], outcomes: ReadonlyMap<string, SweepOutcome>, startedAt: number): void {
    this.running.delete(group);
    const pollNow: string[] = [];
    for (const { key, claim } of covered) {
      if (this.host.release(key, claim, outcomes.get(key) ?? 'unseen', startedAt)) pollNow.push(key);
    }
    if (pollNow.length > 0) this.host.pollNow(pollNow);
  }
}
