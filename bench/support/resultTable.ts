/** Turns scenario results into the Markdown report: one table, the targets, and what went wrong. */
import { cpuRoundsSection, type CpuRound } from './cpuRounds';
import { median, percentile } from './sampleStats';
import type { ScenarioResult } from './loadScenario';
import type { SteadyResult } from './steadyLoadRun';

/** Methods that belong to a task's life; everything else is listed as "other". */
const TASK_METHODS = ['tools/call', 'tasks/get', 'tasks/result'] as const;

export interface ReportContext {
  title: string;
  environment: string[];
}

function totalRequests(r: ScenarioResult): number {
  return Object.values(r.requests).reduce((sum, n) => sum + n, 0);
}

export function requestsPerTask(r: ScenarioResult): number {
  return totalRequests(r) / r.scenario.tasks;
}

function perTask(r: ScenarioResult, method: string): string {
  return ((r.requests[method] ?? 0) / r.scenario.tasks).toFixed(2);
}

function otherPerTask(r: ScenarioResult): string {
  const other = Object.entries(r.requests).filter(([m]) => !(TASK_METHODS as readonly string[]).includes(m)).reduce((s, [, n]) => s + n, 0);
  return (other / r.scenario.tasks).toFixed(2);
}

function ms(value: number | undefined): string {
  return value === undefined ? 'n/a' : value < 10 ? value.toFixed(1) : value.toFixed(0);
}

export function cpuPercent(cpuMs: number, wallMs: number): number {
  return wallMs > 0 ? (cpuMs / wallMs) * 100 : 0;
}

function row(r: ScenarioResult): string {
  const s = r.scenario;
  const cells = [
    s.notify ? 'yes' : 'no',
    String(s.tasks),
    clientLabel(r.client) + (s.dialect ? ` (${s.dialect})` : ''),
    `${r.completed}/${s.tasks}${r.failed ? ` (${r.failed} failed)` : ''}${r.unfinished ? ` (${r.unfinished} open)` : ''}`,
    requestsPerTask(r).toFixed(2),
    perTask(r, 'tools/call'), perTask(r, 'tasks/get'), perTask(r, 'tasks/result'), otherPerTask(r),
    String(r.statusNotificationsSent),
    ms(median(r.latenciesMs)), ms(percentile(r.latenciesMs, 95)), ms(r.latenciesMs.length ? Math.max(...r.latenciesMs) : undefined),
    r.cpuMs.toFixed(0),
    String(r.wakeups),
    cpuPercent(r.cpuMs, r.wallMs).toFixed(2),
    cpuPercent(r.trackingCpuMs, r.trackingWallMs).toFixed(2),
    (r.wallMs / 1000).toFixed(1),
  ];
  return `| ${cells.join(' | ')} |`;
}

function clientLabel(client: ScenarioResult['client']): string {
  return client === 'engine' ? 'engine' : client === 'sdk' ? 'SDK callToolStream' : 'SDK minimum (result on notification)';
}

function verdict(ok: boolean | undefined): string {
  return ok === undefined ? 'n/a' : ok ? 'met' : '**not met**';
}

