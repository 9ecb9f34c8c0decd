/**
 * The least a client can do for tasks whose server announces completion: create each task, and
 * when its completed notification arrives, fetch the result (tasks/result). No polling, no
 * records, no events: a bare SDK Client. Its CPU is what the SDK's own message handling costs for
 * the requests and notifications no client can avoid, a floor under any client built on the SDK.
 * It only makes sense with a notifying server (without one, it would never learn of the end).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import * as z from 'zod';
import { BENCH_TOOL } from '../benchTaskServer';
import {
  benchServerCommand, collectWarnings, Completion, CpuWindow, emptyResult, latencyOf, noteFailure, nowEpochMs,
  readServerStats, type Scenario, type ScenarioResult,
} from './loadScenario';

const TASK_TTL_MS = 300_000;
const NO_TIMEOUT_MS = 2_147_483_647;
const AnyResult = z.looseObject({});
const StatusNotification = z.object({
  method: z.literal('notifications/tasks/status'),
  params: z.looseObject({ taskId: z.string(), status: z.string() }),
});

export async function runFloorScenario(scenario: Scenario): Promise<ScenarioResult> {
  const result = emptyResult('floor', scenario);
  const { command, args } = benchServerCommand(scenario);
  const client = new Client({ name: 'bench-sdk-floor', version: '1.0.0' }, { capabilities: {} });
  const stopWarnings = collectWarnings(result.warnings);
  let settled = 0;
  const completion = new Completion(scenario.deadlineMs, () => settled >= scenario.tasks);
  const fetched = new Set<string>();

  client.setNotificationHandler(StatusNotification, (notification) => {
    const { taskId, status } = notification.params;
    if (status !== 'completed' || fetched.has(taskId)) return;
    fetched.add(taskId);
    client.request({ method: 'tasks/result', params: { taskId } }, AnyResult, { timeout: NO_TIMEOUT_MS }).then(
      (value) => {
        const latency = latencyOf(value, nowEpochMs());
        if (typeof latency === 'number') { result.completed++; result.latenciesMs.push(latency); } else noteFailure(result, latency);
      },
      (err: unknown) => noteFailure(result, `tasks/result failed: ${err instanceof Error ? err.message : String(err)}`),
    ).finally(() => { settled++; completion.check(); });
  });

  try {
    await client.connect(new StdioClientTransport({ command, args, stderr: 'ignore' }));
    await readServerStats(client, true);
    const window = new CpuWindow();
    const creations = await Promise.allSettled(scenario.durationsMs.map((ms) => client.request(
      { method: 'tools/call', params: { name: BENCH_TOOL, arguments: { ms }, task: { ttl: TASK_TTL_MS } } }, AnyResult,
    )));
    window.markCreated();
    for (const c of creations) {
      if (c.status === 'fulfilled') continue;
      noteFailure(result, `creation failed: ${c.reason instanceof Error ? c.reason.message : String(c.reason)}`);
      settled++;
    }
    completion.check();
    await completion.promise;
    window.stopInto(result);
    result.unfinished = scenario.tasks - settled;
    const stats = await readServerStats(client, false);
    result.requests = stats.requests;
    result.statusNotificationsSent = stats.statusNotificationsSent;
  } catch (err) {
    noteFailure(result, `run failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    completion.dispose();
    stopWarnings();
    await client.close().catch(() => undefined);
  }
  return result;
}
