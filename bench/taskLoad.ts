/**
 * Task load: the same tasks (1, 100, 1,000 at once; 1–10 s each, seeded) against a server that
 * sends status notifications and one that does not, through the task engine and through the
 * SDK's callToolStream loop. Prints a Markdown table and writes it to bench/results/latest.md.
 *
 *   node out/bench/taskLoad.js [--tasks=1,100,1000] [--clients=engine,sdk,floor] [--servers=notify,silent] [--modern=yes|no]
 *                              [--steady=1000] [--seed=1686] [--latency-seeds=5] [--warmup=1000] [--cpu-rounds=7] [--out=FILE] [--engine-settings=JSON]
 * --steady=N adds a steady-state measurement with N long tasks (0 skips it).
 * --latency-seeds=N repeats 100 tasks on the silent server with N more seeds (engine and SDK) and
 * compares the pooled detection latencies: one seed's median mostly shows where the polls happen
 * to fall relative to that seed's completions (0 skips it).
 * --warmup=N runs N short tasks through every client first, unrecorded (default 1000; 0 skips it).
 * --cpu-rounds=N compares the engine's CPU with the SDK minimum's over N rounds of the largest task
 * count on the notifying server, each client in a process of its own, alternating which runs first
 * (default 7; 0 skips it; needs both clients and the notifying server).
 * --modern=yes (default) also runs the engine on the same tasks against a server of MCP 2026-07-28
 * with the tasks extension (benchTask2026Server), reported in a section of its own.
 * --engine-settings overrides TaskEngine settings (e.g. '{"maxRequestsPerSecond":2000}') to see a tuning's effect.
 * The floor client (a bare SDK Client that only fetches results on completion notifications) runs
 * with notifying servers only: it shows what the unavoidable messages cost before any tracking.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TaskEngineSettings } from '../src/core/tasks/engineSettings';
import { runEngineScenario } from './support/engineLoadRun';
import { runFloorScenario } from './support/floorLoadRun';
import type { ClientKind, Scenario, ScenarioResult } from './support/loadScenario';
import { option } from './support/benchOptions';
import { runCpuRounds, type CpuRound } from './support/cpuRounds';
import { renderReport } from './support/resultTable';
import { runSdkScenario } from './support/sdkStreamLoadRun';
import { seededDurations } from './support/seededDurations';
import { runEngineSteady, runSdkSteady, type SteadyResult, type SteadyScenario } from './support/steadyLoadRun';

const MIN_MS = 1_000;
const MAX_MS = 10_000;
const POLL_INTERVAL_MS = 1_000;
/** Tasks per run when latencies are pooled over several seeds. */
const POOLED_TASKS = 100;
/** Short tasks every client runs once, unrecorded, before anything is measured (--warmup=0 skips it). */
const WARMUP_TASKS = 1000;
/** Beyond the longest task: time to create, notice and fetch before a scenario is given up. */
const DEADLINE_SLACK_MS = 60_000;