function targets(results: readonly ScenarioResult[], pooledTasks: number | undefined): string[] {
  const lines = ['| server notifies | tasks | engine req/task | SDK req/task | ratio | target | | engine median | SDK median | latency target |', '|---|---|---|---|---|---|---|---|---|---|'];
  const pairs = new Map<string, { engine?: ScenarioResult; sdk?: ScenarioResult; floor?: ScenarioResult }>();
  for (const r of results) {
    const id = `${r.scenario.notify}/${r.scenario.tasks}`;
    const pair = pairs.get(id) ?? {};
    pair[r.client] = r;
    pairs.set(id, pair);
  }
  for (const { engine, sdk } of pairs.values()) {
    if (!engine || !sdk) continue;
    const limit = engine.scenario.notify ? 0.5 : 1.0;
    const ratio = requestsPerTask(engine) / requestsPerTask(sdk);
    const em = median(engine.latenciesMs);
    const sm = median(sdk.latenciesMs);
    const latency = !engine.scenario.notify && engine.scenario.tasks === pooledTasks ? 'pooled below'
      : verdict(em === undefined || sm === undefined ? undefined : em <= sm);
    lines.push(`| ${engine.scenario.notify ? 'yes' : 'no'} | ${engine.scenario.tasks} | ${requestsPerTask(engine).toFixed(2)} | ${requestsPerTask(sdk).toFixed(2)} | ${ratio.toFixed(2)}× | ≤ ${limit.toFixed(1)}× | ${verdict(ratio <= limit)} | ${ms(em)} ms | ${ms(sm)} ms | ${latency} |`);
  }
  lines.push('');
  for (const r of results) {
    if (r.client !== 'engine' || r.scenario.tasks !== 1000) continue;
    const run = cpuPercent(r.cpuMs, r.wallMs);
    const tracking = cpuPercent(r.trackingCpuMs, r.trackingWallMs);
    lines.push(`- CPU, engine, 1,000 tasks, server notifies: ${r.scenario.notify ? 'yes' : 'no'}: ${run.toFixed(2)} % of one core over the whole run (${r.cpuMs.toFixed(0)} ms CPU in ${(r.wallMs / 1000).toFixed(1)} s), ${tracking.toFixed(2)} % after all tasks were created; target ≤ 2 %: whole run ${verdict(run <= 2)}, after creation ${verdict(tracking <= 2)}.`);
    const floor = results.find((f) => f.client === 'floor' && f.scenario.tasks === r.scenario.tasks && f.scenario.notify === r.scenario.notify);
    if (floor) {
      lines.push(`  - for scale, the SDK minimum for the same tasks (create, then tasks/result on each completion notification; no polling, no records): ${cpuPercent(floor.cpuMs, floor.wallMs).toFixed(2)} % over the run, ${cpuPercent(floor.trackingCpuMs, floor.trackingWallMs).toFixed(2)} % after creation.`);
    }
  }
  return lines;
}

/** The engine on the same tasks against a 2026-07-28 server, beside its 2025-11-25 run. */
function modernSection(modern: readonly ScenarioResult[], results: readonly ScenarioResult[]): string[] {
  if (modern.length === 0) return [];
  const out = [
    '## The same tasks, MCP 2026-07-28 with the tasks extension', '',
    'The engine against benchTask2026Server: a task handle from `tools/call`, `tasks/get` with the result inline, status notifications on a `subscriptions/listen` stream when the server notifies (refused otherwise). "other" counts `server/discover` and `subscriptions/listen`; there is no `tasks/result` in this revision.', '',
    '| server notifies | tasks | client | completed | req/task | create | get | result | other | status notifications sent | detect median ms | detect p95 ms | detect max ms | client CPU ms | client wake-ups | CPU % of one core (run) | CPU % (after creation) | wall s |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...modern.map(row), '',
    '| server notifies | tasks | req/task 2025 → 2026 | detect median ms 2025 → 2026 | client CPU ms 2025 → 2026 |',
    '|---|---|---|---|---|',
  ];
  for (const r of modern) {
    const legacy = results.find((l) => l.client === 'engine' && l.scenario.tasks === r.scenario.tasks && l.scenario.notify === r.scenario.notify);
    if (!legacy) continue;
    out.push(`| ${r.scenario.notify ? 'yes' : 'no'} | ${r.scenario.tasks} | ${requestsPerTask(legacy).toFixed(2)} → ${requestsPerTask(r).toFixed(2)} | ${ms(median(legacy.latenciesMs))} → ${ms(median(r.latenciesMs))} | ${legacy.cpuMs.toFixed(0)} → ${r.cpuMs.toFixed(0)} |`);
  }
  out.push('');
  return out;
}

function steadySection(steady: readonly SteadyResult[]): string[] {
  if (steady.length === 0) return [];
  const s = steady[0]!.scenario;
  const out = [
    '## Steady state (following tasks that do not end)', '',
    `${s.tasks} tasks of ${s.taskMs / 1000} s each; measured for ${s.windowMs / 1000} s, starting ${s.settleMs / 1000} s after the last task was created (no creations or completions inside the window).`, '',
    '| client | tasks created | requests/s (by method) | requests per task per minute | client CPU ms | client wake-ups | CPU % of one core | 2 % target |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of steady) {
    const seconds = r.wallMs / 1000;
    const total = Object.values(r.requests).reduce((a, b) => a + b, 0);
    const byMethod = Object.entries(r.requests).map(([m, n]) => `${m} ${(n / seconds).toFixed(1)}`).join(', ') || 'none';
    const pct = cpuPercent(r.cpuMs, r.wallMs);
    out.push(`| ${r.client === 'engine' ? 'engine' : 'SDK callToolStream'} | ${r.created}/${s.tasks} | ${byMethod} | ${((total / r.scenario.tasks) * (60 / seconds)).toFixed(1)} | ${r.cpuMs.toFixed(0)} | ${r.wakeups} | ${pct.toFixed(2)} | ${r.client === 'engine' ? verdict(pct <= 2) : ''} |`);
  }
  out.push('');
  for (const r of steady) {
    for (const [head, count] of Object.entries(r.warnings)) out.push(`- ${r.client}, steady state: ${count}× ${head}`);
    for (const problem of r.problems) out.push(`- ${r.client}, steady state: ${problem}`);
  }
  out.push('');
  return out;
}

