/**
 * The background task host through the command line: tasks outlive the process that started
 * them, every client sees the same tasks, questions wait for a client, and the host goes when
 * nothing needs it. Servers are real: server-everything over Streamable HTTP keeps its tasks per
 * HTTP session, and the stdio demo server dies with its parent process.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as net from 'node:net';
import { createMessageConnection, SocketMessageReader, SocketMessageWriter } from 'vscode-jsonrpc/node';
import { HostClient } from '../../src/channel/hostClient';
import { hostPaths } from '../../src/channel/hostPaths';
import { HOST_PROTOCOL_VERSION, HostMethods } from '../../src/channel/hostProtocol';
import { FileTaskLedger } from '../../src/core/ledger/fileTaskLedger';
import { serverIdentity } from '../../src/host/serverIdentity';
import { cliHostHome, ensureCliBuilt, hostPid, killRunningClis, lines, runCli, startCli, stopCliHost } from '../support/cliRunner';
import { startHostProcess } from '../support/hostProcess';
import { everythingEntry, fixtureServer, startHttpServerProcess, type HttpServerProcess } from '../support/httpServerProcess';
import { once } from '../support/waitFor';

const demo = ['--stdio', 'node dist/demo-server.js'];

/** A client that sees every task of the tests' host, as a window does. */
function watchingClient(): Promise<HostClient> {
  return HostClient.connect({
    paths: hostPaths(cliHostHome),
    hello: { client: { kind: 'window', pid: process.pid, label: 'test window' }, watch: 'all' },
  });
}

function freshHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-tasks-host-test-'));
}

async function detach(target: string[], tool: string, args: Record<string, unknown>, env: Record<string, string> = {}): Promise<string> {
  const run = await runCli(['call', ...target, tool, '--args', JSON.stringify(args), '--detach'], { env });
  assert.equal(run.code, 0, run.stderr);
  const id = run.stdout.trim();
  assert.match(id, /^\S+$/, `stdout is the taskId: ${run.stdout}`);
  return id;
}

