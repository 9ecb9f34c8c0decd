/**
 * Optional per-task limits: a wall-clock deadline, and an idle timeout that every sign of life
 * (progress, a status change) resets. None by default. One timer for all tasks.
 */
import type { Clock } from '../ports';
import { KeyedTimer } from './keyedTimer';

interface Limits {
  deadline?: number;
  idleTimeoutMs?: number;
  lastActivity: number;
}

export class DeadlineWatcher {
  private readonly limits = new Map<string, Limits>();
  private readonly timer: KeyedTimer;

  /** `onExpired` gets the key and a sentence saying which limit passed. */
  constructor(private readonly clock: Clock, private readonly onExpired: (key: string, message: string) => void) {
    this.timer = new KeyedTimer(clock, (keys) => this.check(keys));
  }

  watch(key: string, deadline: number | undefined, idleTimeoutMs: number | undefined): void {
    if (deadline === undefined && idleTimeoutMs === undefined) return;
    this.limits.set(key, {
      ...(deadline !== undefined ? { deadline } : {}),
      ...(idleTimeoutMs !== undefined ? { idleTimeoutMs } : {}),
      lastActivity: this.clock.now(),
    });
    this.arm(key);
  }

  touch(key: string): void {
    const limits = this.limits.get(key);
    if (!limits || limits.idleTimeoutMs === undefined) return;
    limits.lastActivity = this.clock.now();
    this.arm(key);
  }

  forget(key: string): void {
    this.limits.delete(key);
    this.timer.delete(key);
  }

  dispose(): void {
    this.timer.dispose();
    this.limits.clear();
  }

  private arm(key: string): void {
    const due = this.dueOf(this.limits.get(key)!);
    this.timer.set(key, due);
  }

  private dueOf(limits: Limits): number {
    const idleDue = limits.idleTimeoutMs === undefined ? Infinity : limits.lastActivity + limits.idleTimeoutMs;
    return Math.min(limits.deadline ?? Infinity, idleDue);
  }

  private check(keys: string[]): void {
    const now = this.clock.now();
    for (const key of keys) {
      const limits = this.limits.get(key);
      if (!limits) continue;
      if (limits.deadline !== undefined && now >= limits.deadline) {
        this.forget(key);
        this.onExpired(key, 'the deadline passed');
      } else if (limits.idleTimeoutMs !== undefined && now - limits.lastActivity >= limits.idleTimeoutMs) {
        this.forget(key);
        this.onExpired(key, `no progress or status change for ${formatDuration(limits.idleTimeoutMs)}`);
      } else {
        this.arm(key);
      }
    }
  }
}

function formatDuration(ms: number): string {
  return ms < 10_000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}
