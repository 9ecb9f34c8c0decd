/**
 * Runs one load scenario through the background task host: a host process of its own (compiled
 * from src/host), the benchmark client attached over the channel as a window would be, the bench
 * server a stdio child of the host. Measures what the channel adds on the way from the server to
 * the client, and the host process's CPU beside the client's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HostClient } from '../../src/channel/hostClient';
import { hostPaths } from '../../src/channel/hostPaths';
import { isTerminalStatus, type TaskRecord } from '../../src/core/model/taskRecord';
import { BENCH_TOOL, STATS_TOOL, type BenchServerStats } from '../benchTaskServer';
import {
  benchServerCommand, collectWarnings, Completion, CpuWindow, emptyResult, latencyOf, noteFailure, nowEpochMs,
  type Scenario, type ScenarioResult,
} from './loadScenario';

export interface HostRunOutcome {
  result: ScenarioResult;
  /** Per task: the client had the final record − the host stored it (ms; the channel's share). */
  channelMs: number[];
  /** CPU of the host process (engine, server connection, channel) over the run. */
  hostCpuMs: number;
  /** Host CPU while idle with the client attached, per second. */
  idleCpuMsPerSecond: number;
}

const IDLE_WINDOW_MS = 10_000;

export async function runHostScenario(scenario: Scenario): Promise<HostRunOutcome> {
  const result = emptyResult('engine', scenario);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-tasks-bench-host-'));
  const host = await startHost(home);
  const client = await HostClient.connect({
    paths: hostPaths(home),
    hello: { client: { kind: 'window', pid: process.pid, label: 'bench' }, watch: 'all' },
  });
  const stopWarnings = collectWarnings(result.warnings);
  const channelMs: number[] = [];
  const finished = new Set<string>();
  let rejected = 0;
  const completion = new Completion(scenario.deadlineMs, () => finished.size + rejected >= scenario.tasks);
  const toolKeys = new Set<string>();
  const subscription = client.onDidChangeTask((record) => {
    if (!isTerminalStatus(record.status) || finished.has(record.key) || record.tool !== BENCH_TOOL) return;
    const knownAt = nowEpochMs();
    channelMs.push(Date.now() - record.updatedAt);
    finished.add(record.key);
    if (record.status !== 'completed') noteFailure(result, `${record.status}: ${record.error?.message ?? 'no message'}`);
    else {
      const latency = latencyOf(record.result?.kind === 'inline' ? record.result.value : undefined, knownAt);
      if (typeof latency === 'number') { result.completed++; result.latenciesMs.push(latency); } else noteFailure(result, latency);
    }
    completion.check();
  });
  try {
    const { command, args } = benchServerCommand(scenario);
    const server = await client.connectServer({ label: 'bench', definition: { type: 'stdio', command, args, env: {} } });
    await serverStats(client, server.serverId, true);
    const hostCpuBefore = processCpuMs(host.pid!);
    const window = new CpuWindow();
    const calls = await Promise.allSettled(scenario.durationsMs.map((ms) => client.call({ serverId: server.serverId, tool: BENCH_TOOL, args: { ms }, mode: 'task' })));
    window.markCreated();
    for (const call of calls) {
      if (call.status === 'fulfilled') toolKeys.add(call.value.key);
      else { rejected++; noteFailure(result, `call failed: ${call.reason instanceof Error ? call.reason.message : String(call.reason)}`); }
    }
    completion.check();
    await completion.promise;
    window.stopInto(result);
    const hostCpuMs = processCpuMs(host.pid!) - hostCpuBefore;
    result.unfinished = scenario.tasks - finished.size - rejected;
    const stats = await serverStats(client, server.serverId, false);
    result.requests = stats.requests;
    result.statusNotificationsSent = stats.statusNotificationsSent;
    const idleBefore = processCpuMs(host.pid!);
    await new Promise((resolve) => setTimeout(resolve, IDLE_WINDOW_MS));
    const idleCpuMsPerSecond = (processCpuMs(host.pid!) - idleBefore) / (IDLE_WINDOW_MS / 1000);
    return { result, channelMs, hostCpuMs, idleCpuMsPerSecond };
  } finally {
    completion.dispose();
    subscription.dispose();
    stopWarnings();
    await client.stop().catch(() => undefined);
    client.dispose();
    await new Promise((resolve) => { if (host.exitCode !== null) resolve(undefined); else host.once('exit', resolve); });
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** The bench server's request counts, through a plain call the host runs. */
async function serverStats(client: HostClient, serverId: string, reset: boolean): Promise<BenchServerStats> {
  const started = await client.call({ serverId, tool: STATS_TOOL, args: { reset }, mode: 'plain' });
  const final = isTerminalStatus(started.status) ? started : await new Promise<TaskRecord>((resolve) => {
    const sub = client.onDidChangeTask((record) => {
      if (record.key === started.key && isTerminalStatus(record.status)) { sub.dispose(); resolve(record); }
    });
  });
  const value = final.result?.kind === 'inline' ? final.result.value as { content?: { type: string; text?: string }[] } : undefined;
  const text = value?.content?.[0]?.text;
  if (!text) throw new Error(`${STATS_TOOL} returned no text (${final.status}: ${final.error?.message ?? ''})`);
  return JSON.parse(text) as BenchServerStats;
}

function startHost(home: string): Promise<ChildProcess> {
  const script = path.join(__dirname, '..', '..', 'src', 'host', 'main.js');
  const child = spawn(process.execPath, [...(process.env.MCP_BENCH_HOST_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.MCP_BENCH_HOST_PROFILE}`] : []), script, '--home', home, '--quiet-ms', '600000'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => {
      const line = chunk.toString().trim();
      if (line === 'ready') resolve(child); else reject(new Error(`the host said: ${line}`));
    });
    child.once('exit', (code) => reject(new Error(`the host exited (${code}) before it was ready`)));
  });
}

/** User + system CPU of a process so far, from /proc (Linux), in ms. */
function processCpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}
