/**
 * Runs one load scenario the SDK's way: one `client.experimental.tasks.callToolStream` per task,
 * each consumed to the end. This is the reference the engine is compared with.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { BENCH_TOOL } from '../benchTaskServer';
import {
  benchServerCommand, collectWarnings, Completion, CpuWindow, emptyResult, latencyOf, noteFailure, nowEpochMs,
  readServerStats, type Scenario, type ScenarioResult,
} from './loadScenario';

const TASK_TTL_MS = 300_000;

export async function runSdkScenario(scenario: Scenario): Promise<ScenarioResult> {
  const result = emptyResult('sdk', scenario);
  const { command, args } = benchServerCommand(scenario);
  const transport = new StdioClientTransport({ command, args, stderr: 'pipe' });
  const stderr: string[] = [];
  transport.stderr?.on('data', (chunk: Buffer) => { if (stderr.length < 20) stderr.push(chunk.toString('utf8')); });
  const client = new Client({ name: 'bench-sdk-reference', version: '1.0.0' }, { capabilities: {} });
  const stopWarnings = collectWarnings(result.warnings);
  let settled = 0;
  const completion = new Completion(scenario.deadlineMs, () => settled >= scenario.tasks);
  let created = 0;
  let window: CpuWindow | undefined;
  const onCreated = () => { if (++created === scenario.tasks) window?.markCreated(); };

  const consume = async (ms: number): Promise<void> => {
    let final = false;
    try {
      const stream = client.experimental.tasks.callToolStream(
        { name: BENCH_TOOL, arguments: { ms } }, CallToolResultSchema, { task: { ttl: TASK_TTL_MS } },
      );
      for await (const message of stream) {
        if (message.type === 'taskCreated') onCreated();
        else if (message.type === 'result') {
          const latency = latencyOf(message.result, nowEpochMs());
          if (typeof latency === 'number') { result.completed++; result.latenciesMs.push(latency); }
          else noteFailure(result, latency);
          final = true;
        } else if (message.type === 'error') {
          noteFailure(result, `stream error: ${message.error.message}`);
          final = true;
        }
      }
      if (!final) noteFailure(result, 'the stream ended without a result');
    } catch (err) {
      noteFailure(result, `stream threw: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      settled++;
      completion.check();
    }
  };

  try {
    await client.connect(transport);
    await client.listTools(); // callToolStream only knows a tool needs a task after a listing
    await readServerStats(client, true);
    window = new CpuWindow();
    const runs = scenario.durationsMs.map((ms) => consume(ms));
    const allDone = await completion.promise;
    window.stopInto(result);
    result.unfinished = scenario.tasks - settled;
    const stats = await readServerStats(client, false);
    result.requests = stats.requests;
    result.statusNotificationsSent = stats.statusNotificationsSent;
    if (allDone) await Promise.all(runs);
  } catch (err) {
    noteFailure(result, `run failed: ${err instanceof Error ? err.message : String(err)}${stderr.length ? `; server stderr: ${stderr.join('').slice(0, 300)}` : ''}`);
  } finally {
    completion.dispose();
    stopWarnings();
    await client.close().catch(() => undefined);
  }
  return result;
}
