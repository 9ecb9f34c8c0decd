/**
 * Where activation time goes: wall-clock and CPU time per step. Start-up cost is a budget, and on
 * a busy machine the wall clock mostly shows the wait for a core, so the CPU time is kept beside it.
 */
export class ActivationClock {
  private readonly started = performance.now();
  private readonly cpuAtStart = cpuUsage();
  private last = this.started;
  private lastCpu = this.cpuAtStart;
  /** "name ms (CPU ms)" for each step so far. */
  readonly phases: string[] = [];

  phase(name: string): void {
    const now = performance.now();
    const cpu = cpuUsage();
    this.phases.push(`${name} ${(now - this.last).toFixed(1)} (CPU ${((cpu.user + cpu.system - this.lastCpu.user - this.lastCpu.system) / 1000).toFixed(1)})`);
    this.last = now;
    this.lastCpu = cpu;
  }

  elapsedMs(): number {
    return performance.now() - this.started;
  }

  cpuMs(): number {
    const cpu = cpuUsage(this.cpuAtStart);
    return (cpu.user + cpu.system) / 1000;
  }
}

/** The extension host's main thread (where activate() runs); the whole process's on a Node.js without per-thread usage. */
function cpuUsage(since?: NodeJS.CpuUsage): NodeJS.CpuUsage {
  const perThread = (process as { threadCpuUsage?: (since?: NodeJS.CpuUsage) => NodeJS.CpuUsage }).threadCpuUsage;
  return perThread ? perThread.call(process, since) : process.cpuUsage(since);
}
