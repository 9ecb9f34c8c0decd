/**
 * What a server wrote, on its way to a terminal: control sequences and control characters go,
 * the text stays; a result piped elsewhere keeps every byte.
 */
import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { writeJson, writeResult, type Stdout } from '../../src/cli/resultOutput';
import { Terminal } from '../../src/cli/terminal';
import { printable, printableJson } from '../../src/cli/terminalText';

const ESC = '\x1b';
const BEL = '\x07';

/** A stream that records what is written, a terminal or not. */
function sink(tty: boolean, columns = 80): { stream: PassThrough & { isTTY: boolean; columns: number }; written: () => string } {
  const stream = Object.assign(new PassThrough(), { isTTY: tty, columns });
  let written = '';
  stream.on('data', (chunk: Buffer) => { written += chunk.toString(); });
  return { stream, written: () => written };
}

describe('terminal text', () => {
  it('fault: hostile text: OSC window-title sequences go, whether BEL or ST ends them', () => {
    assert.equal(printable(`a${ESC}]0;owned${BEL}b`), 'ab');
    assert.equal(printable(`a${ESC}]2;owned${ESC}\\b`), 'ab');
    assert.equal(printable(`a${ESC}]0;owned\u009cb`), 'ab');
  });

  it('fault: hostile text: CSI sequences (clear screen, cursor moves, colours, private modes) go', () => {
    assert.equal(printable(`${ESC}[2J${ESC}[Hclean${ESC}[5A${ESC}[1;31mred${ESC}[0m${ESC}[?25l`), 'cleanred');
    // A sequence broken off by something that cannot belong to it loses only what it had.
    assert.equal(printable(`${ESC}[12\u00e9t\u00e9`), '\u00e9t\u00e9');
  });

  it('fault: hostile text: 8-bit C1 controls go: CSI, OSC to ST, and every other C1 character', () => {
    assert.equal(printable('a\u009b31mb'), 'ab');
    assert.equal(printable('a\u009d0;owned\u009cb'), 'ab');
    assert.equal(printable('a\u0090dcs\u009cb\u0085c\u008dd\u0080\u009ae\u009fapc\u009c'), 'abcde');
  });

  it('fault: hostile text: a lone ESC goes by itself; two-character escapes (reset, save cursor) go whole', () => {
    assert.equal(printable(`a${ESC}`), 'a');
    assert.equal(printable(`a${ESC}\u00e9b`), 'a\u00e9b');
    assert.equal(printable(`a${ESC}cb${ESC}7c${ESC}(Bd${ESC}Me`), 'abcde');
  });

  it('fault: hostile text: a hyperlink keeps its text and loses its target', () => {
    assert.equal(printable(`see ${ESC}]8;;https://example.invalid/${BEL}the docs${ESC}]8;;${BEL} now`), 'see the docs now');
    assert.equal(printable(`see ${ESC}]8;id=1;https://example.invalid/${ESC}\\the docs${ESC}]8;;${ESC}\\ now`), 'see the docs now');
  });

  it('fault: hostile text: an unterminated control string hides the rest, as the terminal would; an ESC breaks it off', () => {
    assert.equal(printable(`shown${ESC}]0;never ended`), 'shown');
    assert.equal(printable(`a${ESC}]0;title${ESC}[31mb`), 'ab');
  });

  it('fault: hostile text: other controls go; line breaks and tabs stay only in multi-line text; a lone CR ends the line', () => {
    assert.equal(printable('a\x00b\x08c\x0bd\x0ce\x7ff\x07g'), 'abcdefg');
    assert.equal(printable('one\ntwo\tthree\r\nfour\rfive'), 'one two three four five');
    assert.equal(printable('one\ntwo\tthree\r\nfour\rfive', { multiline: true }), 'one\ntwo\tthree\nfour\nfive');
  });

  it('keeps printable text of every script as it is', () => {
    const text = 'caf\u00e9 \u65e5\u672c \u{1f600} \u00a0\u2014 [x] ~';
    assert.equal(printable(text), text);
  });

  it('fault: hostile text: JSON on a terminal escapes DEL and C1 and still reads as the same value', () => {
    const value = { text: `a\u009b2Jb\u007fc${ESC}[2J` };
    const json = printableJson(JSON.stringify(value));
    assert.doesNotMatch(json, /[\u0000-\u001f\u007f-\u009f]/);
    assert.deepEqual(JSON.parse(json), value);
  });

  it('fault: hostile text: a status message cannot set the terminal title', () => {
    const err = sink(true);
    const terminal = new Terminal({ stdin: new PassThrough() as unknown as NodeJS.ReadStream, stderr: err.stream as unknown as NodeJS.WriteStream });
    terminal.line(`status: working: ${ESC}]0;owned${BEL}step 1\u009d2;owned\u009c`);
    assert.equal(err.written(), 'status: working: step 1\n');
  });

  it('fault: hostile text: the progress line is cut by visible characters, never inside an escape sequence', () => {
    const err = sink(true, 32);
    const terminal = new Terminal({ stdin: new PassThrough() as unknown as NodeJS.ReadStream, stderr: err.stream as unknown as NodeJS.WriteStream });
    // 31 columns: 30 characters and the ellipsis. The hyperlink's target alone is longer than that.
    terminal.progress(`[####] 1/2 ${ESC}]8;;https://example.invalid/${'x'.repeat(40)}${BEL}downloading the \u{1f4e6} parts${ESC}]8;;${BEL}`);
    const drawn = err.written();
    assert.ok(drawn.startsWith('\r\x1b[K'), JSON.stringify(drawn));
    const bar = drawn.slice('\r\x1b[K'.length);
    assert.equal(bar, '[####] 1/2 downloading the \u{1f4e6} p…');
    assert.equal(Array.from(bar).length, 31);
  });

  it('fault: hostile text: a result is byte-exact when piped and printable on a terminal', async () => {
    const result = `line 1${ESC}]0;owned${BEL}\r\nline 2\u009b2J\tend`;
    const piped = sink(false);
    await writeResult(result, piped.stream as Stdout);
    assert.equal(piped.written(), `${result}\n`);
    const tty = sink(true);
    await writeResult(result, tty.stream as Stdout);
    assert.equal(tty.written(), 'line 1\nline 2\tend\n');
  });

  it('fault: huge payloads: a result of megabytes is written in pieces, byte-exact (no character cut between two pieces)', async () => {
    const result = `a${'\u{1f600}'.repeat(700_000)}end`;
    const stream = Object.assign(new PassThrough({ highWaterMark: 64 * 1024 }), { isTTY: false });
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    await writeResult(result, stream as Stdout);
    assert.ok(chunks.length >= 2, `${chunks.length} writes`);
    assert.equal(Buffer.concat(chunks).toString('utf8'), `${result}\n`);
    assert.ok(Math.max(...chunks.map((c) => c.length)) <= 4 * 1024 * 1024, 'no write of the whole text');
  });

  it('fault: hostile text: --json output is exact when piped and escaped on a terminal', async () => {
    const value = { text: 'a\u009d0;owned\u009cb' };
    const piped = sink(false);
    await writeJson(value, piped.stream as Stdout);
    assert.equal(piped.written(), `${JSON.stringify(value, null, 2)}\n`);
    const tty = sink(true);
    await writeJson(value, tty.stream as Stdout);
    assert.doesNotMatch(tty.written(), /[\u007f-\u009f]/);
    assert.deepEqual(JSON.parse(tty.written()), value);
  });
});
