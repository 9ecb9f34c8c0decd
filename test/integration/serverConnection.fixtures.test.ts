/**
 * ServerConnection against misbehaving fixture servers: crashes, refusal to start, garbage on
 * stdout, an HTTP server that forgets sessions.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { ServerConnection, type ServerConnectionOptions } from '../../src/core/servers/serverConnection';
import type { ServerState, SessionChange } from '../../src/core/servers/types';
import { fixtureServer, startHttpServerProcess, type HttpServerProcess } from '../support/httpServerProcess';
import { RecordingLogger } from '../support/recordingLogger';
import { UnhandledRejectionMonitor } from '../support/unhandledRejections';
import { once, waitFor } from '../support/waitFor';
import { sdkClient } from '../support/legacySession';

type StateEntry = ServerState & { at: number };

function textOf(result: unknown): string {
  return ((result as { content: { text?: string }[] }).content).map((c) => c.text ?? '').join('');
}

describe('ServerConnection with misbehaving servers', function () {
  this.timeout(60_000);
  const rejections = new UnhandledRejectionMonitor();
  const connections: ServerConnection[] = [];
  let tmp: string;

  before(() => {
    rejections.install();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-conn-'));
  });
  afterEach(async () => {
    for (const c of connections.splice(0)) {
      await c.stop();
      c.dispose();
    }
  });
  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
    rejections.uninstall();
    rejections.assertNone();
  });

  function open(name: string, options: Partial<ServerConnectionOptions> & { env?: Record<string, string> } = {}): { connection: ServerConnection; logger: RecordingLogger; states: StateEntry[] } {
    const logger = new RecordingLogger();
    const connection = new ServerConnection({
      id: name,
      label: name,
      definition: { type: 'stdio', command: process.execPath, args: [fixtureServer(name)], env: options.env ?? {} },
      logger,
      ...options,
    });
    const states: StateEntry[] = [];
    connection.onDidChangeState((s) => states.push({ ...s, at: Date.now() }));
    connections.push(connection);
    return { connection, logger, states };
  }

  it('restarts a crashed server with growing delays and shows the attempts in its state', async () => {
    const counter = path.join(tmp, 'restarts');
    const { connection, states } = open('connectionCrashing', {
      env: { CRASH_COUNTER_FILE: counter, FAIL_STARTS: '2,3' },
      restart: { maxAttempts: 5, baseDelayMs: 50, maxDelayMs: 1000 },
    });
    const sessions: SessionChange[] = [];
    connection.onDidChangeSession((c) => sessions.push(c));
    const first = await connection.connect();
    states.length = 0;
    const crashed = once(connection.onDidChangeState, (s) => s.kind === 'restarting', 10_000, 'the crash noticed');
    await sdkClient(first).callTool({ name: 'crash' }).catch(() => undefined);
    await crashed;
    await waitFor(() => connection.state.kind === 'running' && connection.session, { timeoutMs: 20_000, what: 'the server running again' });

    const restarting = states.filter((s): s is Extract<StateEntry, { kind: 'restarting' }> => s.kind === 'restarting');
    assert.deepEqual(restarting.map((s) => [s.attempt, s.delayMs]), [[1, 50], [2, 100], [3, 200]]);
    assert.match(restarting[0].lastError, /^The server process exited with code 7\. Last output on stderr:\n.*about to crash on purpose/s);
    assert.match(restarting[1].lastError, /exited with code 3\. Last output on stderr:\n.*start 2: refusing to start/s);
    assert.deepEqual(states.map((s) => s.kind), ['restarting', 'starting', 'restarting', 'starting', 'restarting', 'starting', 'running']);
    // Never a tight loop: each start waited at least the announced delay.
    for (let i = 0; i < states.length - 1; i++) {
      const s = states[i];
      if (s.kind === 'restarting') assert.ok(states[i + 1].at - s.at >= s.delayMs - 5, `attempt ${s.attempt} waited ${states[i + 1].at - s.at} ms`);
    }
    assert.equal(connection.restartCount, 3);
    assert.deepEqual(sessions.map((c) => c.reason), ['connected', 'lost', 'connected']);
    const session = await connection.connect();
    assert.equal(textOf(await sdkClient(session).callTool({ name: 'start-number' })), '4');
  });

  it('gives up after maxAttempts consecutive failures with the reason in the error state', async () => {
    const { connection } = open('connectionCrashing', {
      env: { CRASH_COUNTER_FILE: path.join(tmp, 'give-up'), FAIL_STARTS: '2-' },
      restart: { maxAttempts: 2, baseDelayMs: 20, maxDelayMs: 100 },
    });
    const session = await connection.connect();
    await sdkClient(session).callTool({ name: 'crash' }).catch(() => undefined);
    const state = await once(connection.onDidChangeState, (s) => s.kind === 'error', 20_000, 'the error state');
    assert.equal(
      (state as Extract<ServerState, { kind: 'error' }>).message,
      'The server process exited with code 3. Last output on stderr:\nstart 3: refusing to start\nGave up after 2 restart attempts.',
    );
    assert.equal(connection.restartCount, 2);
    await assert.rejects(connection.connect(), /refusing to start/, 'connect() tries once more on demand and reports why');
  });

  it('reports a server that exits at once with its exit code and stderr', async () => {
    const { connection, states } = open('connectionExitsAtOnce', { restart: { maxAttempts: 3, baseDelayMs: 20 } });
    await assert.rejects(connection.connect(), (error: Error) => {
      assert.equal(error.message, 'The server process exited with code 3. Last output on stderr:\nfatal: API_TOKEN is not set');
      return true;
    });
    assert.deepEqual(states.map((s) => s.kind), ['starting', 'error']);
    assert.deepEqual(connection.state, { kind: 'error', message: 'The server process exited with code 3. Last output on stderr:\nfatal: API_TOKEN is not set' });
    assert.equal(connection.restartCount, 0, 'a failed first start is not retried behind the user’s back');
  });

  it('reports a command that does not exist', async () => {
    const logger = new RecordingLogger();
    const connection = new ServerConnection({
      id: 'missing', label: 'missing', logger,
      definition: { type: 'stdio', command: path.join(tmp, 'no-such-server'), args: [], env: {} },
    });
    connections.push(connection);
    await assert.rejects(connection.connect());
    assert.equal(connection.state.kind, 'error');
    assert.equal((connection.state as { message: string }).message, `Could not run "${path.join(tmp, 'no-such-server')}": command not found`);
  });

  it('a 2025-11-25 server that exits when asked server/discover first is started again with initialize, and not probed again', async () => {
    const { connection, logger } = open('taskFixture', { env: { FIXTURE_EXIT_BEFORE_INIT: '1' } });
    const session = await connection.connect();
    assert.equal(session.dialect, '2025-11-25');
    assert.equal(logger.matching(/exited when asked server\/discover; starting it again with initialize/).length, 1);
    assert.ok(connection.tools?.some((t) => t.name === 'work'), 'the tools are listed');
    await connection.restart();
    assert.equal(connection.session?.dialect, '2025-11-25');
    assert.equal(logger.matching(/exited when asked server\/discover/).length, 1, 'the restart did not ask again');
    assert.equal(logger.matching(/^Starting /).length, 3, 'the probed start, its retry, the restart');
  });

  it('logs garbage on stdout as a protocol error and keeps working', async () => {
    const { connection, logger } = open('connectionGarbage');
    const session = await connection.connect();
    const result = await sdkClient(session).callTool({ name: 'print-garbage' });
    assert.equal(textOf(result), 'still here');
    await waitFor(() => logger.matching(/not a JSON-RPC message/, 'error').length >= 1, { what: 'the non-JSON-RPC line logged\n' + logger.text() });
    const errors = logger.matching(/^Protocol error/, 'error');
    assert.ok(errors.some((m) => m.startsWith('Protocol error: the server sent something that is not JSON: ')), logger.text());
    assert.ok(errors.some((m) => m.startsWith('Protocol error: the server sent JSON that is not a JSON-RPC message: ')), logger.text());
    assert.equal(connection.state.kind, 'running');
    assert.equal(textOf(await sdkClient(session).callTool({ name: 'print-garbage' })), 'still here');
  });
});

describe('ServerConnection with an HTTP server that forgets sessions', function () {
  this.timeout(60_000);
  const rejections = new UnhandledRejectionMonitor();
  let server: HttpServerProcess;
  let connection: ServerConnection;
  let logger: RecordingLogger;

  before(async () => {
    rejections.install();
    server = await startHttpServerProcess([fixtureServer('connectionSessionLoss')]);
    logger = new RecordingLogger();
    connection = new ServerConnection({
      id: 'session-loss', label: 'session-loss', logger,
      definition: { type: 'http', url: `http://127.0.0.1:${server.port}/mcp`, headers: {} },
    });
  });
  after(async () => {
    await connection?.stop();
    connection?.dispose();
    await server?.stop();
    rejections.uninstall();
    rejections.assertNone();
  });

  it('starts a new session by itself after a 404 and calls work again', async () => {
    const first = await connection.connect();
    assert.equal(textOf(await sdkClient(first).callTool({ name: 'echo', arguments: { text: 'one' } })), 'one');
    const reinitialized = once(connection.onDidChangeSession, (c) => c.reason === 'reinitialized', 20_000, 'a reinitialized session');
    await sdkClient(first).callTool({ name: 'forget-sessions' });
    // No user action: the server's 404 for the old session is enough.
    const change = await reinitialized;
    assert.ok(change.session && change.session.generation > first.generation);
    const session = await connection.connect();
    assert.equal(session.generation, change.session.generation);
    assert.equal(textOf(await sdkClient(session).callTool({ name: 'echo', arguments: { text: 'two' } })), 'two');
    assert.equal(textOf(await sdkClient(session).callTool({ name: 'initialize-count' })), '2');
    assert.equal(connection.restartCount, 0);
    assert.ok(logger.matching(/no longer knows session/, 'warn').length >= 1, logger.text());
  });

  it('refreshes tools once after a list_changed burst over HTTP', async () => {
    const session = await connection.connect();
    const listedBefore = logger.matching(/^→ .*"method":"tools\/list"/, 'trace').length;
    const toolsChanged = once(connection.onDidChangeTools, (tools: readonly Tool[]) => tools.some((t) => t.name === 'extra-3'), 20_000, 'the added tools');
    await sdkClient(session).callTool({ name: 'add-tools', arguments: { prefix: 'extra' } });
    await toolsChanged;
    const notifications = logger.matching(/^← .*"method":"notifications\/tools\/list_changed"/, 'trace').length;
    const listed = logger.matching(/^→ .*"method":"tools\/list"/, 'trace').length - listedBefore;
    assert.ok(notifications >= 3, `three notifications (got ${notifications})`);
    assert.equal(listed, 1, 'one tools/list for the burst');
  });
});
