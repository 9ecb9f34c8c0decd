/** A request budget: at most `ratePerSecond` on average, with bursts up to one second's worth. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(private readonly ratePerSecond: number, now: number) {
    this.tokens = Math.max(1, ratePerSecond);
    this.last = now;
  }

  /** Takes one token when available. */
  tryTake(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until the next token is available (0 when one is). */
  waitMs(now: number): number {
    this.refill(now);
    if (this.tokens >= 1) return 0;
    return Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000);
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(Math.max(1, this.ratePerSecond), this.tokens + (elapsed * this.ratePerSecond) / 1000);
  }
}
