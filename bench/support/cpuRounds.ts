/**
 * The engine's CPU against the SDK minimum, measured in several rounds on the same tasks. One run
 * of each client is not enough to compare them: on this kind of machine the CPU of one 1,000-task
 * run varies by ±15 % between identical runs, and the first runs after start-up still pay V8's
 * optimizing compiler for code paths the warm-up did not make hot. Each client runs in a process
 * of its own (cpuRoundChild.ts), warmed up once; the rounds alternate which client goes first
 * (engine–floor, floor–engine, …) so a drift of the machine falls on both, and the verdict is
 * taken on the median of the per-round ratios.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { TaskEngineSettings } from '../../src/core/tasks/engineSettings';
import type { FromChild, RoundClient, ToChild } from './cpuRoundChild';
import type { Scenario, ScenarioResult } from './loadScenario';
import { middle } from './sampleStats';

/** The issue-level target: the engine's CPU at most this many times the SDK minimum's. */
export const CPU_RATIO_TARGET = 1.5;

export interface CpuRound {
  engine: ScenarioResult;
  floor: ScenarioResult;
  engineFirst: boolean;
}

export interface CpuRoundsPlan {
  scenario: Scenario;
  rounds: number;
  /** Run once by each client's process before the rounds, unrecorded. */
  warmup: Scenario;
  settings: Partial<TaskEngineSettings>;
}

/** A client's process, asked one thing at a time. */
class RoundProcess {
  private readonly child: ChildProcess;
  private waiting: ((message: FromChild) => void) | undefined;
  /** Why the process can no longer answer, once it cannot. */
  private gone: string | undefined;

  constructor(client: RoundClient) {
    this.child = fork(path.join(__dirname, 'cpuRoundChild.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (message: FromChild) => this.answer(message));
    this.child.on('exit', (code, signal) => this.end(`the ${client} process exited (${signal ?? `code ${code}`})`));
    this.child.on('error', (err) => this.end(`the ${client} process failed: ${err.message}`));
  }

  ask(message: ToChild): Promise<FromChild> {
    return new Promise((resolve) => {
      if (this.gone !== undefined) {
        resolve({ kind: 'error', message: this.gone });
        return;
      }
      this.waiting = resolve;
      this.child.send(message);
    });
  }

  private answer(message: FromChild): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(message);
  }

  private end(why: string): void {
    this.gone ??= why;
    this.answer({ kind: 'error', message: this.gone });
  }

  async run(scenario: Scenario): Promise<ScenarioResult> {
    const answer = await this.ask({ kind: 'run', scenario });
    if (answer.kind !== 'result') throw new Error(answer.kind === 'error' ? answer.message : 'no result from the round process');
    return answer.result;
  }

  stop(): void {
    if (this.gone === undefined && this.child.connected) this.child.send({ kind: 'exit' } satisfies ToChild);
  }
}

export async function runCpuRounds(plan: CpuRoundsPlan, progress: (line: string) => void): Promise<CpuRound[]> {
  const processes = new Map<RoundClient, RoundProcess>();
  try {
    for (const client of ['engine', 'floor'] as const) {
      progress(`CPU rounds: starting and warming up the ${client === 'engine' ? 'engine' : 'SDK minimum'} process…`);
      const proc = new RoundProcess(client);
      processes.set(client, proc);
      const answer = await proc.ask({ kind: 'warm-up', client, scenario: plan.warmup, settings: plan.settings });
      if (answer.kind !== 'ready') throw new Error(answer.kind === 'error' ? answer.message : `the ${client} process did not warm up`);
    }
    const engine = processes.get('engine')!;
    const floor = processes.get('floor')!;
    const out: CpuRound[] = [];
    for (let i = 0; i < plan.rounds; i++) {
      const engineFirst = i % 2 === 0;
      progress(`CPU round ${i + 1}/${plan.rounds}: ${engineFirst ? 'engine, then SDK minimum' : 'SDK minimum, then engine'}…`);
      if (engineFirst) {
        const e = await engine.run(plan.scenario);
        out.push({ engine: e, floor: await floor.run(plan.scenario), engineFirst });
      } else {
        const f = await floor.run(plan.scenario);
        out.push({ engine: await engine.run(plan.scenario), floor: f, engineFirst });
      }
    }
    return out;
  } finally {
    for (const proc of processes.values()) proc.stop();
  }
}

function ratioOf(round: CpuRound): number {
  return round.floor.cpuMs > 0 ? round.engine.cpuMs / round.floor.cpuMs : Number.POSITIVE_INFINITY;
}

function complete(r: ScenarioResult): boolean {
  return r.completed === r.scenario.tasks && r.failed === 0;
}

export function cpuRoundsSection(rounds: readonly CpuRound[]): string[] {
  if (rounds.length === 0) return [];
  const s = rounds[0]!.engine.scenario;
  const out = [
    `## CPU against the SDK minimum, ${rounds.length} rounds (server notifies, ${s.tasks} tasks)`, '',
    'The same tasks through the engine and through the SDK minimum, each client in a process of its own (warmed up once), alternating which runs first. Each cell is one run\'s client CPU (user + system, all threads of that process) from the first creation to the last result.', '',
    '| round | order | engine CPU ms | SDK minimum CPU ms | engine ÷ minimum | all completed |',
    '|---|---|---|---|---|---|',
  ];
  rounds.forEach((round, i) => {
    out.push(`| ${i + 1} | ${round.engineFirst ? 'engine first' : 'minimum first'} | ${round.engine.cpuMs.toFixed(0)} | ${round.floor.cpuMs.toFixed(0)} | ${ratioOf(round).toFixed(2)}× | ${complete(round.engine) && complete(round.floor) ? 'yes' : '**no**'} |`);
  });
  const ratios = rounds.map(ratioOf);
  const mid = middle(ratios);
  const allComplete = rounds.every((r) => complete(r.engine) && complete(r.floor));
  out.push(
    '',
    `- median engine CPU ${middle(rounds.map((r) => r.engine.cpuMs)).toFixed(0)} ms, median SDK minimum ${middle(rounds.map((r) => r.floor.cpuMs)).toFixed(0)} ms; per-round ratios ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×.`,
    `- target: median ratio ≤ ${CPU_RATIO_TARGET}× with every task completed: ${mid.toFixed(2)}×, ${mid <= CPU_RATIO_TARGET && allComplete ? 'met' : '**not met**'}.`,
  );
  rounds.forEach((round, i) => {
    for (const r of [round.engine, round.floor]) {
      const who = r.client === 'engine' ? 'engine' : 'SDK minimum';
      for (const failure of r.failures) out.push(`- round ${i + 1}, ${who}: ${failure}`);
      for (const [head, count] of Object.entries(r.warnings)) out.push(`- round ${i + 1}, ${who}: ${count}× ${head}`);
    }
  });
  out.push('');
  return out;
}
