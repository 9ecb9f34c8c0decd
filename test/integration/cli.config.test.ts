/**
 * `servers --config FILE` and `--server NAME --config FILE`: the editor's mcp.json format, with
 * `${input:token}` supplied by MCP_TASKS_INPUT_TOKEN (no terminal in tests).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSharedTaskServer, type SharedTaskServer } from '../fixtures/servers/sharedTaskServerProcess';
import { ensureCliBuilt, killRunningClis, lines, runCli } from '../support/cliRunner';
import { everythingEntry, fixtureServer } from '../support/httpServerProcess';

describe('mcp-tasks CLI with an mcp.json', function () {
  this.timeout(60_000);
  const token = 's3cret-token-value';
  let server: SharedTaskServer;
  let dir: string;
  let configFile: string;

  before(async () => {
    await ensureCliBuilt();
    server = await startSharedTaskServer({ token });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-tasks-cli-'));
    configFile = path.join(dir, 'mcp.json');
    fs.writeFileSync(configFile, `{
      // JSONC, as the editor writes it
      "inputs": [{ "type": "promptString", "id": "token", "description": "API token", "password": true }],
      "servers": {
        "shared": { "type": "http", "url": "${server.url}", "headers": { "Authorization": "Bearer \${input:token}" } },
        "everything": { "command": ${JSON.stringify(process.execPath)}, "args": [${JSON.stringify(everythingEntry)}, "stdio"] },
        "broken": { "command": ${JSON.stringify(process.execPath)}, "args": [${JSON.stringify(fixtureServer('connectionExitsAtOnce'))}] }
      }
    }`);
  });

  afterEach(() => killRunningClis());
  after(async () => {
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  function row(stdout: string, name: string): string {
    const found = lines(stdout).find((l) => l.startsWith(`${name} `));
    assert.ok(found, `a row for ${name} in:\n${stdout}`);
    return found;
  }

  it('lists every server with its state, the token coming from MCP_TASKS_INPUT_TOKEN', async () => {
    const run = await runCli(['servers', '--config', configFile], { env: { MCP_TASKS_INPUT_TOKEN: token } });
    assert.equal(run.code, 0, run.stderr);
    assert.match(row(run.stdout, 'shared'), /^shared\s+http\s+running\s+1 tools \(1 with tasks\)/);
    assert.match(row(run.stdout, 'everything'), /^everything\s+stdio\s+running\s+\d+ tools \(\d+ with tasks\)/);
    assert.match(row(run.stdout, 'broken'), /^broken\s+stdio\s+error: .*exited with code 3.*API_TOKEN is not set/);
    assert.doesNotMatch(run.stdout + run.stderr, new RegExp(token), 'the secret is never printed');
  });

  it('without the variable and without a terminal, says which variable to set', async () => {
    const run = await runCli(['servers', '--config', configFile], { env: { MCP_TASKS_INPUT_TOKEN: undefined } });
    assert.equal(run.code, 0, run.stderr);
    assert.match(row(run.stdout, 'shared'), /error: server "shared" needs input "token": set MCP_TASKS_INPUT_TOKEN/);
  });

  it('a wrong token shows the server refusing the connection', async () => {
    const run = await runCli(['servers', '--config', configFile], { env: { MCP_TASKS_INPUT_TOKEN: 'wrong' } });
    assert.equal(run.code, 0, run.stderr);
    assert.match(row(run.stdout, 'shared'), /error: .*401/);
  });

  it('--no-connect lists the servers without starting them', async () => {
    const run = await runCli(['servers', '--config', configFile, '--no-connect'], { env: { MCP_TASKS_INPUT_TOKEN: token } });
    assert.equal(run.code, 0, run.stderr);
    assert.match(row(run.stdout, 'everything'), /not started/);
  });

  it('call --server NAME --config FILE runs a task on a configured server', async () => {
    const run = await runCli(['call', '--server', 'shared', '--config', configFile, 'job', '--args', '{"ms":200,"steps":2,"text":"from config"}'],
      { env: { MCP_TASKS_INPUT_TOKEN: token } });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'from config\n');
  });

  it('an unknown server name and a missing config file are one-line usage errors', async () => {
    const unknown = await runCli(['tools', '--server', 'nope', '--config', configFile]);
    assert.equal(unknown.code, 2);
    assert.deepEqual(lines(unknown.stderr), [`mcp-tasks: no server "nope" in ${configFile} (servers: shared, everything, broken)`]);
    const missing = await runCli(['servers', '--config', path.join(dir, 'absent.json')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^mcp-tasks: cannot read config .*absent\.json: no such file\n$/);
  });
});
