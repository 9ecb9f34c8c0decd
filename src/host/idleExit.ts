/**
 * When the host may go: after `quietMs` with no client attached and nothing live, or at once
 * when it was asked to retire and nothing is live. Whoever owns the host calls `check()` on
 * every change that could matter (a client came or went, a task changed).
 */
import type { Disposable } from '../core/events';
import type { Clock } from '../core/ports';

export interface IdleState {
  readonly clients: number;
  readonly liveTasks: number;
  readonly retiring: boolean;
}

export class IdleExit implements Disposable {
  private timer: { dispose(): void } | undefined;
  private fired = false;

  constructor(
    private readonly clock: Clock,
    private readonly quietMs: number,
    private readonly state: () => IdleState,
    private readonly exit: (why: string) => void,
  ) {}

  check(): void {
    if (this.fired) return;
    const { clients, liveTasks, retiring } = this.state();
    if (liveTasks > 0 || (clients > 0 && !retiring)) {
      this.timer?.dispose();
      this.timer = undefined;
      return;
    }
    if (retiring) return this.fire('retired: nothing is live');
    this.timer ??= this.clock.setTimeout(() => this.fire(`idle for ${Math.round(this.quietMs / 1000)} s with no client and no live task`), this.quietMs);
  }

  dispose(): void {
    this.timer?.dispose();
    this.fired = true;
  }

  private fire(why: string): void {
    if (this.fired) return;
    this.fired = true;
    this.timer?.dispose();
    this.exit(why);
  }
}
