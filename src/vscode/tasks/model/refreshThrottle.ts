/**
 * Coalesces bursts of changes into at most one flush per interval, whatever the rate of changes.
 * The first change after a quiet period waits a short window (one frame) so that a burst that
 * starts with it still lands in one refresh.
 */
import type { Clock } from '../../../core/ports';

export class RefreshThrottle<T> {
  private pending = new Set<T>();
  private timer: { dispose(): void } | undefined;
  private lastFlush = Number.NEGATIVE_INFINITY;
  private disposed = false;

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly flush: (items: ReadonlySet<T>) => void,
  ) {}

  /** Notes a change; the flush follows within `intervalMs`. */
  add(item: T): void {
    if (this.disposed) return;
    this.pending.add(item);
    if (this.timer) return;
    const wait = Math.max(0, Math.min(this.intervalMs, this.lastFlush + this.intervalMs - this.clock.now()));
    this.timer = this.clock.setTimeout(() => this.run(), Math.max(wait, Math.min(this.intervalMs, 16)));
  }

  get hasPending(): boolean {
    return this.pending.size > 0;
  }

  /** Flushes now (e.g. before a command reads the view). */
  flushNow(): void {
    this.timer?.dispose();
    this.run();
  }

  dispose(): void {
    this.disposed = true;
    this.timer?.dispose();
    this.timer = undefined;
    this.pending.clear();
  }

  private run(): void {
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const items = this.pending;
    this.pending = new Set();
    this.lastFlush = this.clock.now();
    this.flush(items);
  }
}
