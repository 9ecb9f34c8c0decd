/**
 * A server that puts terminal control sequences into everything it sends: what the CLI writes on
 * stderr and in its listings is the text without them; a result piped to a file keeps every byte.
 */
import * as assert from 'node:assert/strict';
import { ensureCliBuilt, killRunningClis, lines, runCli } from '../support/cliRunner';
import { fixtureServer } from '../support/httpServerProcess';

/** What a terminal would obey in it; what it would show is "beforelink", a line break, "after". */
const HOSTILE = [
  'before',
  '\x1b]0;window title\x07', // OSC 0 ended by BEL: the window title
  '\x1b]2;window title\x1b\\', // OSC 2 ended by ST
  '\x1b[2J\x1b[H', // CSI: clear the screen, cursor home
  '\x1b]8;;https://example.invalid/\x07link\x1b]8;;\x07', // OSC 8: a hyperlink
  '\x07', // the bell
  '\x1b[5A', // cursor five lines up
  '\u009b31m', // 8-bit CSI: red
  '\u009d0;window title\u009c', // 8-bit OSC ended by the 8-bit ST
  '\r', // back to the start of the line, to write over it
  '\x1bc', // full reset
  'after',
].join('');

/** Any control character but the line feed. */
const CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;

describe('mcp-tasks CLI with a server that writes terminal control sequences', function () {
  this.timeout(60_000);
  const server = ['--stdio', `"${process.execPath}" "${fixtureServer('hostileTextServer')}"`];
  const env = { HOSTILE_TEXT: HOSTILE };

  before(() => ensureCliBuilt());
  afterEach(() => killRunningClis());

  function assertPlain(text: string, what: string): void {
    const found = CONTROL.exec(text);
    assert.equal(found, null, `${what} has ${JSON.stringify(found?.[0])} in:\n${JSON.stringify(text)}`);
  }

  it('fault: hostile text: a tool description in the tools listing cannot drive the terminal', async () => {
    const run = await runCli(['tools', ...server], { env });
    assert.equal(run.code, 0, run.stderr);
    assertPlain(run.stdout, 'stdout');
    assert.match(run.stdout, /^ {2}Greets: beforelink\nafter$/m);
  });

  it('fault: hostile text: status messages, progress and questions reach stderr as text; the piped result keeps every byte', async () => {
    // In this process the reporter sees every change of the task; through the task host the
    // changes before the call returns are seen only as the state they led to.
    const run = await runCli(['call', ...server, 'greet', '--answer', 'decline', '--in-process'], { env });
    assert.equal(run.code, 0, run.stderr);
    assertPlain(run.stderr, 'stderr');
    const err = lines(run.stderr);
    for (const line of ['status: working: beforelink after', 'progress: 1/2 (50%) beforelink after', 'status: input_required: beforelink after']) {
      assert.ok(err.includes(line), `"${line}" in:\n${run.stderr}`);
    }
    assert.ok(err.some((l) => /^elicitation from .*: beforelink after$/.test(l)), run.stderr);
    assert.equal(run.stdout, `${HOSTILE}\n`);
  });

  it('fault: hostile text: a failure message from the server reaches the error line as text', async () => {
    const run = await runCli(['call', ...server, 'fail'], { env });
    assert.equal(run.code, 1, run.stderr);
    assertPlain(run.stderr, 'stderr');
    assert.equal(lines(run.stderr).at(-1), 'mcp-tasks: failed: beforelink after');
  });

  it('fault: hostile text: a status message in tasks list and tasks get cannot drive the terminal', async () => {
    const list = await runCli(['tasks', ...server, 'list'], { env });
    assert.equal(list.code, 0, list.stderr);
    assertPlain(list.stdout, 'tasks list');
    const row = /^(\S+) {2}working .* {2}beforelink after$/m.exec(list.stdout);
    assert.ok(row, list.stdout);
    const get = await runCli(['tasks', ...server, 'get', row[1]], { env });
    assert.equal(get.code, 0, get.stderr);
    assertPlain(get.stdout, 'tasks get');
    assert.match(get.stdout, /^statusMessage: +beforelink\nafter$/m);
  });

  it('fault: hostile text: what a server that failed to start wrote on stderr reaches the error line as text', async () => {
    const broken = ['--stdio', `"${process.execPath}" "${fixtureServer('hostileTextServer')}" --exit-at-once`];
    const run = await runCli(['tools', ...broken], { env });
    assert.equal(run.code, 2, run.stderr);
    assertPlain(run.stderr, 'stderr');
    assert.match(run.stderr, /^mcp-tasks: cannot connect to .*exited with code 3.*beforelink after\n$/);
  });
});
