/**
 * One large task result over stdio, through the task engine with the file ledger, as the editor
 * and the task host receive it: how long from the server storing the result to the record being
 * completed, how many `tasks/result` requests it took, and the peak memory of this process above
 * what it used before the call, as a multiple of the result's size: the resident set (sampled every
 * 5 ms) is the measure; V8 heap and external memory are shown beside it but do not count the bytes
 * of a long stdio line, which wait in a resizable buffer V8 does not report. Each run is a process
 * of its own, so every row is the first large result that process sees.
 *
 *   node --expose-gc out/bench/hugeResult.js [--mb=50] [--notify=true|false] [--runs=3]
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileTaskLedger } from '../src/core/ledger/fileTaskLedger';
import { isTerminalStatus } from '../src/core/model/taskRecord';
import { ServerConnection } from '../src/core/servers/serverConnection';
import { legacyClient } from '../src/core/servers/types';
import { TaskEngine } from '../src/core/tasks/taskEngine';
import { option } from './support/benchOptions';
import { OneServer, TallyLogger } from './support/engineHost';


const MB = 1024 * 1024;
const serverEntry = path.join(__dirname, '..', 'test', 'fixtures', 'servers', 'hugeResultServer.js');

interface RunResult {
  seconds: number;
  resultRequests: number;
  /** Answers of the server that carried the result (its own count). */
  resultsSent: number;
  peakRssMb: number;
  peakHeapMb: number;
}

async function runOnce(mb: number, notify: boolean): Promise<RunResult> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-tasks-huge-'));
  const logger = new TallyLogger();
  const connection = new ServerConnection({
    id: 'huge', label: 'huge', logger,
    definition: { type: 'stdio', command: process.execPath, args: [serverEntry], env: { FIXTURE_POLL_INTERVAL: '200' } },
  });
  const store = await FileTaskLedger.open({ dir: home });
  const engine = new TaskEngine({ servers: new OneServer(connection), store, logger });
  try {
    await connection.connect();
    global.gc?.();
    const base = process.memoryUsage();
    let peakRss = base.rss;
    let peakHeap = base.heapUsed + base.external;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed + now.external);
    }, 5);
    const workMs = 300;
    const called = Date.now();
    const started = await engine.call('huge', 'huge', { mb, ms: workMs, notify });
    const done = await engine.whenFinished(started.key);
    const finishedAt = Date.now();
    clearInterval(sampler);
    if (!isTerminalStatus(done.status) || done.status !== 'completed') throw new Error(`the task ended ${done.status}: ${done.error?.message ?? ''}`);
    const counted = await legacyClient(connection.session)!.callTool({ name: 'counts' }) as { content: { text: string }[] };
    const served = JSON.parse(counted.content[0].text) as { resultsSent: number };
    return {
      resultsSent: served.resultsSent,
      // The server stores the result workMs after the call; what follows is the transfer and our work.
      seconds: (finishedAt - called - workMs) / 1000,
      resultRequests: engine.requestCountsOf(started.key)?.result ?? 0,
      peakRssMb: (peakRss - base.rss) / MB,
      peakHeapMb: (peakHeap - base.heapUsed - base.external) / MB,
    };
  } finally {
    engine.dispose();
    await connection.stop();
    connection.dispose();
    await store.dispose();
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** One run in a fresh process (this file with --child), which prints its RunResult as JSON. */
function runInChild(mb: number, notify: boolean): RunResult {
  const output = execFileSync(process.execPath, [...process.execArgv, __filename, '--child', `--mb=${mb}`, `--notify=${notify}`], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(output.trim().split('\n').pop() ?? '') as RunResult;
}

async function main(): Promise<void> {
  const mb = Number(option('mb', '50'));
  const notify = option('notify', 'true') === 'true';
  if (process.argv.includes('--child')) {
    console.log(JSON.stringify(await runOnce(mb, notify)));
    return;
  }
  const runs = Number(option('runs', '3'));
  if (!global.gc) console.error('(run node with --expose-gc for a settled baseline)');
  console.log(`# Huge result: ${mb} MB over stdio, server ${notify ? 'notifies' : 'silent'}, engine + file ledger, Node ${process.version}`);
  console.log('');
  console.log('| run | seconds after the result was stored | tasks/result requests | answers that carried it | peak RSS growth MB | × size | peak V8 heap+external growth MB | × size |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (let run = 1; run <= runs; run++) {
    const r = runInChild(mb, notify);
    console.log(`| ${run} | ${r.seconds.toFixed(2)} | ${r.resultRequests} | ${r.resultsSent} | ${r.peakRssMb.toFixed(0)} | ${(r.peakRssMb / mb).toFixed(2)} | ${r.peakHeapMb.toFixed(0)} | ${(r.peakHeapMb / mb).toFixed(2)} |`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
