/**
 * Due times for many keys behind one clock timer: a binary min-heap ordered by due time, and a
 * single timer always armed for the earliest entry. Thousands of tasks cost one timer, not one each.
 */
import type { Clock } from '../ports';

interface Entry {
  key: string;
  due: number;
  /** Insertion order, so equal due times fire first-come first-served. */
  seq: number;
  /** Position in the heap (kept on the entry: moving entries then touches no map). */
  at: number;
}

export class KeyedTimer {
  private readonly heap: Entry[] = [];
  private readonly byKey = new Map<string, Entry>();
  private seq = 0;
  /** `due`: when the timer fires; `anchor`: the earliest due time it serves (earlier than `due` while neighbours are awaited). */
  private armed: { due: number; anchor: number; handle: { dispose(): void } } | undefined;
  private disposed = false;
  private held = false;

  /**
   * `onDue` receives every key due at the time the timer fires (already removed from the queue).
   * With `slackMs`, the earliest key may wait up to that long for keys due shortly after it, so
   * neighbours that would each cost a wake-up of their own share one. A key is never handed out
   * before its due time: sharing only ever makes a key late, never early.
   */
  constructor(
    private readonly clock: Clock,
    private readonly onDue: (keys: string[]) => void,
    private readonly slackMs = 0,
  ) {}

  get size(): number {
    return this.heap.length;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  dueOf(key: string): number | undefined {
    return this.byKey.get(key)?.due;
  }

  /** Sets (or moves) a key's due time. */
  set(key: string, due: number): void {
    if (this.disposed) return;
    const entry = this.byKey.get(key);
    if (entry === undefined) {
      const added: Entry = { key, due, seq: this.seq++, at: this.heap.length };
      this.heap.push(added);
      this.byKey.set(key, added);
      this.up(added.at);
    } else if (due !== entry.due) {
      const earlier = due < entry.due;
      entry.due = due;
      if (earlier) this.up(entry.at); else this.down(entry.at);
    }
    this.rearm();
  }

  delete(key: string): void {
    const entry = this.byKey.get(key);
    if (entry === undefined) return;
    this.removeAt(entry.at);
    this.rearm();
  }

  /** Earliest due time, if any. */
  peek(): number | undefined {
    return this.heap[0]?.due;
  }

  /**
   * While held, no clock timer is armed: whoever holds the queue collects due keys itself with
   * takeDue, on its own wake-ups (so two timers do not both wake the process).
   */
  hold(held: boolean): void {
    this.held = held;
    this.rearm();
  }

  /** Removes and returns every key due by now. */
  takeDue(): string[] {
    const until = this.clock.now();
    const due: string[] = [];
    while (this.heap.length > 0 && this.heap[0]!.due <= until) {
      due.push(this.heap[0]!.key);
      this.removeAt(0);
    }
    return due;
  }

  dispose(): void {
    this.disposed = true;
    this.armed?.handle.dispose();
    this.armed = undefined;
    this.heap.length = 0;
    this.byKey.clear();
  }

  private fire(): void {
    this.armed = undefined;
    const first = this.heap[0];
    if (first && this.slackMs > 0) {
      // Neighbours due within the slack after the earliest key: wait for the last of them.
      const now = this.clock.now();
      const last = this.latestDueUpTo(first.due + this.slackMs);
      if (last > now) {
        this.arm(last, first.due);
        return;
      }
    }
    const due = this.takeDue();
    if (due.length > 0) this.onDue(due);
    this.rearm();
  }

  private rearm(): void {
    if (this.disposed) return;
    const next = this.held ? undefined : this.heap[0]?.due;
    if (next === undefined) {
      this.armed?.handle.dispose();
      this.armed = undefined;
      return;
    }
    if (this.armed && (this.armed.due === next || this.armed.anchor === next)) return;
    this.arm(next, next);
  }

  private arm(due: number, anchor: number): void {
    this.armed?.handle.dispose();
    const delay = Math.max(0, due - this.clock.now());
    this.armed = { due, anchor, handle: this.clock.setTimeout(() => this.fire(), delay) };
  }

  /** The latest due time not after `limit` (walks only the part of the heap at or before it). */
  private latestDueUpTo(limit: number): number {
    let latest = -Infinity;
    const stack = [0];
    while (stack.length > 0) {
      const i = stack.pop()!;
      const entry = this.heap[i];
      if (!entry || entry.due > limit) continue;
      if (entry.due > latest) latest = entry.due;
      stack.push(2 * i + 1, 2 * i + 2);
    }
    return latest;
  }

  private removeAt(i: number): void {
    const last = this.heap.length - 1;
    const removed = this.heap[i]!;
    this.byKey.delete(removed.key);
    if (i !== last) {
      const moved = this.heap[last]!;
      this.heap[i] = moved;
      moved.at = i;
      this.heap.pop();
      this.up(i);
      this.down(moved.at);
    } else {
      this.heap.pop();
    }
  }

  private less(a: Entry, b: Entry): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(this.heap[i]!, this.heap[parent]!)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.heap.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < n && this.less(this.heap[l]!, this.heap[best]!)) best = l;
      if (r < n && this.less(this.heap[r]!, this.heap[best]!)) best = r;
      if (best === i) break;
      this.swap(i, best);
      i = best;
    }
  }

  private swap(a: number, b: number): void {
    const ea = this.heap[a]!;
    const eb = this.heap[b]!;
    this.heap[a] = eb;
    this.heap[b] = ea;
    eb.at = a;
    ea.at = b;
  }
}
