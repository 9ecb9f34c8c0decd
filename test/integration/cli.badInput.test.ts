/**
 * Input the CLI cannot use as given: a config file that does not parse or has errors, a form
 * that --answer accept-defaults cannot fill, a program or URL that is not an MCP server. Each
 * gets a clear message and the right exit code, and nothing that could be shown is left out.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureCliBuilt, killRunningClis, lines, runCli } from '../support/cliRunner';
import { everythingEntry, fixtureServer } from '../support/httpServerProcess';

describe('mcp-tasks CLI with input it cannot use', function () {
  this.timeout(60_000);
  let dir: string;

  before(async () => {
    await ensureCliBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-tasks-cli-input-'));
  });
  afterEach(() => killRunningClis());
  after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

  function config(name: string, text: string): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  }

  const everything = `{ "command": ${JSON.stringify(process.execPath)}, "args": [${JSON.stringify(everythingEntry)}, "stdio"] }`;

  it('fault: bad input: call --server on a config with a JSON syntax error reports the file\'s error with line:column', async () => {
    const file = config('syntax.json', `{\n  "servers": {\n    "everything": ${everything}\n  }\n  "inputs": []\n}\n`);
    const run = await runCli(['call', '--server', 'everything', '--config', file, 'echo']);
    assert.equal(run.code, 2, run.stderr);
    assert.deepEqual(lines(run.stderr), [`mcp-tasks: cannot look up server "everything": ${file}:5:3: Invalid JSON: Expected "," or "}" after a property value.`]);
  });

  it('fault: bad input: servers exits 2 on configuration errors, still listing the servers it could read', async () => {
    const file = config('invalid.json', `{\n  "servers": {\n    "everything": ${everything},\n    "nowhere": { "type": "http" }\n  }\n}\n`);
    const run = await runCli(['servers', '--config', file, '--no-connect']);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stdout, /^everything\s+stdio\s+not started/m);
    assert.deepEqual(lines(run.stderr), [
      `${file}:4:5: server "nowhere", field "url": "url" is required for a server of type "http".`,
      `mcp-tasks: ${file} has a configuration error (listed above)`,
    ]);

    const syntax = config('unparsable.json', '{ "servers": { ');
    const broken = await runCli(['servers', '--config', syntax, '--no-connect']);
    assert.equal(broken.code, 2, broken.stderr);
    assert.match(broken.stderr, new RegExp(`^${escape(syntax)}:1:\\d+: Invalid JSON`, 'm'));
  });

  it('fault: bad input: --answer accept-defaults declines a required text field without a default and says which', async () => {
    const fixture = ['--stdio', `"${process.execPath}" "${fixtureServer('taskFixture')}"`];
    const run = await runCli(['call', ...fixture, 'ask', '--args', '{"ms":50}', '--answer', 'accept-defaults']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^ {2}declined: --answer accept-defaults has no value for required field "answer" \(no default\); pass --answer @answers\.json to fill it$/m);
    assert.equal(run.stdout, 'answer: decline\n');
  });

  it('fault: bad input: a program that is not an MCP server is reported in plain words', async () => {
    // Like cat: every request comes straight back, so initialize meets its own refusal.
    const echo = `"${process.execPath}" -e "process.stdin.pipe(process.stdout)"`;
    const where = `"${process.execPath} -e process.stdin.pipe(process.stdout)"`;
    for (const args of [['call', '--stdio', echo, 'anything'], ['call', '--stdio', echo, 'anything', '--in-process'], ['tools', '--stdio', echo]]) {
      const run = await runCli(args);
      assert.equal(run.code, 2, run.stderr);
      assert.deepEqual(lines(run.stderr), [`mcp-tasks: ${where} did not answer as an MCP server: its reply to initialize was the error "Method not found"`], args.join(' '));
    }
  });

  it('fault: bad input: an HTTP URL that is not an MCP endpoint (404) is reported in plain words', async () => {
    const web = http.createServer((_req, res) => res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found'));
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(web.address() as AddressInfo).port}/mcp`;
      for (const args of [['tools', '--url', url], ['call', '--url', url, 'anything']]) {
        const run = await runCli(args);
        assert.equal(run.code, 2, run.stderr);
        assert.deepEqual(lines(run.stderr), [`mcp-tasks: ${url} did not answer as an MCP server: it answered HTTP 404 (not found: check the URL's path)`], args.join(' '));
      }
    } finally {
      web.closeAllConnections();
      await new Promise((resolve) => web.close(resolve));
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
