import * as assert from 'node:assert/strict';
import { LineBytes } from '../../src/core/servers/lineBytes';
import { LineFramer } from '../../src/core/servers/lineFramer';

const line = (id: number, text: string) => `${JSON.stringify({ jsonrpc: '2.0', id, result: { text } })}\n`;
const textOf = (message: unknown) => (message as { result: { text: string } }).result.text;

function readAll(framer: LineFramer): unknown[] {
  const out: unknown[] = [];
  for (let m = framer.readMessage(); m !== null; m = framer.readMessage()) out.push(m);
  return out;
}

describe('stdio line framing', () => {
  it('reads several messages from one chunk and one message from many chunks', () => {
    const framer = new LineFramer(1024 * 1024);
    framer.append(Buffer.from(line(1, 'a') + line(2, 'b')));
    assert.deepEqual(readAll(framer).map(textOf), ['a', 'b']);
    const big = Buffer.from(line(3, 'x'.repeat(100_000)));
    for (let i = 0; i < big.length; i += 1000) framer.append(big.subarray(i, i + 1000));
    assert.deepEqual(readAll(framer).map((m) => textOf(m).length), [100_000]);
  });

  it('keeps a character split between chunks whole, and accepts CRLF line ends', () => {
    const framer = new LineFramer(1024);
    const bytes = Buffer.from(line(1, 'grüße ✓').replace('\n', '\r\n'));
    const split = bytes.indexOf(0xc3) + 1; // inside "ü"
    framer.append(bytes.subarray(0, split));
    assert.equal(framer.readMessage(), null);
    framer.append(bytes.subarray(split));
    assert.deepEqual(readAll(framer).map(textOf), ['grüße ✓']);
  });

  it('says a message is half received until its line ends', () => {
    const framer = new LineFramer(1024);
    const bytes = Buffer.from(line(1, 'half'));
    framer.append(bytes.subarray(0, 5));
    readAll(framer);
    assert.equal(framer.activity.busy, true);
    framer.append(bytes.subarray(5));
    assert.equal(readAll(framer).length, 1);
    assert.equal(framer.activity.busy, false);
  });

  it('fault: huge payloads: refuses a message over its limit with a clear error, then reads on', () => {
    const framer = new LineFramer(100);
    assert.throws(() => framer.append(Buffer.from('x'.repeat(101))), /message larger than 100 bytes, the most this host accepts/);
    framer.append(Buffer.from(line(1, 'next')));
    assert.deepEqual(readAll(framer).map(textOf), ['next']);
  });

  it('reads a message of several megabytes sent in odd-sized chunks that cut characters, then short ones', () => {
    const framer = new LineFramer(16 * 1024 * 1024);
    const text = 'aé✓😀'.repeat(300_000); // 1-, 2-, 3- and 4-byte characters: about 3 MB
    const bytes = Buffer.from(line(1, text) + line(2, 'after'));
    for (let i = 0; i < bytes.length; i += 65_537) framer.append(bytes.subarray(i, i + 65_537));
    const [first, second] = readAll(framer);
    assert.equal(textOf(first).length, text.length);
    assert.ok(textOf(first) === text, 'the long text is exact');
    assert.equal(textOf(second), 'after');
    framer.append(Buffer.from(line(3, 'short')));
    assert.deepEqual(readAll(framer).map(textOf), ['short']);
    assert.equal(framer.activity.busy, false);
  });
});

describe('a line still being received', () => {
  it('keeps short and long lines byte for byte and holds nothing once the text is taken', () => {
    const bytes = new LineBytes(8 * 1024 * 1024);
    const long = Buffer.from('xyz✓'.repeat(500_000)); // 3 MB: moves into the growing buffer part way
    for (let i = 0; i < long.length; i += 300_001) bytes.add(long.subarray(i, i + 300_001));
    assert.equal(bytes.length, long.length);
    assert.ok(bytes.takeText() === long.toString('utf8'));
    assert.equal(bytes.length, 0);
    bytes.add(Buffer.from('ab'));
    bytes.add(Buffer.from('c'));
    assert.equal(bytes.takeText(), 'abc');
  });

  it('keeps a line that arrives a byte at a time in one buffer, not a buffer per byte', () => {
    const bytes = new LineBytes(8 * 1024 * 1024);
    const text = Buffer.from('ab✓'.repeat(20_000));
    for (let i = 0; i < text.length; i++) bytes.add(text.subarray(i, i + 1));
    const held = (bytes as unknown as { chunks: Buffer[] }).chunks.length;
    assert.ok(held <= 64, `${held} chunks held`);
    assert.ok(bytes.takeText() === text.toString('utf8'));
  });

  it('fault: huge payloads: a long line over the limit is refused and nothing of it is kept', () => {
    const bytes = new LineBytes(3 * 1024 * 1024);
    bytes.add(Buffer.alloc(2 * 1024 * 1024, 0x61));
    assert.throws(() => bytes.add(Buffer.alloc(1024 * 1024 + 1, 0x61)), /message larger than 3\.0 MB|message larger than 3 MB/);
    assert.equal(bytes.length, 0);
    bytes.add(Buffer.from('next'));
    assert.equal(bytes.takeText(), 'next');
  });
});

