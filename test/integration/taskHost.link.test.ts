/**
 * A window's lasting link to the task host, against the real host bundle: it starts no host
 * until one is needed, tells a crash from a stop, and after a crash a new host takes over, whose
 * word on each task replaces the "connection lost" the window showed meanwhile.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HostClient } from '../../src/channel/hostClient';
import { HostLink, type HostLoss } from '../../src/channel/hostLink';
import { hostPaths } from '../../src/channel/hostPaths';
import { HostServerConnection } from '../../src/channel/hostServerConnection';
import { HostTaskService } from '../../src/channel/hostTaskService';
import { ensureCliBuilt } from '../support/cliRunner';
import { hostScript } from '../support/hostProcess';
import { repoRoot } from '../support/httpServerProcess';
import { once, waitFor } from '../support/waitFor';

function isAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

describe('a window\'s link to the task host', function () {
  this.timeout(60_000);
  let home: string;
  const cleanup: { dispose(): void }[] = [];

  function windowParts() {
    const link = new HostLink({
      paths: hostPaths(home),
      hello: { client: { kind: 'window', pid: process.pid, label: 'test window' }, watch: 'all' },
      launch: { execPath: process.execPath, script: hostScript, quietMs: 60_000 },
    }, (options) => HostClient.connect(options));
    const server = new HostServerConnection({
      connection: { id: 'ws/demo', label: 'demo', definition: { type: 'stdio', command: process.execPath, args: [path.join(repoRoot, 'dist/demo-server.js')], env: {}, cwd: repoRoot } },
      host: link,
    });
    const tasks = new HostTaskService(link, () => server.connect());
    cleanup.push(tasks, server, link);
    return { link, server, tasks };
  }

  before(ensureCliBuilt);
  beforeEach(() => { home = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-tasks-link-')); });
  afterEach(async () => {
    const pid = (() => { try { return (JSON.parse(fs.readFileSync(hostPaths(home).lockFile, 'utf8')) as { pid: number }).pid; } catch { return undefined; } })();
    for (const item of cleanup.splice(0)) item.dispose();
    if (pid && isAlive(pid)) {
      process.kill(pid, 'SIGTERM');
      await waitFor(() => !isAlive(pid) || undefined, { timeoutMs: 10_000, what: 'the host to exit' });
    }
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('starts no host until something needs one', async () => {
    const { link, tasks } = windowParts();
    await tasks.attach();
    assert.equal(link.client, undefined);
    assert.equal(fs.existsSync(hostPaths(home).lockFile), false, 'no host was started');
    assert.deepEqual(tasks.list(), []);
  });

  it('after a crash, shows the tasks as lost, then takes the new host\'s word on them', async () => {
    const { link, server, tasks } = windowParts();
    const record = await tasks.call('ws/demo', 'long_wait', { seconds: 30 }, { mode: 'task' });
    const first = link.client!.welcome.pid;
    const losses: HostLoss[] = [];
    cleanup.push(link.onDidLose((loss) => losses.push(loss)));
    const lost = once(tasks.onDidChangeTask, (r) => r.key === record.key && r.status === 'connection_lost', 10_000, 'the task shown as lost');
    process.kill(first, 'SIGKILL');
    await lost;
    assert.deepEqual(losses, [{ kind: 'crashed' }]);
    assert.equal(server.state.kind, 'error');
    assert.equal(server.wantsHost, true, 'the window had it running: a new host should run it');
    // A new host knows the task from the ledger (still working), and says so on connecting.
    const refreshed = once(tasks.onDidChangeTask, (r) => r.key === record.key && r.status !== 'connection_lost', 15_000, 'the new host\'s record');
    const second = (await link.connect()).welcome.pid;
    assert.notEqual(second, first);
    assert.equal((await refreshed).status, 'working');
    // Handed over again, the server is a new process: the task died with the old one, and says so.
    await server.connect();
    const ended = await waitFor(() => { const r = tasks.get(record.key); return r && r.status === 'failed' && r; }, { timeoutMs: 15_000, what: 'the task to end' });
    assert.match(ended.error?.message ?? '', /lost with its server process/);
    assert.equal(ended.taskId, record.taskId);
  });

  it('reaches the next host when connecting the moment the last one is killed', async () => {
    const { link } = windowParts();
    let pid = (await link.connect()).welcome.pid;
    // The dying host's socket may still take the connection and drop it: each round must still connect.
    for (let round = 0; round < 5; round++) {
      const lost = once(link.onDidLose, () => true, 10_000, 'the loss');
      process.kill(pid, 'SIGKILL');
      await lost;
      const started = Date.now();
      const next = (await link.connect()).welcome.pid;
      // Not the handshake timeout: a dropped connection is given up at once.
      assert.ok(Date.now() - started < 4_000, `round ${round}: reconnecting took ${Date.now() - started} ms`);
      assert.notEqual(next, pid);
      pid = next;
    }
  });

  it('tells a stop from a crash: servers stop with the reason, nothing is restarted', async () => {
    const { link, server, tasks } = windowParts();
    const record = await tasks.call('ws/demo', 'long_wait', { seconds: 30 }, { mode: 'task' });
    const loss = once(link.onDidLose, () => true, 10_000, 'the loss');
    await link.client!.stop();
    assert.deepEqual(await loss, { kind: 'stopped', reason: 'asked to stop by a client' });
    assert.equal(server.state.kind, 'stopped');
    assert.match(server.state.kind === 'stopped' ? server.state.reason ?? '' : '', /task host stopped \(asked to stop by a client\)/);
    assert.equal(server.wantsHost, false);
    const shown = tasks.get(record.key)!;
    assert.equal(shown.status, 'connection_lost');
    assert.match(shown.statusMessage ?? '', /task host stopped/);
    assert.equal(link.client, undefined, 'no new host after a stop');
  });
});
