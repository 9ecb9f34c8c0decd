import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileTaskLedger } from '../../src/core/ledger/fileTaskLedger';
import { expiresAt, isExpired } from '../../src/core/ledger/retention';
import { ManualClock } from '../support/manualClock';
import { makeTempDir, removeDir, sampleRecord, sampleResult } from '../support/ledgerRecords';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

describe('ledger retention', () => {
  it('expires finished records at createdAt + granted ttl + retention, never unfinished ones', () => {
    const created = 1_000_000;
    const retention = 7 * DAY;
    const done = sampleRecord(1, { status: 'completed', createdAt: created, ttl: HOUR });
    assert.equal(expiresAt(done, retention), created + HOUR + retention);
    assert.equal(isExpired(done, created + HOUR + retention - 1, retention), false);
    assert.equal(isExpired(done, created + HOUR + retention, retention), true);
    assert.equal(expiresAt({ ...done, ttl: null }, retention), created + retention, 'unlimited ttl adds nothing');
    assert.equal(expiresAt({ ...done, ttl: undefined }, retention), created + retention);
    for (const status of ['failed', 'cancelled', 'expired'] as const) {
      assert.ok(isExpired({ ...done, status }, created + HOUR + retention, retention), status);
    }
    for (const status of ['working', 'input_required', 'connection_lost'] as const) {
      assert.equal(expiresAt({ ...done, status }, retention), undefined, status);
      assert.equal(isExpired({ ...done, status }, Number.MAX_SAFE_INTEGER, retention), false, status);
    }
  });

  describe('prune', () => {
    let dir: string;
    beforeEach(() => { dir = makeTempDir(); });
    afterEach(() => removeDir(dir));

    it('removes only expired finished records, with their result files, durably', async () => {
      const start = Date.now();
      const clock = new ManualClock(start);
      const ledger = await FileTaskLedger.open({ dir, clock, retentionMs: DAY, inlineResultLimitBytes: 10 });
      const file = await ledger.storeResult('srv/task-old', sampleResult('old'));
      assert.equal(file.kind, 'file');
      ledger.put(sampleRecord('old', { status: 'completed', createdAt: start, ttl: HOUR, result: file }));
      ledger.put(sampleRecord('old-failed', { status: 'failed', createdAt: start, ttl: null }));
      ledger.put(sampleRecord('still-running', { status: 'working', createdAt: start - 30 * DAY }));
      ledger.put(sampleRecord('waiting', { status: 'input_required', createdAt: start - 30 * DAY }));
      ledger.put(sampleRecord('long-ttl', { status: 'completed', createdAt: start, ttl: 10 * DAY }));
      await ledger.flush();

      assert.equal(await ledger.prune(start + DAY - 1), 0, 'nothing is due yet');
      assert.equal(await ledger.prune(start + DAY), 1, 'the failed record without ttl is due first');
      assert.equal(await ledger.prune(start + DAY + HOUR), 1);
      if (file.kind === 'file') assert.ok(!fs.existsSync(file.path), 'its result file is gone');
      assert.deepEqual(ledger.all().map((r) => r.taskId).sort(), ['task-long-ttl', 'task-still-running', 'task-waiting']);
      await ledger.dispose();

      const reopened = await FileTaskLedger.open({ dir, clock, retentionMs: DAY, pruneOnOpen: false });
      assert.equal(reopened.all().length, 3, 'pruning is durable');
      await reopened.dispose();
    });

    it('prunes on open', async () => {
      const start = Date.now();
      const first = await FileTaskLedger.open({ dir, retentionMs: DAY });
      first.put(sampleRecord('done', { status: 'cancelled', createdAt: start - 2 * DAY, ttl: null }));
      first.put(sampleRecord('fresh', { status: 'cancelled', createdAt: start }));
      await first.dispose().catch(() => undefined);
      // The first ledger pruned nothing (open came before the puts); a new one prunes on open.
      const second = await FileTaskLedger.open({ dir, retentionMs: DAY });
      assert.equal(second.loadReport.pruned, 1);
      assert.deepEqual(second.all().map((r) => r.taskId), ['task-fresh']);
      await second.dispose();
    });

    it('sweeps result files no record refers to, once they are old enough', async () => {
      const start = Date.now();
      const ledger = await FileTaskLedger.open({ dir, inlineResultLimitBytes: 10 });
      const kept = await ledger.storeResult('srv/task-kept', sampleResult('kept'));
      const orphan = await ledger.storeResult('srv/task-orphan', sampleResult('orphan'));
      await ledger.putDurable(sampleRecord('kept', { status: 'completed', result: kept }));
      if (kept.kind !== 'file' || orphan.kind !== 'file') assert.fail('expected files');
      await ledger.prune(start + 10 * 60 * 1000);
      assert.ok(fs.existsSync(orphan.path), 'a fresh unrecorded result may still be recorded');
      await ledger.prune(start + 2 * HOUR);
      assert.ok(!fs.existsSync(orphan.path), 'an old orphan is swept');
      assert.ok(fs.existsSync(kept.path));
      assert.deepEqual(fs.readdirSync(path.join(dir, 'results')), [path.basename(kept.path)]);
      await ledger.dispose();
    });
  });
});
