/**
 * Lets keys through at no more than a token bucket's rate. Keys over the budget wait in a FIFO
 * behind one timer armed for the next token, so an overloaded scheduler wakes about as often as
 * it sends, instead of re-queueing every waiting key each millisecond.
 */
import type { Clock } from '../ports';
import { TokenBucket } from './tokenBucket';

/**
 * The shortest wait between two releases: at high rates one wake-up lets a batch through rather
 * than one key per millisecond.
 */
const MIN_WAIT_MS = 10;

export class RateGate {
  /** Insertion-ordered: the first key in is the first let through. */
  private readonly waiting = new Set<string>();
  private readonly bucket: TokenBucket;
  private timer: { dispose(): void } | undefined;
  private disposed = false;

  constructor(
    private readonly clock: Clock,
    ratePerSecond: number,
    private readonly onPass: (key: string) => void,
  ) {
    this.bucket = new TokenBucket(ratePerSecond, clock.now());
  }

  /** Keys waiting for a token. */
  get size(): number {
    return this.waiting.size;
  }

  has(key: string): boolean {
    return this.waiting.has(key);
  }

  /** Lets the keys through now if the budget allows, in order; the rest wait their turn. */
  submit(keys: Iterable<string>): void {
    if (this.disposed) return;
    for (const key of keys) this.waiting.add(key);
    this.release();
  }

  /** The key no longer wants to go (removed, or rescheduled for later). */
  cancel(key: string): void {
    if (!this.waiting.delete(key) || this.waiting.size > 0) return;
    this.timer?.dispose();
    this.timer = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.timer?.dispose();
    this.timer = undefined;
    this.waiting.clear();
  }

  private release(): void {
    const now = this.clock.now();
    const passed: string[] = [];
    for (const key of this.waiting) {
      if (!this.bucket.tryTake(now)) break;
      passed.push(key);
    }
    for (const key of passed) this.waiting.delete(key);
    this.arm(now);
    // Last: a key's handler may submit or cancel other keys.
    for (const key of passed) this.onPass(key);
  }

  private arm(now: number): void {
    if (this.waiting.size === 0) {
      this.timer?.dispose();
      this.timer = undefined;
      return;
    }
    if (this.timer) return;
    const delay = Math.max(MIN_WAIT_MS, this.bucket.waitMs(now));
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      if (!this.disposed) this.release();
    }, delay);
  }
}
