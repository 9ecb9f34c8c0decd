import type { Clock } from '../../src/core/ports';

interface PendingTimer {
  id: number;
  due: number;
  callback: () => void;
}

/**
 * A real Clock whose time only moves when a test says so. Timers fire in due order during
 * `advance`, so schedulers built on the Clock port can be driven step by step.
 */
export class ManualClock implements Clock {
  private time: number;
  private nextId = 1;
  private readonly timers = new Map<number, PendingTimer>();
  /** How many timers were ever armed; lets a test check that a scheduler re-arms one timer. */
  armedCount = 0;

  constructor(start = 1_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): { dispose(): void } {
    const timer: PendingTimer = { id: this.nextId++, due: this.time + Math.max(0, ms), callback };
    this.timers.set(timer.id, timer);
    this.armedCount++;
    return { dispose: () => { this.timers.delete(timer.id); } };
  }

  /** Timers armed and not yet fired or disposed. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Due time of the earliest pending timer, if any. */
  get nextDue(): number | undefined {
    let min: number | undefined;
    for (const t of this.timers.values()) if (min === undefined || t.due < min) min = t.due;
    return min;
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due on the way (including timers
   * armed by callbacks), and lets promise callbacks run between firings.
   */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      await flushMicrotasks();
      const next = this.earliest();
      if (!next || next.due > target) break;
      this.timers.delete(next.id);
      this.time = Math.max(this.time, next.due);
      next.callback();
    }
    this.time = target;
    await flushMicrotasks();
  }

  private earliest(): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const t of this.timers.values()) {
      if (!best || t.due < best.due || (t.due === best.due && t.id < best.id)) best = t;
    }
    return best;
  }
}

/** Lets already-resolved promise chains settle (several rounds: chains may be a few links long). */
export async function flushMicrotasks(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
