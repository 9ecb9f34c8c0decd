import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileTaskLedger, type LedgerWrite } from '../../src/core/ledger/fileTaskLedger';
import { decodeLedgerFile } from '../../src/core/ledger/entryCodec';
import { JOURNAL_FILE, SNAPSHOT_FILE } from '../../src/core/ledger/ledgerStorage';
import { ManualClock } from '../support/manualClock';
import { makeTempDir, removeDir, SAMPLE_TIME, sampleRecord, sampleResult } from '../support/ledgerRecords';
import { UnhandledRejectionMonitor } from '../support/unhandledRejections';

describe('FileTaskLedger: storing records', () => {
  let dir: string;
  const open: FileTaskLedger[] = [];
  const rejections = new UnhandledRejectionMonitor();

  async function openLedger(options: Partial<Parameters<typeof FileTaskLedger.open>[0]> = {}): Promise<FileTaskLedger> {
    const ledger = await FileTaskLedger.open({ dir, ...options });
    open.push(ledger);
    return ledger;
  }

  beforeEach(() => { dir = makeTempDir(); rejections.install(); });
  afterEach(async () => {
    for (const ledger of open.splice(0)) await ledger.dispose().catch(() => undefined);
    removeDir(dir);
    rejections.uninstall();
    rejections.assertNone();
  });

  it('an exclusive ledger (the task host\'s) keeps records without taking the lock file', async () => {
    // A lock that can never be taken: a shared ledger gives up, an exclusive one never asks.
    fs.mkdirSync(path.join(dir, 'tasks.lock'));
    const shared = await openLedger({ lock: { timeoutMs: 100, staleMs: 60_000 } });
    assert.match(shared.loadReport.problems.join('\n'), /tasks\.lock/);
    const first = await openLedger({ exclusive: true });
    first.put(sampleRecord(1));
    await first.putDurable(sampleRecord(2, { status: 'completed', finishedAt: SAMPLE_TIME + 1 }));
    await first.dispose();
    const second = await openLedger({ exclusive: true });
    assert.deepEqual(second.all().map((r) => r.key).sort(), [sampleRecord(1).key, sampleRecord(2).key].sort());
  });

  it('round-trips records with every field through a reload', async () => {
    const first = await openLedger();
    assert.deepEqual(first.loadReport.problems, []);
    assert.equal(first.loadReport.records, 0);
    const result = await first.storeResult('srv/task-1', sampleResult('1'));
    const records = [
      sampleRecord(1, { status: 'completed', finishedAt: SAMPLE_TIME + 5000, result, progress: { progress: 3, total: 3 } }),
      sampleRecord(2, { status: 'failed', error: { kind: 'server-error', message: 'boom', code: -32603 }, ttl: null }),
      sampleRecord(3, { status: 'input_required', statusMessage: 'Need an answer', kind: 'hosted', tool: 'elicitation/create' }),
      sampleRecord('ünïcødé ✓', { args: { text: 'line\nbreak "quoted" \u2028' } }),
    ];
    for (const record of records) first.put(record);
    await first.dispose();

    const second = await openLedger();
    assert.deepEqual(second.loadReport.problems, []);
    assert.equal(second.loadReport.records, records.length);
    for (const record of records) assert.deepEqual(second.get(record.key), record);
    assert.deepEqual(await second.readResult(second.get('srv/task-1')!.result!), sampleResult('1'));
  });

  it('batches many puts inside the window into one journal write', async () => {
    const clock = new ManualClock(Date.now());
    const ledger = await openLedger({ clock, flushDelayMs: 100 });
    const writes: LedgerWrite[] = [];
    ledger.onDidWrite((w) => writes.push(w));
    for (let i = 0; i < 50; i++) ledger.put(sampleRecord(i));
    for (let i = 0; i < 50; i += 2) ledger.put(sampleRecord(i, { status: 'completed', updatedAt: SAMPLE_TIME + 1000 }));
    await clock.advance(99);
    assert.equal(writes.length, 0, 'nothing is written before the window ends');
    await clock.advance(1);
    await ledger.flush(); // joins the write the timer started
    assert.deepEqual(writes.map((w) => w.kind), ['journal']);

    const other = await openLedger();
    assert.equal(other.all().length, 50);
    assert.equal(other.get('srv/task-0')!.status, 'completed');
    assert.equal(other.get('srv/task-1')!.status, 'working');
  });

  it('putDurable writes at once, taking pending puts along, without waiting for the window', async () => {
    const clock = new ManualClock(Date.now()); // never advanced: the batch timer never fires
    const ledger = await openLedger({ clock, flushDelayMs: 60_000 });
    const writes: LedgerWrite[] = [];
    ledger.onDidWrite((w) => writes.push(w));
    ledger.put(sampleRecord('a'));
    ledger.put(sampleRecord('b'));
    await ledger.putDurable(sampleRecord('c', { status: 'completed' }));
    assert.equal(writes.length, 1);
    const other = await openLedger();
    assert.deepEqual(other.all().map((r) => r.key).sort(), ['srv/task-a', 'srv/task-b', 'srv/task-c']);
  });

  it('replaces the snapshot atomically: a reader never sees a partial snapshot', async () => {
    const ledger = await openLedger({ compactAfterBytes: 1, flushDelayMs: 0 });
    const snapshot = path.join(dir, SNAPSHOT_FILE);
    let reads = 0;
    const partial: string[] = [];
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const buf = await fs.promises.readFile(snapshot).catch(() => undefined);
        if (buf) {
          const decoded = decodeLedgerFile(buf, 'snapshot');
          const whole = decoded.header !== undefined && !decoded.tornTail && decoded.badLines === 0
            && decoded.entries.length === decoded.header.count;
          if (!whole) partial.push(`${buf.length} bytes, ${decoded.entries.length} entries`);
          reads++;
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    try {
      for (let i = 0; i < 60; i++) await ledger.putDurable(sampleRecord(i, { args: { pad: 'p'.repeat(2000) } }));
    } finally {
      writing = false;
      await reader;
    }
    assert.ok(reads > 0, 'the reader saw snapshots');
    assert.deepEqual(partial, [], 'a snapshot was seen half written');
    const leftovers = fs.readdirSync(dir).filter((name) => name.endsWith('.tmp'));
    assert.deepEqual(leftovers, [], 'no temp files are left behind');
    const reloaded = await openLedger();
    assert.equal(reloaded.all().length, 60);
  });

  it('compacts the journal into the snapshot once it grows', async () => {
    const ledger = await openLedger({ compactAfterBytes: 20_000, flushDelayMs: 0 });
    for (let i = 0; i < 40; i++) await ledger.putDurable(sampleRecord(i, { args: { pad: 'p'.repeat(1000) } }));
    const journalBytes = fs.statSync(path.join(dir, JOURNAL_FILE)).size;
    assert.ok(journalBytes < 25_000, `journal was compacted (${journalBytes} bytes)`);
    const snapshot = decodeLedgerFile(fs.readFileSync(path.join(dir, SNAPSHOT_FILE)), 'snapshot');
    assert.ok(snapshot.entries.length >= 15, `snapshot holds compacted records (${snapshot.entries.length})`);
    const reloaded = await openLedger();
    assert.equal(reloaded.all().length, 40);
  });

  it('two ledgers on one folder keep each other\'s records', async () => {
    const a = await openLedger({ compactAfterBytes: 4000, flushDelayMs: 0 });
    const b = await openLedger({ compactAfterBytes: 4000, flushDelayMs: 0 });
    const work: Promise<void>[] = [];
    for (let i = 0; i < 40; i++) {
      work.push(a.putDurable(sampleRecord(`a${i}`, { args: { pad: 'a'.repeat(300) } })));
      work.push(b.putDurable(sampleRecord(`b${i}`, { args: { pad: 'b'.repeat(300) } })));
    }
    await Promise.all(work);
    await b.remove('srv/task-a0'); // removing another window's record works too
    const seenByB = await b.reload();
    assert.equal(seenByB.records, 79);
    await Promise.all([a.dispose(), b.dispose()]);

    const reopened = await openLedger();
    assert.deepEqual(reopened.loadReport.problems, []);
    const keys = new Set(reopened.all().map((r) => r.key));
    assert.equal(keys.size, 79);
    for (let i = 1; i < 40; i++) assert.ok(keys.has(`srv/task-a${i}`) && keys.has(`srv/task-b${i}`), `record ${i} of both ledgers`);
    assert.ok(!fs.existsSync(path.join(dir, 'tasks.lock')), 'the lock is released');
  });

  it('refuses a malformed record, and a record JSON cannot hold does not block the rest of its batch', async () => {
    const ledger = await openLedger({ flushDelayMs: 0 });
    assert.throws(() => ledger.put({ ...sampleRecord(1), status: 'done' as never }), /task record srv\/task-1 cannot be stored: unknown status 'done'/);
    await assert.rejects(ledger.putDurable({ ...sampleRecord(2), createdAt: 'yesterday' as never }), /timestamps are not numbers/);
    ledger.put(sampleRecord('ok-1'));
    ledger.put(sampleRecord('bigint', { args: { n: 10n as unknown as number } }));
    await ledger.putDurable(sampleRecord('ok-2'));
    assert.match(ledger.problems.join('\n'), /task srv\/task-bigint could not be saved: .*BigInt/);
    const other = await openLedger();
    assert.deepEqual(other.all().map((r) => r.key).sort(), ['srv/task-ok-1', 'srv/task-ok-2']);
  });
});
