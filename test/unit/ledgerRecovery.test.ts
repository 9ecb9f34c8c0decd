import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileTaskLedger } from '../../src/core/ledger/fileTaskLedger';
import { encodeLine } from '../../src/core/ledger/entryCodec';
import { JOURNAL_FILE, SNAPSHOT_FILE } from '../../src/core/ledger/ledgerStorage';
import { makeTempDir, removeDir, sampleRecord } from '../support/ledgerRecords';

/** Writes `count` records and compacts them all into the snapshot; returns their keys. */
async function seedSnapshot(dir: string, count: number): Promise<string[]> {
  const ledger = await FileTaskLedger.open({ dir, compactAfterBytes: 1 });
  for (let i = 0; i < count; i++) ledger.put(sampleRecord(i));
  await ledger.dispose();
  assert.ok(fs.statSync(path.join(dir, JOURNAL_FILE)).size < 200, 'records are in the snapshot');
  return Array.from({ length: count }, (_, i) => `srv/task-${i}`);
}

function backups(dir: string, file: string): string[] {
  return fs.readdirSync(dir).filter((name) => name.startsWith(`${file}.`) && !name.endsWith('.tmp'));
}

describe('FileTaskLedger: damaged files', () => {
  let dir: string;
  beforeEach(() => { dir = makeTempDir(); });
  afterEach(() => removeDir(dir));

  it('keeps a corrupt snapshot as a backup, reports it, and loads every readable record', async () => {
    await seedSnapshot(dir, 10);
    const snapshotPath = path.join(dir, SNAPSHOT_FILE);
    const original = fs.readFileSync(snapshotPath);
    const damaged = Buffer.from(original);
    const at = damaged.indexOf('task-4');
    damaged.write('TASK', at, 'latin1'); // a flipped byte in the middle: checksum mismatch
    fs.writeFileSync(snapshotPath, damaged);
    const journalRecord = sampleRecord('from-journal');
    fs.appendFileSync(path.join(dir, JOURNAL_FILE), encodeLine({ op: 'put', record: journalRecord }));

    const ledger = await FileTaskLedger.open({ dir });
    const report = ledger.loadReport;
    assert.equal(report.records, 10, '9 snapshot records + 1 journal record');
    assert.equal(ledger.get('srv/task-4'), undefined);
    assert.deepEqual(ledger.get(journalRecord.key), journalRecord);
    const [backup] = backups(dir, SNAPSHOT_FILE);
    assert.match(backup, /^tasks\.snapshot\.jsonl\.corrupt-\d{4}-\d\d-\d\dT/);
    assert.deepEqual(fs.readFileSync(path.join(dir, backup)), damaged, 'the backup holds the damaged bytes');
    assert.deepEqual(report.recoveredFiles, [path.join(dir, backup)]);
    assert.equal(report.problems.length, 1);
    assert.match(report.problems[0], /tasks\.snapshot\.jsonl .*1 damaged entry skipped.*checksum mismatch.*kept as tasks\.snapshot\.jsonl\.corrupt-/);
    assert.deepEqual(ledger.problems, report.problems);
    await ledger.dispose();

    const again = await FileTaskLedger.open({ dir });
    assert.deepEqual(again.loadReport.problems, [], 'the repaired files load cleanly');
    assert.equal(again.all().length, 10);
    assert.equal(backups(dir, SNAPSHOT_FILE).length, 1, 'the backup stays');
    await again.dispose();
  });

  it('survives a snapshot of pure garbage without throwing', async () => {
    fs.writeFileSync(path.join(dir, SNAPSHOT_FILE), Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x22, 0x0a, 0x01]));
    const ledger = await FileTaskLedger.open({ dir });
    assert.equal(ledger.all().length, 0);
    assert.equal(ledger.loadReport.problems.length, 1);
    assert.match(ledger.loadReport.problems[0], /tasks\.snapshot\.jsonl was damaged/);
    await ledger.putDurable(sampleRecord(1));
    await ledger.dispose();
    const again = await FileTaskLedger.open({ dir });
    assert.equal(again.all().length, 1);
    assert.deepEqual(again.loadReport.problems, []);
    await again.dispose();
  });

  it('drops a torn last journal line and keeps everything before it', async () => {
    const ledger = await FileTaskLedger.open({ dir });
    for (let i = 0; i < 5; i++) await ledger.putDurable(sampleRecord(i));
    await ledger.dispose();
    const journal = path.join(dir, JOURNAL_FILE);
    const torn = encodeLine({ op: 'put', record: sampleRecord('torn') });
    fs.appendFileSync(journal, torn.slice(0, Math.floor(torn.length / 2)));

    const reopened = await FileTaskLedger.open({ dir });
    assert.deepEqual(reopened.all().map((r) => r.key).sort(), [0, 1, 2, 3, 4].map((i) => `srv/task-${i}`));
    assert.equal(reopened.loadReport.problems.length, 1);
    assert.match(reopened.loadReport.problems[0], /tasks\.journal\.jsonl .*cut short.*kept as tasks\.journal\.jsonl\.corrupt-/);
    assert.equal(backups(dir, JOURNAL_FILE).length, 1);
    await reopened.putDurable(sampleRecord('after'));
    await reopened.dispose();
    const again = await FileTaskLedger.open({ dir });
    assert.equal(again.all().length, 6);
    assert.deepEqual(again.loadReport.problems, []);
    await again.dispose();
  });

  it('appends after a torn line without gluing onto it (another writer crashed meanwhile)', async () => {
    const ledger = await FileTaskLedger.open({ dir });
    await ledger.putDurable(sampleRecord(1));
    const torn = encodeLine({ op: 'put', record: sampleRecord('torn') });
    fs.appendFileSync(path.join(dir, JOURNAL_FILE), torn.slice(0, 40)); // while this ledger is open
    await ledger.putDurable(sampleRecord(2));
    await ledger.dispose();
    const reopened = await FileTaskLedger.open({ dir });
    assert.deepEqual(reopened.all().map((r) => r.key).sort(), ['srv/task-1', 'srv/task-2']);
    assert.match(reopened.loadReport.problems.join('\n'), /1 damaged entry skipped/);
    await reopened.dispose();
  });

  it('keeps a file written by a newer format version aside and still loads the rest', async () => {
    const future = `${encodeLine({ format: 'mcp-tasks-ledger', kind: 'snapshot', version: 99 })}${encodeLine({ op: 'upsert2', data: {} })}`;
    fs.writeFileSync(path.join(dir, SNAPSHOT_FILE), future);
    fs.writeFileSync(path.join(dir, JOURNAL_FILE), encodeLine({ op: 'put', record: sampleRecord('j') }));
    const ledger = await FileTaskLedger.open({ dir });
    assert.deepEqual(ledger.all().map((r) => r.key), ['srv/task-j']);
    assert.match(ledger.loadReport.problems.join('\n'), /tasks\.snapshot\.jsonl was written by a newer version of the format \(version 99\).*kept as tasks\.snapshot\.jsonl\.unsupported-/);
    const [backup] = backups(dir, SNAPSHOT_FILE);
    assert.equal(fs.readFileSync(path.join(dir, backup), 'utf8'), future);
    await ledger.dispose();
  });

  it('skips a well-formed line whose record is invalid, naming the reason', async () => {
    const good = sampleRecord('good');
    fs.writeFileSync(path.join(dir, JOURNAL_FILE),
      encodeLine({ op: 'put', record: { ...sampleRecord('bad'), status: 'exploded' } }) + encodeLine({ op: 'put', record: good }));
    const ledger = await FileTaskLedger.open({ dir });
    assert.deepEqual(ledger.all(), [good]);
    assert.match(ledger.loadReport.problems.join('\n'), /unknown status 'exploded'/);
    await ledger.dispose();
  });

  it('breaks a lock left by a process that died', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    fs.writeFileSync(path.join(dir, 'tasks.lock'), JSON.stringify({ pid: deadPid, host: os.hostname(), token: 'old', at: Date.now() }));
    const started = Date.now();
    const ledger = await FileTaskLedger.open({ dir, lock: { timeoutMs: 5000, staleMs: 60_000 } });
    await ledger.putDurable(sampleRecord(1));
    assert.ok(Date.now() - started < 3000, 'did not wait for the stale lock to age');
    assert.deepEqual(ledger.loadReport.problems, []);
    await ledger.dispose();
    assert.ok(!fs.existsSync(path.join(dir, 'tasks.lock')));
  });

  it('opens even when the folder cannot be used, and says why', async () => {
    const blocked = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocked, 'a file where the ledger folder should be');
    const ledger = await FileTaskLedger.open({ dir: blocked, flushDelayMs: 10 });
    assert.equal(ledger.all().length, 0);
    assert.match(ledger.loadReport.problems.join('\n'), /could not be loaded/);
    await assert.rejects(ledger.putDurable(sampleRecord(1)), /ENOTDIR|EEXIST/);
    assert.deepEqual(ledger.get('srv/task-1')?.key, 'srv/task-1', 'the record is still kept in memory');
    await assert.rejects(ledger.dispose());
  });
});
