import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileTaskLedger } from '../../src/core/ledger/fileTaskLedger';
import { JOURNAL_FILE, SNAPSHOT_FILE } from '../../src/core/ledger/ledgerStorage';
import { makeTempDir, removeDir, SAMPLE_TIME, sampleRecord, sampleResult } from '../support/ledgerRecords';

const COUNT = 10_000;
const BOUND_MS = 2000;

async function writeRecords(dir: string, compactAfterBytes: number): Promise<void> {
  const ledger = await FileTaskLedger.open({ dir, compactAfterBytes });
  for (let i = 0; i < COUNT; i++) {
    const result = await ledger.storeResult(`srv/task-${i}`, sampleResult(String(i), 200));
    ledger.put(sampleRecord(i, { status: 'completed', updatedAt: SAMPLE_TIME + 1, finishedAt: SAMPLE_TIME + 1, result }));
  }
  await ledger.dispose();
}

async function timedOpen(dir: string): Promise<{ ledger: FileTaskLedger; wallMs: number }> {
  const started = performance.now();
  const ledger = await FileTaskLedger.open({ dir });
  return { ledger, wallMs: performance.now() - started };
}

describe('ledger load time', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => { dir = makeTempDir('ledger-load-'); });
  afterEach(() => removeDir(dir));

  for (const layout of ['snapshot', 'journal'] as const) {
    it(`loads ${COUNT} records with inline results from the ${layout} in under ${BOUND_MS} ms`, async () => {
      await writeRecords(dir, layout === 'snapshot' ? 1 : Number.MAX_SAFE_INTEGER);
      const file = path.join(dir, layout === 'snapshot' ? SNAPSHOT_FILE : JOURNAL_FILE);
      const bytes = fs.statSync(file).size;
      const { ledger, wallMs } = await timedOpen(dir);
      try {
        console.log(`ledger: loaded ${ledger.all().length} records from the ${layout} (${(bytes / 1e6).toFixed(1)} MB) in ${ledger.loadReport.ms} ms (open() ${wallMs.toFixed(1)} ms)`);
        assert.equal(ledger.all().length, COUNT);
        assert.deepEqual(ledger.loadReport.problems, []);
        assert.deepEqual(await ledger.readResult(ledger.get('srv/task-9999')!.result!), sampleResult('9999', 200));
        assert.ok(wallMs < BOUND_MS, `open() took ${wallMs.toFixed(0)} ms`);
      } finally {
        await ledger.dispose();
      }
    });
  }
});
