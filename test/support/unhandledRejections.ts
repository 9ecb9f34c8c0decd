/**
 * Records unhandled promise rejections while a suite runs, so tests can assert there were none
 * (the host must never leave a rejection unhandled).
 */
export class UnhandledRejectionMonitor {
  readonly seen: unknown[] = [];
  private readonly listener = (reason: unknown) => { this.seen.push(reason); };

  install(): this {
    process.on('unhandledRejection', this.listener);
    return this;
  }

  uninstall(): void {
    process.off('unhandledRejection', this.listener);
  }

  /** Throws with the recorded reasons when any rejection went unhandled. */
  assertNone(): void {
    if (this.seen.length === 0) return;
    const reasons = this.seen.map((r) => (r instanceof Error ? r.stack ?? r.message : String(r)));
    this.seen.length = 0;
    throw new Error(`unhandled rejections:\n${reasons.join('\n')}`);
  }
}
