/**
 * What the task engine itself costs per task, with nothing underneath: no server, no pipe, no SDK
 * (AnsweringProtocol answers at once). Each process runs rounds of 1,000 tasks (create, then
 * completed by a status notification, then the result fetched and stored); the first rounds of a
 * process include V8 compiling the engine's code, the later ones show the steady cost. Several
 * fresh processes, so the start-up part is measured as often as the steady part.
 *
 *   node out/bench/engineOverhead.js [--processes=5] [--rounds=10] [--tasks=1000]
 */
import { execFileSync } from 'node:child_process';
import { MemoryTaskRecordStore } from '../src/core/ledger/memoryStore';
import { isTerminalStatus } from '../src/core/model/taskRecord';
import { TaskEngine } from '../src/core/tasks/taskEngine';
import { ANSWERING_SERVER_ID, ANSWERING_TOOL, AnsweringProtocol, AnsweringServers } from './support/answeringProtocol';
import { option } from './support/benchOptions';
import { median } from './support/sampleStats';

/** One process's rounds may not take longer than this. */
const CHILD_DEADLINE_MS = 5 * 60_000;
/** Completions announced per turn of the event loop, as notifications arrive in chunks of a pipe. */
const NOTIFICATIONS_PER_TURN = 50;

function numberOption(name: string, fallback: number): number {
  return Number(option(name, String(fallback)));
}

/** One round: CPU ms (this process, all threads) from the first call to the last stored result. */
async function round(tasks: number): Promise<number> {
  const protocol = new AnsweringProtocol();
  const engine = new TaskEngine({ servers: new AnsweringServers(), store: new MemoryTaskRecordStore(), protocol });
  let ended = 0;
  let allEnded: () => void = () => undefined;
  const done = new Promise<void>((resolve) => { allEnded = resolve; });
  const subscription = engine.onDidChangeTask((record) => {
    if (isTerminalStatus(record.status) && ++ended === tasks) allEnded();
  });
  const start = process.cpuUsage();
  const records = await Promise.all(Array.from({ length: tasks }, (_, i) => engine.call(ANSWERING_SERVER_ID, ANSWERING_TOOL, { i }, { mode: 'task' })));
  for (let i = 0; i < records.length; i += NOTIFICATIONS_PER_TURN) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (const record of records.slice(i, i + NOTIFICATIONS_PER_TURN)) protocol.complete(record.taskId);
  }
  await done;
  const used = process.cpuUsage(start);
  subscription.dispose();
  engine.dispose();
  return (used.user + used.system) / 1000;
}

async function child(rounds: number, tasks: number): Promise<void> {
  const out: number[] = [];
  for (let i = 0; i < rounds; i++) out.push(await round(tasks));
  process.stdout.write(JSON.stringify(out));
}

function main(): void {
  const processes = numberOption('processes', 5);
  const rounds = numberOption('rounds', 10);
  const tasks = numberOption('tasks', 1000);
  if (!(processes >= 1 && rounds >= 2 && tasks >= 1)) {
    console.error('engineOverhead needs --processes ≥ 1, --rounds ≥ 2 (a start-up half and a steady half) and --tasks ≥ 1');
    process.exit(2);
  }
  const runs: number[][] = [];
  for (let p = 0; p < processes; p++) {
    // A child that never finishes is killed, so the benchmark always ends.
    const output = execFileSync(process.execPath, [...process.execArgv, __filename, '--child', `--rounds=${rounds}`, `--tasks=${tasks}`], { encoding: 'utf8', timeout: CHILD_DEADLINE_MS, killSignal: 'SIGKILL' });
    runs.push(JSON.parse(output) as number[]);
  }
  const perRound = Array.from({ length: rounds }, (_, r) => median(runs.map((run) => run[r]!))!);
  const firstHalf = runs.map((run) => run.slice(0, Math.ceil(rounds / 2)).reduce((a, b) => a + b, 0));
  const steady = median(runs.flatMap((run) => run.slice(Math.ceil(rounds / 2))))!;
  console.log(`# Engine overhead: ${tasks} tasks per round, ${rounds} rounds per process, ${processes} fresh processes, no server underneath`);
  console.log('');
  console.log('| round | median CPU ms | per process |');
  console.log('|---|---|---|');
  perRound.forEach((ms, r) => console.log(`| ${r + 1} | ${ms.toFixed(0)} | ${runs.map((run) => run[r]!.toFixed(0)).join(', ')} |`));
  console.log('');
  console.log(`- first ${Math.ceil(rounds / 2)} rounds of a process together: median ${median(firstHalf)!.toFixed(0)} ms (${firstHalf.map((v) => v.toFixed(0)).join(', ')})`);
  console.log(`- steady (rounds ${Math.ceil(rounds / 2) + 1}–${rounds}): median ${steady.toFixed(0)} ms per ${tasks} tasks, ${((steady * 1000) / tasks).toFixed(0)} µs per task`);
}

if (process.argv.includes('--child')) {
  child(numberOption('rounds', 10), numberOption('tasks', 1000)).then(() => process.exit(0), (err: unknown) => { console.error(err); process.exit(1); });
} else {
  main();
}
