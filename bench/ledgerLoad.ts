/**
 * Ledger write and load times for growing record counts (numbers, not pass/fail):
 *   node out/bench/ledgerLoad.js [count ...]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileTaskLedger } from '../src/core/ledger/fileTaskLedger';
import type { TaskRecord } from '../src/core/model/taskRecord';

function record(i: number, now: number): TaskRecord {
  return {
    key: `bench/task-${i}`, serverId: 'bench', serverLabel: 'Bench', taskId: `task-${i}`, kind: 'task',
    tool: 'longRunningOperation', args: { duration: 5, steps: 3 }, ttl: 60_000, status: 'completed',
    createdAt: now, updatedAt: now, finishedAt: now,
    result: { kind: 'inline', value: { content: [{ type: 'text', text: `result ${i} ${'x'.repeat(200)}` }] } },
  };
}

async function measure(count: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-'));
  try {
    const now = Date.now();
    const writer = await FileTaskLedger.open({ dir });
    let started = performance.now();
    for (let i = 0; i < count; i++) writer.put(record(i, now));
    await writer.flush();
    const batchMs = performance.now() - started;
    started = performance.now();
    for (let i = 0; i < 200; i++) await writer.putDurable(record(i, now + 1));
    const durableMs = (performance.now() - started) / 200;
    await writer.dispose();
    started = performance.now();
    const reader = await FileTaskLedger.open({ dir });
    const loadMs = performance.now() - started;
    const bytes = fs.readdirSync(dir).filter((n) => n.endsWith('.jsonl')).reduce((sum, n) => sum + fs.statSync(path.join(dir, n)).size, 0);
    console.log(`ledger ${String(count).padStart(6)} records: write all ${batchMs.toFixed(0)} ms, putDurable ${durableMs.toFixed(2)} ms each, load ${loadMs.toFixed(0)} ms (${(bytes / 1e6).toFixed(1)} MB, ${reader.all().length} loaded)`);
    await reader.dispose();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const counts = process.argv.slice(2).map(Number).filter((n) => n > 0);
  for (const count of counts.length ? counts : [1_000, 10_000, 50_000]) await measure(count);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
