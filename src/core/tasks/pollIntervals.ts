/**
 * How long a task waits before its next poll, as pure arithmetic: the server's pollInterval (a
 * default when absent, never below the floor), slowed while notifications keep the task fresh or
 * its session notifies, and backed off exponentially after errors, both up to a ceiling (a
 * server's own longer interval wins, up to MAX_POLL_INTERVAL_MS).
 */
import { MAX_POLL_INTERVAL_MS } from '../model/limits';
import { serverDuration } from './serverDuration';

/** What the next wait depends on, of one task. */
export interface PollPace {
  readonly pollInterval: number | undefined;
  /** Failed polls in a row. */
  readonly errors: number;
  readonly lastNotifiedAt: number | undefined;
}

export class PollIntervals {
  constructor(
    readonly defaultIntervalMs: number,
    readonly floorIntervalMs: number,
    /** Factor applied to a task's interval while notifications keep it fresh. */
    readonly notifiedSlowdown: number,
    /** Upper bound for slowed-down and backed-off intervals. */
    readonly maxIntervalMs: number,
  ) {}

  /**
   * The interval a task with this pollInterval is polled at, before slow-downs and back-off. Also
   * what work paced by a task's interval (held results) goes by. A record read back from disk may
   * carry anything, so the value is checked here again, not only when read from the wire.
   */
  intervalFor(pollInterval: number | undefined): number {
    const asked = serverDuration(pollInterval, MAX_POLL_INTERVAL_MS) ?? this.defaultIntervalMs;
    return Math.max(this.floorIntervalMs, asked);
  }

  slowed(pollInterval: number | undefined): number {
    const base = this.intervalFor(pollInterval);
    return Math.max(base, Math.min(base * this.notifiedSlowdown, this.maxIntervalMs));
  }

  /** The wait after a poll that ended with `outcome`; `groupNotifies`: the task's session sends status notifications. */
  after(pace: PollPace, outcome: 'ok' | 'error', now: number, groupNotifies: boolean): number {
    const base = this.intervalFor(pace.pollInterval);
    if (outcome === 'error' && pace.errors > 0) {
      return Math.max(base, Math.min(base * 2 ** pace.errors, this.maxIntervalMs));
    }
    const slowed = this.slowed(pace.pollInterval);
    const fresh = pace.lastNotifiedAt !== undefined && now - pace.lastNotifiedAt < slowed;
    return fresh || groupNotifies ? slowed : base;
  }
}
