import * as assert from 'node:assert/strict';
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
});
