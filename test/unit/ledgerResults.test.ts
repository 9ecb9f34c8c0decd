import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileTaskLedger } from '../../src/core/ledger/fileTaskLedger';
import { makeTempDir, removeDir, sampleRecord, sampleResult } from '../support/ledgerRecords';

describe('FileTaskLedger: results', () => {
  let dir: string;
  let ledger: FileTaskLedger | undefined;
  beforeEach(() => { dir = makeTempDir(); });
  afterEach(async () => {
    await ledger?.dispose().catch(() => undefined);
    ledger = undefined;
    removeDir(dir);
  });

  it('keeps small results inline and puts large ones in a file of their own', async () => {
    ledger = await FileTaskLedger.open({ dir, inlineResultLimitBytes: 1024 });
    const small = sampleResult('small', 100);
    const large = sampleResult('large', 5000);
    const inline = await ledger.storeResult('srv/task-small', small);
    assert.deepEqual(inline, { kind: 'inline', value: small });
    const stored = await ledger.storeResult('srv/task-large: with odd/chars*?', large);
    assert.equal(stored.kind, 'file');
    if (stored.kind !== 'file') return;
    assert.equal(path.dirname(stored.path), path.join(dir, 'results'));
    assert.match(path.basename(stored.path), /^srv_task-large_with_odd_chars_-[0-9a-f]{16}\.json$/);
    assert.equal(stored.bytes, Buffer.byteLength(JSON.stringify(large)));
    assert.equal(fs.statSync(stored.path).size, stored.bytes);

    ledger.put(sampleRecord('small', { status: 'completed', result: inline }));
    ledger.put(sampleRecord('large', { status: 'completed', result: stored }));
    await ledger.dispose();
    ledger = await FileTaskLedger.open({ dir, inlineResultLimitBytes: 1024 });
    assert.deepEqual(await ledger.readResult(ledger.get('srv/task-small')!.result!), small);
    const reloaded = ledger.get('srv/task-large')!.result!;
    assert.deepEqual(reloaded, stored, 'the file path comes back absolute');
    assert.deepEqual(await ledger.readResult(reloaded), large);
  });

  it('writes the exact JSON of a large result whose text has characters of every UTF-8 length', async function () {
    this.timeout(30_000);
    ledger = await FileTaskLedger.open({ dir });
    const mixed = { content: [{ type: 'text', text: 'a"é\n✓😀'.repeat(400_000) }, { type: 'text', text: 'tail' }] };
    const stored = await ledger.storeResult('srv/task-mixed', mixed);
    assert.equal(stored.kind, 'file');
    if (stored.kind !== 'file') return;
    const expected = Buffer.from(JSON.stringify(mixed), 'utf8');
    assert.equal(stored.bytes, expected.length);
    assert.ok(fs.readFileSync(stored.path).equals(expected), 'the file holds JSON.stringify of the result, byte for byte');
  });

  it('round-trips a 20 MB result', async function () {
    this.timeout(30_000);
    ledger = await FileTaskLedger.open({ dir });
    const chunk = 'abcdefghij'.repeat(1000);
    const big = { content: Array.from({ length: 2000 }, (_, i) => ({ type: 'text', text: `${i}:${chunk}` })) };
    const stored = await ledger.storeResult('srv/task-big', big);
    assert.equal(stored.kind, 'file');
    if (stored.kind !== 'file') return;
    assert.ok(stored.bytes > 20_000_000, `${stored.bytes} bytes`);
    await ledger.putDurable(sampleRecord('big', { status: 'completed', result: stored }));
    await ledger.dispose();
    ledger = await FileTaskLedger.open({ dir });
    const back = await ledger.readResult(ledger.get('srv/task-big')!.result!);
    assert.deepEqual(back, big);
  });

  it('removing a record deletes its result file', async () => {
    ledger = await FileTaskLedger.open({ dir, inlineResultLimitBytes: 10 });
    const stored = await ledger.storeResult('srv/task-1', sampleResult('1'));
    assert.equal(stored.kind, 'file');
    if (stored.kind !== 'file') return;
    await ledger.putDurable(sampleRecord(1, { status: 'completed', result: stored }));
    assert.ok(fs.existsSync(stored.path));
    await ledger.remove('srv/task-1');
    assert.ok(!fs.existsSync(stored.path), 'result file removed');
    assert.equal(ledger.get('srv/task-1'), undefined);
    await ledger.dispose();
    ledger = await FileTaskLedger.open({ dir });
    assert.equal(ledger.all().length, 0, 'the removal is durable');
  });

  it('never reads or deletes a file outside the results folder', async () => {
    ledger = await FileTaskLedger.open({ dir });
    const outside = path.join(dir, 'precious.json');
    fs.writeFileSync(outside, '{"keep":true}');
    const stored = { kind: 'file' as const, path: outside, bytes: 13 };
    await assert.rejects(ledger.readResult(stored), /outside the ledger's results folder/);
    await ledger.putDurable(sampleRecord(1, { status: 'completed', result: { ...stored, path: '../precious.json' } }));
    await ledger.remove('srv/task-1');
    assert.ok(fs.existsSync(outside));
  });

  it('says clearly when a result cannot be stored or read', async () => {
    ledger = await FileTaskLedger.open({ dir, inlineResultLimitBytes: 10 });
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await assert.rejects(ledger.storeResult('srv/task-c', circular), /result of srv\/task-c cannot be stored/);
    const stored = await ledger.storeResult('srv/task-d', sampleResult('d'));
    if (stored.kind !== 'file') assert.fail('expected a file');
    fs.writeFileSync(stored.path, '{"content": [');
    await assert.rejects(ledger.readResult(stored), /is damaged/);
    fs.unlinkSync(stored.path);
    await assert.rejects(ledger.readResult(stored), /is missing/);
  });
});
