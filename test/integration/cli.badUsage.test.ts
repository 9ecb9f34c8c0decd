/**
 * Bad usage and unreachable servers: exactly one clear line on stderr, exit 2, no stack trace.
 */
import * as assert from 'node:assert/strict';
import { ensureCliBuilt, killRunningClis, lines, runCli, type CliResult } from '../support/cliRunner';
import { everythingEntry, fixtureServer, freePort } from '../support/httpServerProcess';

function assertOneLineUsage(run: CliResult, pattern: RegExp): void {
  assert.equal(run.code, 2, `exit code; stderr: ${run.stderr}`);
  const err = lines(run.stderr);
  assert.equal(err.length, 1, `exactly one stderr line, got:\n${run.stderr}`);
  assert.match(err[0], /^mcp-tasks: /);
  assert.match(err[0], pattern);
  assert.doesNotMatch(run.stderr, /^\s+at /m, 'no stack trace');
  assert.equal(run.stdout, '');
}

describe('mcp-tasks CLI bad usage', function () {
  this.timeout(60_000);
  const everything = ['--stdio', `"${process.execPath}" "${everythingEntry}" stdio`];

  before(() => ensureCliBuilt());
  afterEach(() => killRunningClis());

  it('unknown command', async () => {
    assertOneLineUsage(await runCli(['frobnicate']), /unknown command "frobnicate"/);
  });

  it('unknown option', async () => {
    assertOneLineUsage(await runCli(['call', ...everything, 'echo', '--colour']), /unknown option --colour for "call"/);
  });

  it('bad JSON in --args', async () => {
    assertOneLineUsage(await runCli(['call', ...everything, 'echo', '--args', '{"message":']), /--args is not valid JSON/);
  });

  it('--args that is not an object', async () => {
    assertOneLineUsage(await runCli(['call', ...everything, 'echo', '--args', '[1,2]']), /--args must be a JSON object/);
  });

  it('unknown tool', async () => {
    assertOneLineUsage(await runCli(['call', ...everything, 'no-such-tool']), /unknown tool "no-such-tool"/);
  });

  it('unreachable URL (a closed port on 127.0.0.1)', async () => {
    const port = await freePort();
    assertOneLineUsage(await runCli(['tools', '--url', `http://127.0.0.1:${port}/mcp`]), new RegExp(`cannot connect to http://127\\.0\\.0\\.1:${port}/mcp: .*ECONNREFUSED`));
  });

  it('a server that exits at once', async () => {
    const run = await runCli(['call', '--stdio', `"${process.execPath}" "${fixtureServer('connectionExitsAtOnce')}"`, 'anything']);
    assertOneLineUsage(run, /cannot connect to .*exited with code 3.*API_TOKEN is not set/);
  });

  it('a command that does not exist', async () => {
    assertOneLineUsage(await runCli(['tools', '--stdio', 'no-such-command-mcp-tasks --flag']), /cannot connect to .*no-such-command-mcp-tasks/);
  });

  it('no target, and two targets', async () => {
    assertOneLineUsage(await runCli(['tools']), /no server given: use --url URL/);
    assertOneLineUsage(await runCli(['tools', '--url', 'http://127.0.0.1:1/mcp', ...everything]), /give only one of --url, --stdio/);
  });

  it('an unknown tasks action and a missing task id', async () => {
    assertOneLineUsage(await runCli(['tasks', ...everything, 'explode']), /unknown tasks action "explode"/);
    assertOneLineUsage(await runCli(['tasks', ...everything, 'get']), /tasks get needs a task ID/);
  });

  it('--help per command prints usage on stdout and exits 0', async () => {
    for (const command of ['servers', 'tools', 'call', 'tasks']) {
      const run = await runCli([command, '--help']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`^usage: mcp-tasks ${command}`));
      assert.equal(run.stderr, '');
    }
  });
});