describe('the background task host, through the command line', function () {
  this.timeout(90_000);
  let everything: HttpServerProcess;
  let http: string[];

  before(async () => {
    await ensureCliBuilt();
    everything = await startHttpServerProcess([everythingEntry, 'streamableHttp']);
    http = ['--url', `http://127.0.0.1:${everything.port}/mcp`];
  });
  afterEach(() => killRunningClis());
  after(async () => {
    await stopCliHost();
    await everything?.stop();
  });

  it('call --detach over Streamable HTTP, then tasks result from a new process prints the report', async () => {
    const id = await detach(http, 'simulate-research-query', { topic: 'tides' });
    const result = await runCli(['tasks', ...http, 'result', id]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^# Research Report: tides$/m);
    assert.match(result.stderr, /^status: completed$/m);
  });

  it('without the host, a new process opens a new HTTP session, and this server does not know the task there', async () => {
    const id = await detach([...http, '--in-process'], 'simulate-research-query', { topic: 'tides' });
    const result = await runCli(['tasks', ...http, 'result', id, '--in-process']);
    assert.equal(result.code, 1, result.stderr);
    assert.match(lines(result.stderr).at(-1)!, /^mcp-tasks: unknown task \S+: the server does not know it/);
  });

  it('a stdio server and its task outlive the command that started them', async () => {
    const id = await detach(demo, 'long_wait', { seconds: 2 });
    const result = await runCli(['tasks', ...demo, 'result', id]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'Waited 2 seconds.\n');
  });

  it('a task started by one client is seen by another: events and the list', async () => {
    const watcher = await watchingClient();
    try {
      const seen = once(watcher.onDidChangeTask, (r) => r.tool === 'long_wait' && r.status === 'completed', 20_000, 'the CLI task completing');
      const id = await detach(demo, 'long_wait', { seconds: 1 });
      const record = await seen;
      assert.equal(record.taskId, id);
      const listed = await runCli(['tasks', 'list']);
      assert.equal(listed.code, 0, listed.stderr);
      assert.ok(lines(listed.stdout).some((l) => l.startsWith(`${id}  completed`) && l.endsWith('long_wait')), listed.stdout);
      assert.ok((await watcher.list()).some((r) => r.taskId === id));
    } finally {
      watcher.dispose();
    }
  });

  it('a question asked while no client can answer waits, and the next client that hands the server over answers it', async () => {
    const watcher = await watchingClient();
    try {
      const waiting = once(watcher.onDidChangeTask, (r) => r.tool === 'ask_user' && r.status === 'input_required', 20_000, 'the task to ask');
      const id = await detach(demo, 'ask_user', { question: 'Deploy now?' });
      assert.equal((await waiting).taskId, id);
      const result = await runCli(['tasks', ...demo, 'result', id, '--answer', 'accept-defaults']);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /You answered “Deploy now\?” with: continue/);
      assert.match(result.stderr, /elicitation from node demo-server\.js \(task \S+\): Deploy now\?/);
    } finally {
      watcher.dispose();
    }
  });

  it('Ctrl+C on a call cancels its task in the host', async () => {
    const cli = startCli(['call', ...demo, 'long_wait', '--args', '{"seconds":30}']);
    const stderr = await cli.waitForStderr(/^task (\S+) on /m);
    const id = /^task (\S+) on /m.exec(stderr)![1];
    cli.child.kill('SIGINT');
    const done = await cli.done;
    assert.equal(done.code, 1, done.stderr);
    assert.match(lines(done.stderr).at(-1)!, /^mcp-tasks: cancelled/);
    const get = await runCli(['tasks', ...demo, 'get', id]);
    assert.match(get.stdout, /^status:\s+cancelled$/m);
  });

  it('killed mid-task, the next host goes on with the same HTTP session and the task completes', async () => {
    const id = await detach(http, 'simulate-research-query', { topic: 'currents' });
    const pid = hostPid(cliHostHome);
    assert.ok(pid, 'a host runs');
    const sessions = JSON.parse(fs.readFileSync(path.join(cliHostHome, 'sessions.json'), 'utf8')) as Record<string, { sessionId: string }>;
    const serverId = serverIdentity({ label: '', definition: { type: 'http', url: http[1], headers: {} } });
    const sessionId = sessions[serverId]?.sessionId;
    assert.ok(sessionId, 'the session is saved');
    process.kill(pid, 'SIGKILL');
    const result = await runCli(['tasks', ...http, 'result', id]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^# Research Report: currents$/m);
    assert.notEqual(hostPid(cliHostHome), pid, 'a new host serves');
    const log = fs.readFileSync(path.join(cliHostHome, 'host.log'), 'utf8');
    assert.match(log, new RegExp(`Running \\(session 1, resumed ${sessionId}, \\d+ tools\\)`));
    assert.ok(!everything.output().includes(`session termination request for session ${sessionId}`), 'the session was not ended');
  });

  it('a 2026-07-28 task over HTTP outlives its host: killed while the task waits for an answer, the next host asks again and the task completes', async () => {
    const modern = await startHttpServerProcess([fixtureServer('tasks2026Server'), '--http']);
    try {
      const target = ['--url', `http://127.0.0.1:${modern.port}/mcp`];
      const id = await detach(target, 'ask_name', {});
      // The host that took the task runs on after the command; a watching window sees the question.
      const watcher = await watchingClient();
      try {
        const waiting = once(watcher.onDidChangeTask, (r) => r.taskId === id && r.status === 'input_required', 20_000, 'the task to ask');
        waiting.catch(() => undefined); // not awaited when the list already shows the question
        const now = (await watcher.list()).find((r) => r.taskId === id);
        const asked = now?.status === 'input_required' ? now : await waiting;
        assert.equal(asked.dialect, '2026-07-28');
      } finally {
        watcher.dispose();
      }
      const pid = hostPid(cliHostHome);
      assert.ok(pid, 'a host runs');
      process.kill(pid, 'SIGKILL');
      const answers = path.join(freshHome(), 'answers.json');
      fs.writeFileSync(answers, JSON.stringify({ name: 'Ada' }));
      const result = await runCli(['tasks', ...target, 'result', id, '--answer', `@${answers}`]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, 'Hello, Ada!\n');
      assert.match(result.stderr, /What is your name\?/);
      assert.notEqual(hostPid(cliHostHome), pid, 'a new host serves');
    } finally {
      await modern.stop();
    }
  });

  it('killed mid-task, a stdio task is lost with its server process, said so, not expired', async () => {
    const id = await detach(demo, 'long_wait', { seconds: 30 });
    const pid = hostPid(cliHostHome);
    assert.ok(pid, 'a host runs');
    process.kill(pid, 'SIGKILL');
    const result = await runCli(['tasks', ...demo, 'result', id]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(lines(result.stderr).at(-1)!, /^mcp-tasks: failed: lost with its server process: the stdio server ended with the process that ran it/);
  });

  it('host status and host stop', async () => {
    const status = await runCli(['host', 'status', '--json']);
    assert.equal(status.code, 0, status.stderr);
    const parsed = JSON.parse(status.stdout) as { running: boolean; pid: number; servers: { label: string }[] };
    assert.equal(parsed.running, true);
    assert.equal(parsed.pid, hostPid(cliHostHome));
    assert.ok(parsed.servers.some((s) => s.label === 'node demo-server.js'), status.stdout);
    const stop = await runCli(['host', 'stop']);
    assert.equal(stop.code, 0, stop.stderr);
    assert.match(stop.stdout, new RegExp(`^stopped the task host \\(pid ${parsed.pid}\\)`));
    const after = await runCli(['host', 'status']);
    assert.equal(after.stdout, 'no task host is running\n');
  });
});

describe('the background task host process', function () {
  this.timeout(60_000);
  before(() => ensureCliBuilt());
  afterEach(() => killRunningClis());

  it('stays while a task is live with no client attached, then exits after its quiet period', async () => {
    const home = freshHome();
    const quietMs = 1500;
    const host = await startHostProcess(home, quietMs);
    assert.equal(host.said, 'ready');
    const detachedAt = Date.now();
    const id = await detach(demo, 'long_wait', { seconds: 3 }, { MCP_TASKS_HOME: home });
    const exit = await host.exited;
    assert.equal(exit.code, 0);
    const ledger = await FileTaskLedger.open({ dir: path.join(home, 'ledger') });
    const record = ledger.all().find((r) => r.taskId === id);
    await ledger.dispose();
    assert.equal(record?.status, 'completed', 'the host finished the task with nobody attached');
    assert.ok(exit.at - detachedAt >= 3000 + quietMs, `exited ${exit.at - detachedAt} ms after the detach`);
    assert.ok(exit.at - record.finishedAt! >= quietMs - 50, `exited ${exit.at - record.finishedAt!} ms after the task finished`);
    assert.match(fs.readFileSync(path.join(home, 'host.log'), 'utf8'), /stopping: idle for 2 s with no client and no live task/);
  });

  it('never runs two hosts on one home', async () => {
    const home = freshHome();
    const [a, b] = await Promise.all([startHostProcess(home, 60_000), startHostProcess(home, 60_000)]);
    assert.deepEqual([a.said, b.said].sort(), ['ready', 'running']);
    const second = a.said === 'running' ? a : b;
    const first = a.said === 'running' ? b : a;
    assert.equal((await second.exited).code, 0);
    first.child.kill('SIGTERM');
    assert.equal((await first.exited).code, 0);
  });

  it('a client of another channel version gets no session and the host retires once nothing is live', async () => {
    const home = freshHome();
    const host = await startHostProcess(home, 60_000);
    const socket = net.connect(hostPaths(home).socket);
    const connection = createMessageConnection(new SocketMessageReader(socket), new SocketMessageWriter(socket));
    connection.listen();
    try {
      const welcome = await connection.sendRequest(HostMethods.hello, {
        protocolVersion: HOST_PROTOCOL_VERSION + 1,
        client: { kind: 'cli', pid: process.pid, label: 'newer client' },
        watch: 'own',
      });
      assert.equal(welcome.clientId, '');
      assert.equal(welcome.protocolVersion, HOST_PROTOCOL_VERSION);
      await connection.sendRequest(HostMethods.retire);
      assert.equal((await host.exited).code, 0);
    } finally {
      connection.dispose();
      socket.destroy();
    }
  });

  it('the home and the socket folder are private to the user', async () => {
    const home = freshHome();
    fs.chmodSync(home, 0o755);
    const host = await startHostProcess(home, 0);
    assert.equal(fs.statSync(home).mode & 0o777, 0o700);
    const paths = hostPaths(home);
    assert.equal(fs.statSync(path.dirname(paths.socket)).mode & 0o777, 0o700);
    assert.equal((await host.exited).code, 0);
  });
});
