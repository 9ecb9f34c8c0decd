/** Runs one load scenario through the product's task engine over a real stdio server connection. */
import { MemoryTaskRecordStore } from '../../src/core/ledger/memoryStore';
import type { TaskRecordStore } from '../../src/core/model/recordStore';
import { ServerConnection } from '../../src/core/servers/serverConnection';
import type { TaskEngineSettings } from '../../src/core/tasks/engineSettings';
import { TaskEngine } from '../../src/core/tasks/taskEngine';
import { isTerminalStatus } from '../../src/core/model/taskRecord';
import { BENCH_TOOL } from '../benchTaskServer';
import { OneServer, TallyLogger } from './engineHost';
import type { ServerSession } from '../../src/core/servers/types';
import {
  benchServerCommand, collectWarnings, Completion, CpuWindow, emptyResult, latencyOf, noteFailure, nowEpochMs,
  readServerStats, type Scenario, type ScenarioResult, type ToolCaller,
} from './loadScenario';

const SERVER_ID = 'bench';

export interface EngineRunOutcome {
  result: ScenarioResult;
  /** What the engine's logger reported (warnings/errors), for the report. */
  logProblems: string[];
}

export async function runEngineScenario(scenario: Scenario, settings?: Partial<TaskEngineSettings>, store: TaskRecordStore = new MemoryTaskRecordStore()): Promise<EngineRunOutcome> {
  const result = emptyResult('engine', scenario);
  const logger = new TallyLogger();
  const { command, args } = benchServerCommand(scenario);
  const connection = new ServerConnection({
    id: SERVER_ID, label: 'bench', logger, restart: { maxAttempts: 0 },
    definition: { type: 'stdio', command, args, env: {} },
  });
  const engine = new TaskEngine({ servers: new OneServer(connection), store, logger, settings });
  const stopWarnings = collectWarnings(result.warnings);
  const finished = new Set<string>();
  let rejected = 0;
  const completion = new Completion(scenario.deadlineMs, () => finished.size + rejected >= scenario.tasks);
  const subscription = engine.onDidChangeTask((record) => {
    if (!isTerminalStatus(record.status) || finished.has(record.key)) return;
    const knownAt = nowEpochMs();
    finished.add(record.key);
    if (record.status !== 'completed') {
      noteFailure(result, `${record.status}: ${record.error?.message ?? 'no message'}`);
    } else {
      const latency = latencyOf(record.result?.kind === 'inline' ? record.result.value : undefined, knownAt);
      if (typeof latency === 'number') { result.completed++; result.latenciesMs.push(latency); }
      else noteFailure(result, latency);
    }
    completion.check();
  });
  try {
    const session = await connection.connect();
    await readServerStats(statsCaller(session), true);
    const window = new CpuWindow();
    const calls = await Promise.allSettled(scenario.durationsMs.map((ms) => engine.call(SERVER_ID, BENCH_TOOL, { ms }, { mode: 'task' })));
    window.markCreated();
    for (const call of calls) {
      if (call.status !== 'rejected') continue;
      rejected++;
      noteFailure(result, `call failed: ${call.reason instanceof Error ? call.reason.message : String(call.reason)}`);
    }
    completion.check();
    await completion.promise;
    window.stopInto(result);
    result.unfinished = scenario.tasks - finished.size - rejected;
    const stats = await readServerStats(statsCaller(session), false);
    result.requests = stats.requests;
    result.statusNotificationsSent = stats.statusNotificationsSent;
  } finally {
    completion.dispose();
    subscription.dispose();
    stopWarnings();
    engine.dispose();
    await connection.stop('benchmark done');
    connection.dispose();
  }
  return { result, logProblems: logger.problems };
}

function statsCaller(session: ServerSession): ToolCaller {
  return session.dialect === '2026-07-28' ? session.link : session.client;
}