async function main(): Promise<void> {
  const counts = option('tasks', '1,100,1000').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0); // --tasks=0: steady state only
  const clients = option('clients', 'engine,sdk,floor').split(',').filter((c): c is ClientKind => c === 'engine' || c === 'sdk' || c === 'floor');
  const servers = option('servers', 'notify,silent').split(',').filter((s) => s === 'notify' || s === 'silent');
  const steadyTasks = Number(option('steady', '1000'));
  const seed = Number(option('seed', '1686'));
  const latencySeeds = Number(option('latency-seeds', '5'));
  const warmupTasks = Number(option('warmup', String(WARMUP_TASKS)));
  const cpuRounds = Number(option('cpu-rounds', '7'));
  const engineSettings = JSON.parse(option('engine-settings', '{}')) as Partial<TaskEngineSettings>;
  const modern = option('modern', 'yes') === 'yes' && clients.includes('engine');
  const outFile = path.resolve(option('out', path.join(__dirname, '..', '..', 'bench', 'results', 'latest.md')));
  if ((counts.length === 0 || servers.length === 0) && steadyTasks <= 0) throw new Error('nothing to run: check --tasks, --servers and --steady');
  if (clients.length === 0) throw new Error('no client to run: --clients takes engine, sdk or both');

  const environment = [
    `${new Date().toISOString()}, Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')}`,
    `durations uniform ${MIN_MS / 1000}–${MAX_MS / 1000} s (seed ${seed}, same set for every client and server), server pollInterval ${POLL_INTERVAL_MS} ms, stdio, one server process per run, each scenario run once`,
    `engine: TaskEngine with ${Object.keys(engineSettings).length ? `settings ${JSON.stringify(engineSettings)}` : 'default settings'}, MemoryTaskRecordStore; SDK: one client.experimental.tasks.callToolStream per task, consumed to the end; SDK minimum (notifying server only): a bare SDK Client that creates the tasks and calls tasks/result when a completion notification arrives, nothing else`,
  ];
  if (warmupTasks > 0) {
    environment.push(`before measuring, every client ran ${warmupTasks} short tasks (0.2–1 s) on a notifying server, not recorded: whichever client runs first otherwise pays the JIT warm-up of the SDK, zod and the pipes for all (measured: the first client of a 1,000-task run spent 250–300 ms more CPU than when it ran second)`);
    const durationsMs = seededDurations(warmupTasks, 200, 1000, seed);
    const warmup: Scenario = { tasks: warmupTasks, notify: true, durationsMs, pollIntervalMs: POLL_INTERVAL_MS, deadlineMs: Math.max(...durationsMs) + DEADLINE_SLACK_MS };
    for (const client of clients) {
      process.stderr.write(`warming up ${client}…\n`);
      if (client === 'floor') await runFloorScenario(warmup);
      else if (client === 'engine') await runEngineScenario(warmup, engineSettings);
      else await runSdkScenario(warmup);
    }
  }
  const results: ScenarioResult[] = [];
  const notes: string[] = [];
  for (const tasks of counts) {
    const durationsMs = seededDurations(tasks, MIN_MS, MAX_MS, seed);
    for (const notify of servers.map((s) => s === 'notify')) {
      const scenario: Scenario = {
        tasks, notify, durationsMs, pollIntervalMs: POLL_INTERVAL_MS,
        deadlineMs: Math.max(...durationsMs) + DEADLINE_SLACK_MS,
      };
      for (const client of clients) {
        if (client === 'floor' && !notify) continue;
        process.stderr.write(`running ${client}, ${tasks} task(s), server ${notify ? 'notifies' : 'does not notify'}…\n`);
        if (client === 'floor') {
          results.push(await runFloorScenario(scenario));
        } else if (client === 'engine') {
          const { result, logProblems } = await runEngineScenario(scenario, engineSettings);
          results.push(result);
          for (const problem of logProblems) notes.push(`engine log (${tasks} tasks, notifies ${notify ? 'yes' : 'no'}): ${problem}`);
        } else {
          results.push(await runSdkScenario(scenario));
        }
      }
    }
  }
  const modernResults: ScenarioResult[] = [];
  for (const tasks of modern ? counts : []) {
    const durationsMs = seededDurations(tasks, MIN_MS, MAX_MS, seed);
    for (const notify of servers.map((s) => s === 'notify')) {
      const scenario: Scenario = {
        tasks, notify, durationsMs, pollIntervalMs: POLL_INTERVAL_MS, deadlineMs: Math.max(...durationsMs) + DEADLINE_SLACK_MS, dialect: '2026-07-28',
      };
      process.stderr.write(`running engine, ${tasks} task(s), 2026-07-28 server ${notify ? 'notifies' : 'does not notify'}…\n`);
      const { result, logProblems } = await runEngineScenario(scenario, engineSettings);
      modernResults.push(result);
      for (const problem of logProblems) notes.push(`engine log (2026-07-28, ${tasks} tasks, notifies ${notify ? 'yes' : 'no'}): ${problem}`);
    }
  }
  const pooled: ScenarioResult[] = [];
  if (latencySeeds > 0 && clients.includes('engine') && clients.includes('sdk')) {
    for (let i = 1; i <= latencySeeds; i++) {
      const durationsMs = seededDurations(POOLED_TASKS, MIN_MS, MAX_MS, seed + i);
      const scenario: Scenario = { tasks: POOLED_TASKS, notify: false, durationsMs, pollIntervalMs: POLL_INTERVAL_MS, deadlineMs: Math.max(...durationsMs) + DEADLINE_SLACK_MS };
      process.stderr.write(`running engine and sdk, ${POOLED_TASKS} tasks, silent server, seed ${seed + i}…\n`);
      pooled.push((await runEngineScenario(scenario, engineSettings)).result, await runSdkScenario(scenario));
    }
  }
  const rounds: CpuRound[] = [];
  const roundTasks = Math.max(0, ...counts);
  if (cpuRounds > 0 && roundTasks > 0 && clients.includes('engine') && clients.includes('floor') && servers.includes('notify')) {
    const durationsMs = seededDurations(roundTasks, MIN_MS, MAX_MS, seed);
    const scenario: Scenario = { tasks: roundTasks, notify: true, durationsMs, pollIntervalMs: POLL_INTERVAL_MS, deadlineMs: Math.max(...durationsMs) + DEADLINE_SLACK_MS };
    const warmupDurations = seededDurations(Math.max(1, warmupTasks), 200, 1000, seed);
    const warmup: Scenario = { tasks: warmupDurations.length, notify: true, durationsMs: warmupDurations, pollIntervalMs: POLL_INTERVAL_MS, deadlineMs: Math.max(...warmupDurations) + DEADLINE_SLACK_MS };
    try {
      rounds.push(...await runCpuRounds({ scenario, rounds: cpuRounds, warmup, settings: engineSettings }, (line) => process.stderr.write(`${line}\n`)));
    } catch (err) {
      // Everything measured before still makes a report.
      notes.push(`CPU rounds stopped: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const steady: SteadyResult[] = [];
  if (steadyTasks > 0) {
    const scenario: SteadyScenario = { tasks: steadyTasks, taskMs: 120_000, settleMs: 3_000, windowMs: 15_000, pollIntervalMs: POLL_INTERVAL_MS };
    for (const client of clients.filter((c) => c !== 'floor')) {
      process.stderr.write(`running ${client}, steady state with ${steadyTasks} long tasks…\n`);
      steady.push(client === 'engine' ? await runEngineSteady(scenario, engineSettings) : await runSdkSteady(scenario));
    }
  }
  environment.push(`load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')}`);
  const report = renderReport({ title: 'Task load: task engine vs the SDK\'s callToolStream', environment }, results, steady, notes, pooled, modernResults, rounds);
  process.stdout.write(`\n${report}`);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, report);
  process.stderr.write(`written to ${outFile}\n`);
}

main().then(
  // Anything still open (a stuck child, a stray timer) must not keep the benchmark alive.
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
