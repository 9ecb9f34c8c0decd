/**
 * Through the background task host: the same tasks (100 and 1,000 at once; 1–10 s each, seeded)
 * on the notifying bench server, run by an engine in this process and by the task host with this
 * process attached as a client. Shows what the channel adds between a server's status
 * notification and the client's model, the CPU on each side, and the host's idle CPU.
 *
 *   node out/bench/hostChannel.js [--tasks=100,1000] [--seed=1686] [--out=FILE]
 *
 * MCP_BENCH_HOST_PROFILE=DIR writes a CPU profile of each host process into DIR.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileTaskLedger } from '../src/core/ledger/fileTaskLedger';
import { runEngineScenario } from './support/engineLoadRun';
import { runHostScenario } from './support/hostLoadRun';
import type { Scenario, ScenarioResult } from './support/loadScenario';
import { requestsPerTask } from './support/resultTable';
import { median, percentile } from './support/sampleStats';
import { option } from './support/benchOptions';
import { seededDurations } from './support/seededDurations';

const MIN_MS = 1_000;
const MAX_MS = 10_000;
const POLL_INTERVAL_MS = 1_000;
const DEADLINE_SLACK_MS = 60_000;

const ms = (value: number | undefined) => (value === undefined ? '–' : value.toFixed(1));

function row(label: string, r: ScenarioResult, engineCpuMs: number, clientCpuMs: number | undefined, channel: number[] | undefined): string {
  return `| ${label} | ${r.scenario.tasks} | ${r.completed}/${r.scenario.tasks} | ${ms(median(r.latenciesMs))} / ${ms(percentile(r.latenciesMs, 95))} | ${channel ? `${ms(median(channel))} / ${ms(percentile(channel, 95))}` : '–'} | ${engineCpuMs.toFixed(0)} | ${clientCpuMs === undefined ? '–' : clientCpuMs.toFixed(0)} | ${requestsPerTask(r).toFixed(2)} |`;
}

async function main(): Promise<void> {
  const counts = option('tasks', '100,1000').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
  const seed = Number(option('seed', '1686'));
  const outFile = path.resolve(option('out', path.join(__dirname, '..', '..', 'bench', 'results', 'host-latest.md')));
  const lines = [
    `# Task host channel`,
    '',
    `${new Date().toISOString()}, Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}; notifying bench server over stdio, durations uniform ${MIN_MS / 1000}–${MAX_MS / 1000} s (seed ${seed}), pollInterval ${POLL_INTERVAL_MS} ms`,
    '',
    '| run | tasks | completed | completion noticed, median / p95 ms | channel added, median / p95 ms | engine CPU ms | client CPU ms | requests/task |',
    '|---|---|---|---|---|---|---|---|',
  ];
  const idle: number[] = [];
  for (const tasks of counts) {
    const durationsMs = seededDurations(tasks, MIN_MS, MAX_MS, seed);
    const scenario: Scenario = { tasks, notify: true, durationsMs, pollIntervalMs: POLL_INTERVAL_MS, deadlineMs: MAX_MS + DEADLINE_SLACK_MS };
    const local = await runEngineScenario(scenario);
    lines.push(row('engine in this process, records in memory', local.result, local.result.cpuMs, undefined, undefined));
    const ledgerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-tasks-bench-ledger-'));
    const ledger = await FileTaskLedger.open({ dir: ledgerDir });
    const persisted = await runEngineScenario(scenario, undefined, ledger);
    await ledger.dispose();
    fs.rmSync(ledgerDir, { recursive: true, force: true });
    lines.push(row('engine in this process, file ledger (the window without a host)', persisted.result, persisted.result.cpuMs, undefined, undefined));
    const hosted = await runHostScenario(scenario);
    lines.push(row('task host (file ledger) + attached client', hosted.result, hosted.hostCpuMs, hosted.result.cpuMs, hosted.channelMs));
    idle.push(hosted.idleCpuMsPerSecond);
    for (const failure of [...local.result.failures, ...persisted.result.failures, ...hosted.result.failures]) lines.push(`\nfailure: ${failure}`);
  }
  lines.push('', `Host idle with one client attached and nothing live: ${idle.map((v) => `${v.toFixed(2)} ms CPU/s`).join(', ')} (after each host run, 10 s window).`);
  const text = lines.join('\n');
  console.log(text);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, `${text}\n`);
}

main().then(() => process.exit(0), (err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});
