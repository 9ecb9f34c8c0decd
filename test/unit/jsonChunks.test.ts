import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { jsonChunks } from '../../src/core/ledger/jsonChunks';
import { ResultFiles } from '../../src/core/ledger/resultFiles';

const whole = (value: unknown, size: number) => [...jsonChunks(value, size)].join('');

describe('JSON in pieces (large results written without one whole string)', () => {
  const samples: unknown[] = [
    { content: [{ type: 'text', text: 'x'.repeat(1000) }], isError: false },
    { a: undefined, b: () => 1, c: Symbol('s'), d: [undefined, () => 1, Symbol('t'), NaN, Infinity, -0], e: null, f: new Date(0), g: { toJSON: () => 'custom' } },
    { h: { toJSON: () => undefined }, i: 'after' },
    ['quote " backslash \\ newline \n tab \t control \u0001 and \u2028'],
    { pairs: '😀'.repeat(300), lone: `a\ud800b\udc00c${'😀'.repeat(5)}\ud83d` },
    { nested: { deeper: [1, 2, { x: 'y'.repeat(257) }] }, 'key "quoted"': true },
    'top-level string of some length '.repeat(20),
    42,
    null,
  ];

  it('writes exactly what JSON.stringify writes, whatever the piece size (surrogate pairs never split)', () => {
    for (const sample of samples) {
      for (const size of [1, 2, 3, 7, 64, 1 << 20]) {
        assert.equal(whole(sample, size), JSON.stringify(sample), `size ${size}: ${JSON.stringify(sample).slice(0, 60)}`);
      }
    }
  });

  it('keeps each piece near its size, so a long text is never one string', () => {
    const pieces = [...jsonChunks({ content: [{ type: 'text', text: 'z'.repeat(100_000) }] }, 4096)];
    assert.ok(pieces.length > 20, `${pieces.length} pieces`);
    assert.ok(pieces.every((p) => p.length <= 2 * 4096 + 64), `largest ${Math.max(...pieces.map((p) => p.length))}`);
  });

  it('fault: huge payloads: a large result file holds exactly the JSON of the result, and a small one stays inline', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-json-pieces-'));
    try {
      const files = new ResultFiles(dir, () => undefined);
      const large = { content: [{ type: 'text', text: `${'\u{1f600}'.repeat(1_500_000)}"\\\n` }], structuredContent: { n: 1 } };
      const stored = await files.store('srv/large', large, 256 * 1024);
      assert.equal(stored.kind, 'file');
      if (stored.kind !== 'file') return;
      const written = fs.readFileSync(stored.path);
      assert.equal(written.toString('utf8'), JSON.stringify(large));
      assert.equal(stored.bytes, written.length);
      assert.deepEqual(await files.read(stored), large);
      const small = { content: [{ type: 'text', text: 'short' }] };
      assert.deepEqual(await files.store('srv/small', small, 256 * 1024), { kind: 'inline', value: small });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a cycle, as JSON.stringify does', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    assert.throws(() => whole(cyclic, 16), /circular/);
  });
});
