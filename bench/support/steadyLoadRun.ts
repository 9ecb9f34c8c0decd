/**
 * Steady state: many long tasks that do not end during the measurement, so the window shows what
 * merely following them costs (polls, timers), without the creation burst or the completions.
 * The servers are stopped at the end of the window; the tasks are abandoned with them.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { MemoryTaskRecordStore } from '../../src/core/ledger/memoryStore';
import { ServerConnection } from '../../src/core/servers/serverConnection';
import type { TaskEngineSettings } from '../../src/core/tasks/engineSettings';
import { TaskEngine } from '../../src/core/tasks/taskEngine';
import { BENCH_TOOL } from '../benchTaskServer';
import { OneServer, TallyLogger } from './engineHost';
import { benchServerCommand, collectWarnings, readServerStats, type ClientKind, type Scenario } from './loadScenario';
import { legacyClient } from '../../src/core/servers/types';

export interface SteadyScenario {
  readonly tasks: number;
  /** Longer than settle + window, so nothing completes while measuring. */
  readonly taskMs: number;
  /** After every task was created: let the creation burst and its first polls pass. */
  readonly settleMs: number;
  readonly windowMs: number;
  readonly pollIntervalMs: number;
}

export interface SteadyResult {
  readonly client: ClientKind;
  readonly scenario: SteadyScenario;
  created: number;
  /** Requests the server received during the window, by method. */
  requests: Record<string, number>;
  wallMs: number;
  cpuMs: number;
  wakeups: number;
  warnings: Record<string, number>;
  problems: string[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function serverScenario(s: SteadyScenario): Scenario {
  return { tasks: s.tasks, notify: true, durationsMs: [], deadlineMs: 0, pollIntervalMs: s.pollIntervalMs };
}

/** Resets the server's counts, measures this process over the window, and reads the counts back. */
async function measureWindow(client: Client, result: SteadyResult): Promise<void> {
  await readServerStats(client, true);
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const switches = process.resourceUsage().voluntaryContextSwitches;
  await sleep(result.scenario.windowMs);
  const used = process.cpuUsage(cpu);
  result.cpuMs = (used.user + used.system) / 1000;
  result.wallMs = performance.now() - wall;
  result.wakeups = process.resourceUsage().voluntaryContextSwitches - switches;
  result.requests = (await readServerStats(client, false)).requests;
}

function emptySteady(client: ClientKind, scenario: SteadyScenario): SteadyResult {
  return { client, scenario, created: 0, requests: {}, wallMs: 0, cpuMs: 0, wakeups: 0, warnings: {}, problems: [] };
}

export async function runEngineSteady(scenario: SteadyScenario, settings?: Partial<TaskEngineSettings>): Promise<SteadyResult> {
  const result = emptySteady('engine', scenario);
  const logger = new TallyLogger();
  const { command, args } = benchServerCommand(serverScenario(scenario));
  const connection = new ServerConnection({
    id: 'bench', label: 'bench', logger, restart: { maxAttempts: 0 }, definition: { type: 'stdio', command, args, env: {} },
  });
  const engine = new TaskEngine({ servers: new OneServer(connection), store: new MemoryTaskRecordStore(), logger, settings });
  const stopWarnings = collectWarnings(result.warnings);
  try {
    const session = await connection.connect();
    const calls = await Promise.allSettled(Array.from({ length: scenario.tasks }, () => engine.call('bench', BENCH_TOOL, { ms: scenario.taskMs }, { mode: 'task' })));
    result.created = calls.filter((c) => c.status === 'fulfilled').length;
    await sleep(scenario.settleMs);
    await measureWindow(legacyClient(session)!, result);
  } catch (err) {
    result.problems.push(`run failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    stopWarnings();
    engine.dispose();
    await connection.stop('benchmark done');
    connection.dispose();
    result.problems.push(...logger.problems);
  }
  return result;
}

export async function runSdkSteady(scenario: SteadyScenario): Promise<SteadyResult> {
  const result = emptySteady('sdk', scenario);
  const { command, args } = benchServerCommand(serverScenario(scenario));
  const client = new Client({ name: 'bench-sdk-reference', version: '1.0.0' }, { capabilities: {} });
  const stopWarnings = collectWarnings(result.warnings);
  let closing = false;
  let allCreated: () => void = () => undefined;
  const created = new Promise<void>((resolve) => { allCreated = resolve; });
  const consume = async (): Promise<void> => {
    try {
      const stream = client.experimental.tasks.callToolStream(
        { name: BENCH_TOOL, arguments: { ms: scenario.taskMs } }, CallToolResultSchema, { task: { ttl: 300_000 } },
      );
      for await (const message of stream) {
        if (message.type === 'taskCreated' && ++result.created === scenario.tasks) allCreated();
        if (message.type === 'error' && !closing && result.problems.length < 5) result.problems.push(`stream error: ${message.error.message}`);
      }
    } catch (err) {
      if (!closing && result.problems.length < 5) result.problems.push(`stream threw: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  let runs: Promise<void>[] = [];
  try {
    await client.connect(new StdioClientTransport({ command, args, stderr: 'ignore' }));
    await client.listTools();
    runs = Array.from({ length: scenario.tasks }, () => consume());
    const createdInTime = await Promise.race([created.then(() => true), sleep(60_000).then(() => false)]);
    if (!createdInTime) throw new Error(`only ${result.created} of ${scenario.tasks} tasks were created within 60 s`);
    await sleep(scenario.settleMs);
    await measureWindow(client, result);
  } catch (err) {
    result.problems.push(`run failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    stopWarnings();
    closing = true;
    await client.close().catch(() => undefined);
    // Streams end with "connection closed" once their next request fails; do not wait for ever.
    await Promise.race([Promise.all(runs), sleep(5_000)]);
  }
  return result;
}
