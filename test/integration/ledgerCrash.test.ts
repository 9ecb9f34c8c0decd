import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileTaskLedger } from '../../src/core/ledger/fileTaskLedger';
import { JOURNAL_FILE, SNAPSHOT_FILE } from '../../src/core/ledger/ledgerStorage';
import { seededRandom, writerResult, WRITER_OPTIONS } from '../fixtures/ledgerWriter';
import { makeTempDir, removeDir, sampleRecord } from '../support/ledgerRecords';
import { waitFor } from '../support/waitFor';

const WRITER = path.resolve(__dirname, '../fixtures/ledgerWriter.js');

interface Writer {
  child: ChildProcess;
  durable: string[];
  lines: string[];
  exited: Promise<void>;
}

function startWriter(dir: string, prefix: string, seed: number): Writer {
  const child = spawn(process.execPath, [WRITER, dir, prefix, String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const writer: Writer = { child, durable: [], lines: [], exited: new Promise((resolve) => child.once('exit', () => resolve())) };
  let buffered = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) !== -1) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      writer.lines.push(line);
      if (line.startsWith('durable ')) writer.durable.push(line.slice('durable '.length));
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => writer.lines.push(`stderr ${chunk}`));
  return writer;
}

describe('ledger crash safety', function () {
  this.timeout(120_000);
  let dir: string;
  let writer: Writer | undefined;

  beforeEach(() => { dir = makeTempDir('ledger-crash-'); });
  afterEach(async () => {
    if (writer && writer.child.exitCode === null && writer.child.signalCode === null) {
      writer.child.kill('SIGKILL');
      await writer.exited;
    }
    writer = undefined;
    removeDir(dir);
  });

  it('kill-and-reload: a writer killed at random moments never loses a record it reported durable', async () => {
    const random = seededRandom(20251125);
    const rounds = 8;
    const reported: string[] = [];
    let recovered = 0;
    let locksLeft = 0;
    let tempsLeft = 0;
    for (let round = 0; round < rounds; round++) {
      writer = startWriter(dir, `r${round}`, 1000 + round);
      const target = 5 + Math.floor(random() * 40);
      await waitFor(() => writer!.durable.length >= target || writer!.child.exitCode !== null, {
        timeoutMs: 30_000, what: `round ${round}: ${target} durable records`,
      });
      assert.equal(writer.child.exitCode, null, `writer failed: ${writer.lines.join('\n')}`);
      // Fault injection, not synchronisation: vary where in its write cycle the writer dies.
      const extraMs = Math.floor(random() * 15);
      if (extraMs > 0) await new Promise((resolve) => setTimeout(resolve, extraMs));
      writer.child.kill('SIGKILL');
      await writer.exited;
      reported.push(...writer.durable);
      // Evidence of where the kill landed: inside a locked write, or mid result-file write.
      if (fs.existsSync(path.join(dir, 'tasks.lock'))) locksLeft++;
      tempsLeft += [dir, path.join(dir, 'results')].flatMap((d) => fs.existsSync(d) ? fs.readdirSync(d) : []).filter((n) => n.endsWith('.tmp')).length;

      const ledger = await FileTaskLedger.open({ dir, ...WRITER_OPTIONS, lock: { timeoutMs: 10_000 } });
      try {
        for (const problem of ledger.loadReport.problems) {
          assert.match(problem, /cut short \(a crash while writing\)/, 'only a torn last line is expected after a kill');
        }
        recovered += ledger.loadReport.recoveredFiles.length;
        for (const key of reported) {
          const record = ledger.get(key);
          assert.ok(record, `round ${round}: durable record ${key} is missing`);
          assert.equal(record.status, 'completed', key);
          assert.deepEqual(await ledger.readResult(record.result!), writerResult(key), `result of ${key}`);
        }
      } finally {
        await ledger.dispose();
      }
    }
    const files = fs.readdirSync(path.join(dir, 'results')).filter((n) => n.endsWith('.json')).length;
    console.log(`ledger: ${rounds} kill rounds, ${reported.length} durable records verified, ${files} result files, ${recovered} torn journals recovered, killed holding the lock ${locksLeft}x, ${tempsLeft} temp files left by kills`);
  });

  it('a file cut off mid-way (crash mid-write) loses nothing written before the cut', async () => {
    const seed = await FileTaskLedger.open({ dir, compactAfterBytes: 1 });
    for (let i = 0; i < 20; i++) seed.put(sampleRecord(`s${i}`));
    await seed.flush(); // one append, compacted into the snapshot
    const journalKeys: string[] = [];
    const big = await FileTaskLedger.open({ dir, compactAfterBytes: 10_000_000 });
    for (let i = 0; i < 10; i++) {
      journalKeys.push(`srv/task-j${i}`);
      await big.putDurable(sampleRecord(`j${i}`));
    }
    await Promise.all([seed.dispose(), big.dispose()]);
    const journalPath = path.join(dir, JOURNAL_FILE);
    const snapshotPath = path.join(dir, SNAPSHOT_FILE);
    const journal = fs.readFileSync(journalPath);
    const snapshot = fs.readFileSync(snapshotPath);
    const lineEnds = (buf: Buffer) => [...buf.entries()].filter(([, b]) => b === 10).map(([i]) => i + 1);

    // The journal, cut inside each of several lines.
    const jEnds = lineEnds(journal);
    for (const lineIndex of [1, 4, 9, 10]) {
      const cut = jEnds[lineIndex] - 7; // inside line `lineIndex` (0 is the header)
      fs.writeFileSync(snapshotPath, snapshot);
      fs.writeFileSync(journalPath, journal.subarray(0, cut));
      const ledger = await FileTaskLedger.open({ dir });
      const keys = new Set(ledger.all().map((r) => r.key));
      assert.equal(keys.size, 20 + lineIndex - 1, `journal cut in line ${lineIndex}`);
      for (let i = 0; i < 20; i++) assert.ok(keys.has(`srv/task-s${i}`));
      for (const key of journalKeys.slice(0, lineIndex - 1)) assert.ok(keys.has(key), `${key} before the cut`);
      assert.match(ledger.loadReport.problems.join('\n'), /tasks\.journal\.jsonl .*cut short/);
      assert.equal(ledger.loadReport.recoveredFiles.length, 1);
      await ledger.dispose();
    }

    // The snapshot cut short (damage from outside: snapshots are only ever replaced whole).
    const sEnds = lineEnds(snapshot);
    fs.writeFileSync(snapshotPath, snapshot.subarray(0, sEnds[12] - 3)); // header + 11 records + part of the 12th
    fs.writeFileSync(journalPath, journal);
    const ledger = await FileTaskLedger.open({ dir });
    assert.equal(ledger.all().length, 11 + 10);
    assert.match(ledger.loadReport.problems.join('\n'), /tasks\.snapshot\.jsonl .*cut short.*kept as tasks\.snapshot\.jsonl\.corrupt-/);
    await ledger.dispose();
    const backupsKept = fs.readdirSync(dir).filter((n) => n.includes('.corrupt-')).length;
    assert.equal(backupsKept, 5, 'every damaged file was kept');
  });
});
