/**
 * Servers in the background task host as windows use them: handed over under the window's own
 * id, their state, tools and log sent to the windows that handed them over, stopped and restarted
 * from a window, replaced when the definition behind the id changes.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { HostClient } from '../../src/channel/hostClient';
import { hostPaths } from '../../src/channel/hostPaths';
import type { ServerSnapshot, ServerSpec } from '../../src/channel/hostProtocol';
import { ensureCliBuilt } from '../support/cliRunner';
import { startHostProcess, type HostProcess } from '../support/hostProcess';
import { everythingEntry, repoRoot } from '../support/httpServerProcess';
import { once } from '../support/waitFor';

const demo = (extraArgs: string[] = []): ServerSpec => ({
  label: 'demo',
  definition: { type: 'stdio', command: process.execPath, args: [path.join(repoRoot, 'dist/demo-server.js'), ...extraArgs], env: {}, cwd: repoRoot },
});

function isAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

describe('servers in the background task host, as windows use them', function () {
  this.timeout(60_000);
  let home: string;
  let host: HostProcess;
  const clients: HostClient[] = [];

  async function window(label: string): Promise<HostClient> {
    const client = await HostClient.connect({ paths: hostPaths(home), hello: { client: { kind: 'window', pid: process.pid, label }, watch: 'all' } });
    clients.push(client);
    return client;
  }

  before(async () => {
    await ensureCliBuilt();
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-tasks-host-servers-'));
    host = await startHostProcess(home, 60_000);
  });
  after(async () => {
    for (const client of clients) client.dispose();
    host?.child.kill('SIGTERM');
    await host?.exited;
  });

  it('a window hands a server over under its own id; state, tools and log lines come back to it', async () => {
    const a = await window('window A');
    const running = once(a.onDidChangeServer, (s) => s.serverId === 'ws/demo' && s.state.kind === 'running' && !!s.tools?.length, 15_000, 'demo running with tools');
    const logged = once(a.onDidLogServer, (l) => l.serverId === 'ws/demo' && /^Starting /.test(l.message), 15_000, 'the start in the log');
    const connected = await a.connectServer({ ...demo(), serverId: 'ws/demo' });
    assert.equal(connected.serverId, 'ws/demo');
    assert.ok(connected.tools.some((t) => t.name === 'long_wait'));
    const snapshot = await running;
    assert.ok(snapshot.pid, 'a stdio server has a pid');
    assert.match((await logged).message, /demo-server\.js/);
    const record = await a.call({ serverId: 'ws/demo', tool: 'quick_summary', args: { text: 'one two three' }, mode: 'task' });
    assert.equal(record.serverId, 'ws/demo');
    assert.equal(record.serverLabel, 'demo');
  });

  it('a second window with the same server shares the connection; stop and restart reach both', async () => {
    const [a, b] = [clients[0]!, await window('window B')];
    const before = (await a.servers()).find((s) => s.serverId === 'ws/demo')!;
    await b.connectServer({ ...demo(), serverId: 'ws/demo' });
    const same = (await b.servers()).find((s) => s.serverId === 'ws/demo')!;
    assert.equal(same.pid, before.pid, 'one process for both windows');

    const stoppedSeenByA = once(a.onDidChangeServer, (s) => s.serverId === 'ws/demo' && s.state.kind === 'stopped', 10_000, 'A sees the stop');
    const stoppedSeenByB = once(b.onDidChangeServer, (s) => s.serverId === 'ws/demo' && s.state.kind === 'stopped', 10_000, 'B sees the stop');
    await b.stopServer('ws/demo', 'Stopped by the user');
    const stopped: ServerSnapshot = await stoppedSeenByA;
    await stoppedSeenByB;
    assert.deepEqual(stopped.state, { kind: 'stopped', reason: 'Stopped by the user' });
    assert.ok(!isAlive(before.pid!), 'the process ended');

    const restarted = await a.restartServer('ws/demo');
    assert.equal(restarted.state.kind, 'running');
    assert.notEqual(restarted.pid, before.pid);
  });

  it('a changed definition under the same id replaces the connection', async () => {
    const a = clients[0]!;
    const old = (await a.servers()).find((s) => s.serverId === 'ws/demo')!;
    const moved = demo();
    if (moved.definition.type === 'stdio') moved.definition.cwd = os.tmpdir();
    const replaced = await a.connectServer({ ...moved, serverId: 'ws/demo' });
    assert.equal(replaced.serverId, 'ws/demo');
    const now = (await a.servers()).find((s) => s.serverId === 'ws/demo')!;
    assert.notEqual(now.pid, old.pid);
    assert.equal((await a.servers()).filter((s) => s.serverId === 'ws/demo').length, 1);
  });

  it('a window\'s refusal of a sampling request reaches the server with its own code and words', async () => {
    const refusing = await HostClient.connect({
      paths: hostPaths(home),
      hello: { client: { kind: 'window', pid: process.pid, label: 'refusing window' }, watch: 'own' },
      questions: {
        elicit: async () => ({ action: 'decline' }),
        createMessage: async () => { throw new McpError(-1, 'The user declined the sampling request'); },
      },
    });
    clients.push(refusing);
    const server = await refusing.connectServer({
      serverId: 'ws/everything',
      label: 'everything',
      definition: { type: 'stdio', command: process.execPath, args: [everythingEntry, 'stdio'], env: {} },
      wantTool: 'trigger-sampling-request',
    });
    const started = await refusing.call({ serverId: server.serverId, tool: 'trigger-sampling-request', args: { prompt: 'hello' }, mode: 'plain' });
    const ended = started.status === 'failed' ? started : await once(refusing.onDidChangeTask, (r) => r.key === started.key && r.status === 'failed', 30_000, 'the call to fail');
    assert.match(ended.error?.message ?? '', /MCP error -1: .*The user declined the sampling request/);
    assert.doesNotMatch(ended.error?.message ?? '', /failed with message/);
  });

  it('a URL question ends in the window when the server reports the browser step done', async () => {
    let visited: Promise<Response> | undefined;
    const asking = await HostClient.connect({
      paths: hostPaths(home),
      hello: { client: { kind: 'window', pid: process.pid, label: 'url window' }, watch: 'own' },
      questions: {
        elicit: async (params, context) => {
          assert.equal(params.mode, 'url');
          assert.ok(context.elicitationCompleted, 'the window can wait on the server\'s word');
          // The person opens the page (a browser would); nobody chooses "Done".
          visited = fetch(params.mode === 'url' ? params.url : '');
          await context.elicitationCompleted;
          return { action: 'accept' };
        },
        createMessage: async () => { throw new McpError(-1, 'no sampling here'); },
      },
    });
    clients.push(asking);
    await asking.connectServer({ ...demo(), serverId: 'ws/demo-url' });
    const started = await asking.call({ serverId: 'ws/demo-url', tool: 'connect_account', args: {}, mode: 'plain' });
    const ended = started.status === 'completed' ? started : await once(asking.onDidChangeTask, (r) => r.key === started.key && r.status !== 'working' && r.status !== 'input_required', 30_000, 'the call to end');
    assert.equal((await visited)?.status, 200);
    assert.equal(ended.status, 'completed', JSON.stringify(ended.error));
    const value = await asking.readStored(ended.result!) as { content: { text: string }[] };
    assert.equal(value.content[0]?.text, 'Connected the demo account. The sign-in page was visited.');
  });

  it('a secret the window hands over with a server never reaches the host\'s log, nor the window\'s', async () => {
    const secret = 's3cret-value-4711';
    const a = clients[0]!;
    const lines: string[] = [];
    const sub = a.onDidLogServer((line) => { if (line.serverId === 'ws/secretive') lines.push(line.message); });
    await a.connectServer({
      serverId: 'ws/secretive',
      label: 'secretive',
      // A node option that carries the secret into the command line the host logs at start.
      definition: { type: 'stdio', command: process.execPath, args: [`--title=${secret}`, path.join(repoRoot, 'dist/demo-server.js')], env: {}, cwd: repoRoot },
      secrets: [secret],
    });
    sub.dispose();
    const log = fs.readFileSync(path.join(home, 'host.log'), 'utf8');
    assert.match(log, /\[secretive\] Starting .*--title=••••••/);
    assert.ok(!log.includes(secret), 'the secret is not in host.log');
    assert.ok(lines.some((l) => l.includes('--title=••••••')), lines.join('\n'));
    assert.ok(!lines.some((l) => l.includes(secret)));
  });
});

