/**
 * A server reached in 2025-11-25 (its `server/discover` says "method not found") that answers a
 * `tools/call` with a 2026-07-28 task handle, although the client could not have declared the
 * tasks extension. The result is not there to print: the call must fail, say why, and exit
 * non-zero, never end "completed" with nothing on stdout. The same server without the disguise is
 * reached in 2026-07-28 and its results print.
 */
import * as assert from 'node:assert/strict';
import { ensureCliBuilt, killRunningClis, lines, runCli } from '../support/cliRunner';
import { fixtureServer, startHttpServerProcess, type HttpServerProcess } from '../support/httpServerProcess';

const HANDLE_MESSAGE = /failed: the server answered with a task handle \(resultType "task", MCP 2026-07-28\)/;

describe('mcp-tasks CLI with a server whose task capability lies', function () {
  this.timeout(60_000);
  const stdio = (...flags: string[]) => ['--stdio', `"${process.execPath}" "${fixtureServer('tasks2026Server')}" --dual --hide-modern ${flags.join(' ')}`];
  let http: HttpServerProcess | undefined;

  before(() => ensureCliBuilt());
  afterEach(async () => {
    await killRunningClis();
    await http?.stop();
    http = undefined;
  });

  it('fault: capability lies: a plain call answered with a task handle fails with a clear message (in process)', async () => {
    const run = await runCli(['call', ...stdio('--ignore-capability'), 'slow_report', '--in-process']);
    assert.notEqual(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, HANDLE_MESSAGE);
    assert.ok(!lines(run.stderr).some((l) => /^status: completed/.test(l)), run.stderr);
  });

  it('fault: capability lies: a plain call answered with a task handle fails with a clear message (through the task host)', async () => {
    const run = await runCli(['call', ...stdio('--ignore-capability'), 'ask_name']);
    assert.notEqual(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, HANDLE_MESSAGE);
  });

  it('fault: capability lies: the same over Streamable HTTP', async () => {
    http = await startHttpServerProcess([fixtureServer('tasks2026Server'), '--http', '--dual', '--hide-modern', '--ignore-capability']);
    const run = await runCli(['call', '--url', `http://127.0.0.1:${http.port}/mcp`, 'slow_report', '--in-process']);
    assert.notEqual(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, HANDLE_MESSAGE);
  });

  it('fault: capability lies: a task-augmented 2025-11-25 call answered with a 2026 handle fails with a clear message', async () => {
    // The server declares 2025-11-25 task support, so the call goes out with `task`; the reply
    // is a 2026-07-28 handle instead of `{ task }`.
    const run = await runCli(['call', ...stdio('--ignore-capability', '--claim-legacy-tasks'), 'slow_report', '--in-process']);
    assert.notEqual(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /the server answered with a task handle \(resultType "task", MCP 2026-07-28\)/);
  });

  it('fault: capability lies: the raw reply is in the log, shortened', async () => {
    const run = await runCli(['call', ...stdio('--ignore-capability'), 'slow_report', '--in-process'], { env: { MCP_TASKS_DEBUG: '1' } });
    assert.notEqual(run.code, 0, run.stderr);
    const logged = lines(run.stderr).find((l) => l.includes('the reply was {"resultType":"task"'));
    assert.ok(logged, run.stderr);
    assert.ok(logged.length < 1_000, logged);
  });

  it('the dual server answering what the client can read still works: a plain result reaches stdout', async () => {
    const run = await runCli(['call', ...stdio('--ignore-capability'), 'bare_answer', '--in-process']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'bare answer\n');
  });

  it('the same dual server, asked in 2026-07-28, runs the task and prints its result (in process, through the task host, over HTTP)', async () => {
    const modern = ['--stdio', `"${process.execPath}" "${fixtureServer('tasks2026Server')}" --dual --ignore-capability`];
    const inProcess = await runCli(['call', ...modern, 'slow_report', '--in-process']);
    assert.equal(inProcess.code, 0, inProcess.stderr);
    assert.equal(inProcess.stdout, 'report ready\n', inProcess.stderr);
    assert.ok(lines(inProcess.stderr).some((l) => /^status: completed/.test(l)), inProcess.stderr);

    const hosted = await runCli(['call', ...modern, 'slow_report']);
    assert.equal(hosted.code, 0, hosted.stderr);
    assert.equal(hosted.stdout, 'report ready\n', hosted.stderr);

    http = await startHttpServerProcess([fixtureServer('tasks2026Server'), '--http', '--dual']);
    const overHttp = await runCli(['call', '--url', `http://127.0.0.1:${http.port}/mcp`, 'slow_report', '--in-process']);
    assert.equal(overHttp.code, 0, overHttp.stderr);
    assert.equal(overHttp.stdout, 'report ready\n', overHttp.stderr);
  });

  it('tools of a 2026-07-28 server are listed as the server decides per call, not as task:forbidden', async () => {
    const run = await runCli(['tools', '--stdio', `"${process.execPath}" "${fixtureServer('tasks2026Server')}"`]);
    assert.equal(run.code, 0, run.stderr);
    const slow = lines(run.stdout).find((l) => l.includes('slow_report'));
    assert.ok(slow, run.stdout);
    assert.doesNotMatch(slow, /forbidden/);
  });
});
