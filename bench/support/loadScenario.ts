/**
 * What one load scenario is, what it measured, and the pieces both clients share: how the bench
 * server is started, how its request counts are read, how a completion is timed, and how host
 * CPU is sampled over the run.
 */
import * as path from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { STATS_TOOL, type BenchServerStats, type BenchTaskPayload } from '../benchTaskServer';

/** engine: the product's task engine; sdk: callToolStream per task; floor: a bare client that only fetches results on notification. */
export type ClientKind = 'engine' | 'sdk' | 'floor';

export interface Scenario {
  readonly tasks: number;
  /** Whether the server sends notifications/tasks/status on completion. */
  readonly notify: boolean;
  readonly durationsMs: readonly number[];
  /** The scenario gives up (and reports what is unfinished) after this long. */
  readonly deadlineMs: number;
  readonly pollIntervalMs: number;
  /** The server speaks MCP 2026-07-28 with the tasks extension (benchTask2026Server); absent: 2025-11-25. */
  readonly dialect?: '2026-07-28';
}

export interface ScenarioResult {
  readonly client: ClientKind;
  readonly scenario: Scenario;
  /** Tasks whose final result reached the client. */
  completed: number;
  failed: number;
  /** Tasks still open at the deadline. */
  unfinished: number;
  /** A few failure messages, for the report. */
  failures: string[];
  /** Requests the server received during the run, by method. */
  requests: Record<string, number>;
  statusNotificationsSent: number;
  /** Per task: client knew the final result − server stored it (ms). */
  latenciesMs: number[];
  wallMs: number;
  cpuMs: number;
  /** From the moment every task was created to the end: the cost of following tasks. */
  trackingWallMs: number;
  trackingCpuMs: number;
  /**
   * Voluntary context switches of this process during the run: roughly how often it went to sleep
   * and was woken by I/O or a timer. Client CPU follows wake-ups more than requests.
   */
  wakeups: number;
  /** Process warnings emitted during the run (e.g. MaxListenersExceededWarning), with counts. */
  warnings: Record<string, number>;
}

export function emptyResult(client: ClientKind, scenario: Scenario): ScenarioResult {
  return {
    client, scenario, completed: 0, failed: 0, unfinished: 0, failures: [], requests: {}, statusNotificationsSent: 0,
    latenciesMs: [], wallMs: 0, cpuMs: 0, trackingWallMs: 0, trackingCpuMs: 0, wakeups: 0, warnings: {},
  };
}

/** The compiled bench server and its arguments for a scenario. */
export function benchServerCommand(scenario: Scenario): { command: string; args: string[] } {
  return {
    command: process.execPath,
    args: [
      path.join(__dirname, '..', scenario.dialect === '2026-07-28' ? 'benchTask2026Server.js' : 'benchTaskServer.js'),
      scenario.notify ? '--notify' : '--no-notify',
      `--poll-interval=${scenario.pollIntervalMs}`,
    ],
  };
}

/** Whatever calls a tool on the bench server: an SDK Client, or a 2026 session's link. */
export interface ToolCaller {
  callTool(call: { name: string; arguments: Record<string, unknown> }): Promise<unknown>;
}

export async function readServerStats(caller: ToolCaller, reset: boolean): Promise<BenchServerStats> {
  const result = await caller.callTool({ name: STATS_TOOL, arguments: { reset } }) as CallToolResult;
  const first = result.content[0];
  if (!first || first.type !== 'text') throw new Error(`${STATS_TOOL} returned no text`);
  return JSON.parse(first.text) as BenchServerStats;
}

/** Milliseconds on the same clock the server stamps completions with. */
export function nowEpochMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Completion-detection latency for a final result of sleep_task, or a reason it has none. */
export function latencyOf(result: unknown, knownAt: number): number | string {
  const content = (result as Partial<CallToolResult> | undefined)?.content;
  const first = Array.isArray(content) ? content[0] : undefined;
  if (!first || first.type !== 'text') return 'the result has no text content';
  try {
    const payload = JSON.parse(first.text) as Partial<BenchTaskPayload>;
    if (typeof payload.completedAt !== 'number') return 'the result carries no completedAt';
    return knownAt - payload.completedAt;
  } catch {
    return `the result is not the bench payload: ${first.text.slice(0, 80)}`;
  }
}

/** Wall time and this process's CPU time (user + system) from start, with a mark when creation ended. */
export class CpuWindow {
  private readonly startWall = performance.now();
  private readonly startCpu = process.cpuUsage();
  private readonly startSwitches = process.resourceUsage().voluntaryContextSwitches;
  private createdWall: number | undefined;
  private createdCpu: NodeJS.CpuUsage | undefined;

  markCreated(): void {
    this.createdWall = performance.now();
    this.createdCpu = process.cpuUsage();
  }

  stopInto(result: ScenarioResult): void {
    const wall = performance.now();
    const cpu = process.cpuUsage(this.startCpu);
    result.wallMs = wall - this.startWall;
    result.cpuMs = (cpu.user + cpu.system) / 1000;
    result.wakeups = process.resourceUsage().voluntaryContextSwitches - this.startSwitches;
    if (this.createdWall !== undefined && this.createdCpu) {
      const tracking = process.cpuUsage(this.createdCpu);
      result.trackingWallMs = wall - this.createdWall;
      result.trackingCpuMs = (tracking.user + tracking.system) / 1000;
    }
  }
}

/** Counts process warnings by name and message head while a scenario runs; Node still prints them. */
export function collectWarnings(into: Record<string, number>): () => void {
  const onWarning = (warning: Error) => {
    // Numbers vary between occurrences; the advice sentence adds nothing to the report.
    const head = `${warning.name}: ${warning.message.replace(/\d+/g, 'N').split('. Use ')[0]!.slice(0, 160)}`;
    into[head] = (into[head] ?? 0) + 1;
  };
  process.on('warning', onWarning);
  return () => { process.off('warning', onWarning); };
}

export function noteFailure(result: ScenarioResult, message: string): void {
  result.failed++;
  if (result.failures.length < 5) result.failures.push(message);
}

/** Resolves when `done()` turns true (checked on every `check()` call) or the deadline passes. */
export class Completion {
  private resolve: (() => void) | undefined;
  readonly promise: Promise<boolean>;
  private timer: NodeJS.Timeout | undefined;

  constructor(deadlineMs: number, private readonly done: () => boolean) {
    this.promise = new Promise<boolean>((resolve) => {
      this.timer = setTimeout(() => resolve(false), deadlineMs);
      this.resolve = () => resolve(true);
    });
  }

  check(): void {
    if (this.done()) {
      clearTimeout(this.timer);
      this.resolve?.();
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