/** Silent-server latencies of several seeds, pooled per client: the median no single seed decides. */
function pooledSection(pooled: readonly ScenarioResult[]): string[] {
  if (pooled.length === 0) return [];
  const of = (client: ScenarioResult['client']) => pooled.filter((r) => r.client === client);
  const engine = of('engine');
  const sdk = of('sdk');
  const all = (runs: readonly ScenarioResult[]) => runs.flatMap((r) => r.latenciesMs);
  const em = median(all(engine));
  const sm = median(all(sdk));
  const perSeed = engine.map((r, i) => `${ms(median(r.latenciesMs))} / ${ms(median(sdk[i]?.latenciesMs ?? []))}`).join(', ');
  const tasks = engine[0]?.scenario.tasks ?? 0;
  const requests = (runs: readonly ScenarioResult[]) => runs.reduce((s, r) => s + requestsPerTask(r), 0) / Math.max(1, runs.length);
  return [
    `## Detection latency over ${engine.length} more seeds (server does not notify, ${tasks} tasks each)`, '',
    '| client | samples | pooled median ms | pooled p95 ms | mean req/task |',
    '|---|---|---|---|---|',
    `| engine | ${all(engine).length} | ${ms(em)} | ${ms(percentile(all(engine), 95))} | ${requests(engine).toFixed(2)} |`,
    `| SDK callToolStream | ${all(sdk).length} | ${ms(sm)} | ${ms(percentile(all(sdk), 95))} | ${requests(sdk).toFixed(2)} |`,
    '',
    `- per seed, engine / SDK median ms: ${perSeed}`,
    `- latency target (engine pooled median no worse than the SDK's): ${verdict(em === undefined || sm === undefined ? undefined : em <= sm)}`,
    '',
  ];
}

export function renderReport(
  context: ReportContext, results: readonly ScenarioResult[], steady: readonly SteadyResult[], notes: readonly string[],
  pooled: readonly ScenarioResult[] = [],
  modern: readonly ScenarioResult[] = [],
  cpuRounds: readonly CpuRound[] = [],
): string {
  const out: string[] = [`# ${context.title}`, '', ...context.environment.map((l) => `- ${l}`), ''];
  out.push('| server notifies | tasks | client | completed | req/task | create | get | result | other | status notifications sent | detect median ms | detect p95 ms | detect max ms | client CPU ms | client wake-ups | CPU % of one core (run) | CPU % (after creation) | wall s |');
  out.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) out.push(row(r));
  out.push('', 'Requests are counted by the server as they arrive (per task = count ÷ tasks). Detection latency = the moment the client held the final result − the moment the server stored it (stamped into the result). CPU = this process\'s user+system time ÷ wall time. Wake-ups = voluntary context switches of this process (how often it slept and was woken by I/O or a timer).', '');
  out.push('## Targets', '', ...targets(results, pooled[0]?.scenario.tasks), '');
  out.push(...cpuRoundsSection(cpuRounds));
  out.push(...modernSection(modern, results));
  out.push(...pooledSection(pooled));
  out.push(...steadySection(steady));
  // The CPU rounds list their own warnings and failures, by round.
  const runs = [...results, ...modern, ...pooled];
  const warnings = runs.filter((r) => Object.keys(r.warnings).length > 0);
  const failures = runs.filter((r) => r.failures.length > 0);
  if (warnings.length || failures.length || notes.length) out.push('## Warnings and failures', '');
  for (const r of warnings) {
    for (const [head, count] of Object.entries(r.warnings)) out.push(`- ${r.client}, ${r.scenario.tasks} tasks, notifies ${r.scenario.notify ? 'yes' : 'no'}: ${count}× ${head}`);
  }
  for (const r of failures) {
    for (const failure of r.failures) out.push(`- ${r.client}, ${r.scenario.tasks} tasks, notifies ${r.scenario.notify ? 'yes' : 'no'}: ${failure}`);
  }
  for (const note of notes) out.push(`- ${note}`);
  return `${out.join('\n')}\n`;
}
