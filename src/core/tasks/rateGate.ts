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

export interface RateGateHooks {
  /** Keys are waiting (true) or none are left (false). */
  onWaitingChange?(waiting: boolean): void;
  /** On each of the gate's wake-ups: more keys to queue before letting keys through. */
  collect?(): string[];
}

export class RateGate {
  /** Insertion-ordered: the first key in is the first let through. */
  private readonly waiting = new Set<string>();
  private readonly bucket: TokenBucket;
  private timer: { dispose(): void } | undefined;
  private disposed = false;
  private wasWaiting = false;

  constructor(
    private readonly clock: Clock,
    ratePerSecond: number,
    private readonly onPass: (key: string) => void,
    private readonly hooks: RateGateHooks = {},
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
    if (this.waiting.delete(key) && this.waiting.size === 0) this.arm(this.clock.now());
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
    const waiting = this.waiting.size > 0;
    if (!waiting) {
      this.timer?.dispose();
      this.timer = undefined;
    } else if (!this.timer) {
      const delay = Math.max(MIN_WAIT_MS, this.bucket.waitMs(now));
      this.timer = this.clock.setTimeout(() => this.wake(), delay);
    }
    if (waiting !== this.wasWaiting) {
      this.wasWaiting = waiting;
      this.hooks.onWaitingChange?.(waiting);
    }
  }

  private wake(): void {
    this.timer = undefined;
    if (this.disposed) return;
    for (const key of this.hooks.collect?.() ?? []) this.waiting.add(key);
    this.release();
  }
}
