/**
 * Coalesces tools/list_changed notifications: servers send them in bursts (server-everything sends
 * four right after start), and one tools/list after the burst is enough. Never runs two refreshes
 * at once; a notification during a refresh triggers one more afterwards.
 */
import type { Disposable } from '../events';
import type { Clock } from '../ports';

export class ToolsRefresher implements Disposable {
  private timer: Disposable | undefined;
  private running = false;
  private again: number | undefined;
  private disposed = false;

  constructor(
    private readonly clock: Clock,
    private readonly debounceMs: number,
    private readonly refresh: (generation: number) => Promise<void>,
  ) {}

  schedule(generation: number): void {
    if (this.disposed) return;
    if (this.running) { this.again = generation; return; }
    this.timer?.dispose();
    this.timer = this.clock.setTimeout(() => { this.timer = undefined; void this.run(generation); }, this.debounceMs);
  }

  private async run(generation: number): Promise<void> {
    this.running = true;
    try {
      await this.refresh(generation);
    } finally {
      this.running = false;
      const next = this.again;
      this.again = undefined;
      if (next !== undefined) this.schedule(next);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.timer?.dispose();
    this.timer = undefined;
  }
}
