/**
 * Results of many megabytes: read over stdio in linear time, sent by the server once (a held
 * tasks/result being answered is neither renewed nor asked for again), refused over HTTP above
 * the message limit with a clear error, and never written whole to a log. Real SDK servers in
 * their own processes.
 */
import * as assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { createStdioLaunch, createStreamableHttpTransport } from '../../src/core/servers/transportFactory';
import { silentLogger } from '../../src/core/ports';
import { LOG_MESSAGE_LIMIT } from '../../src/core/logCap';
import { ensureCliBuilt, lines, runCli } from '../support/cliRunner';
import { fixtureServer, startHttpServerProcess, type HttpServerProcess } from '../support/httpServerProcess';
import { createHarness, type Harness } from '../support/taskEngineHarness';
import { UnhandledRejectionMonitor } from '../support/unhandledRejections';
import { withTimeout } from '../support/waitFor';
import { sdkClient } from '../support/legacySession';

const MB = 1024 * 1024;

/** What the fixture was asked: tasks/result requests, and answers that carried the result. */
async function serverCounts(client: Client): Promise<{ resultRequests: number; resultsSent: number }> {
  const answer = await client.callTool({ name: 'counts', arguments: {} }, CallToolResultSchema);
  return JSON.parse((answer.content as { text: string }[])[0]!.text);
}

describe('huge payloads', function () {
  this.timeout(60_000);
  const rejections = new UnhandledRejectionMonitor();
  before(() => rejections.install());
  after(() => rejections.uninstall());
  afterEach(() => rejections.assertNone());

  describe('over stdio', () => {
    let h: Harness | undefined;
    afterEach(async () => { await h?.dispose(); h = undefined; });

    it('fault: huge payloads: a 20 MB result of a silent server is sent once, though its held request is due for renewal meanwhile', async () => {
      // Held requests are renewed every 8 poll intervals (800 ms here); a 20 MB answer takes about as long to arrive.
      h = createHarness({
        id: 'huge',
        definition: { type: 'stdio', command: process.execPath, args: [fixtureServer('hugeResultServer')], env: { FIXTURE_POLL_INTERVAL: '100' } },
      });
      await h.connection.connect();
      const started = await h.engine.call('huge', 'huge', { mb: 20, ms: 600, notify: false });
      const done = await withTimeout(h.engine.whenFinished(started.key), 40_000, 'the task finished');
      assert.equal(done.status, 'completed');
      const counts = await serverCounts(sdkClient(h.connection.session));
      assert.equal(counts.resultsSent, 1, `the server sent the result ${counts.resultsSent} times (${counts.resultRequests} tasks/result requests)`);
      assert.equal(h.engine.requestCountsOf(done.key)?.result, 1, 'one tasks/result');
    });

    it('fault: huge payloads: a 32 MB message is read in linear time, within 4 s of being sent', async () => {
      // The server has its message ready before it says so, and sends it 200 ms later. Framing that
      // joins the whole buffer again for every chunk needs about 7 s at this size on 2 cores.
      const size = 32 * MB;
      const script = `const m = JSON.stringify({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'z'.repeat(${size}) } }) + '\\n';
process.stdout.write(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'ready' } }) + '\\n', () => setTimeout(() => process.stdout.write(m), 200));
process.stdin.resume(); process.stdin.on('end', () => process.exit(0));`;
      const launch = createStdioLaunch({ type: 'stdio', command: process.execPath, args: ['-e', script], env: {} } as never, silentLogger);
      let readyAt = 0;
      let sawItArriving = false;
      const arrived = new Promise<{ data: string; at: number }>((resolve, reject) => {
        launch.transport.onerror = reject;
        launch.transport.onmessage = (message) => {
          const data = (message as { params?: { data?: string } }).params?.data ?? '';
          if (data === 'ready') readyAt = Date.now();
          else resolve({ data, at: Date.now() });
        };
      });
      await launch.transport.start();
      const poll = setInterval(() => { sawItArriving ||= launch.incoming.busy; }, 5);
      try {
        const { data, at } = await withTimeout(arrived, 50_000, 'the large message arrived');
        assert.equal(data.length, size);
        const ms = at - readyAt - 200;
        console.log(`      [huge payloads] 32 MB read in ${ms} ms`);
        assert.ok(ms < 4_000, `reading 32 MB took ${ms} ms`);
        assert.ok(sawItArriving, 'the transport said a message was half received');
      } finally {
        clearInterval(poll);
        await launch.transport.close();
      }
    });
  });

  describe('over Streamable HTTP', () => {
    let server: HttpServerProcess | undefined;
    let client: Client | undefined;
    afterEach(async () => {
      await client?.close().catch(() => undefined);
      await server?.stop();
      client = server = undefined;
    });

    for (const mode of ['event stream', 'JSON'] as const) {
      it(`fault: huge payloads: an answer over the message limit fails its request with a clear error (${mode} responses), and the session goes on`, async () => {
        // The server process inherits this environment (plus its port).
        if (mode === 'JSON') process.env.FIXTURE_JSON_RESPONSE = '1';
        try {
          server = await startHttpServerProcess([fixtureServer('hugeResultServer')]);
        } finally {
          delete process.env.FIXTURE_JSON_RESPONSE;
        }
        client = new Client({ name: 'limit-test', version: '1.0.0' });
        const errors: Error[] = [];
        client.onerror = (e) => errors.push(e);
        await client.connect(createStreamableHttpTransport({ type: 'http', url: `http://127.0.0.1:${server.port}/mcp`, headers: {} } as never, undefined, 1 * MB));
        await assert.rejects(
          client.callTool({ name: 'huge_plain', arguments: { mb: 3 } }, CallToolResultSchema, { timeout: 20_000 }),
          (error: Error) => /larger than 1 MB, the most this host accepts/.test(error.message),
        );
        // Under the limit, on the same session.
        const small = await client.callTool({ name: 'huge_plain', arguments: { mb: 0.5 } }, CallToolResultSchema);
        assert.equal((small.content as { text: string }[])[0]!.text.length, 0.5 * MB);
      });
    }
  });

  describe('logging', () => {
    before(() => ensureCliBuilt());

    it('fault: huge payloads: debug logging never writes a whole result or a whole stderr dump', async () => {
      const result = await runCli(
        ['call', '--in-process', '--stdio', `${process.execPath} ${fixtureServer('hugeResultServer')}`, 'huge', '--args', '{"mb":3,"ms":100}'],
        { env: { MCP_TASKS_DEBUG: '1', FIXTURE_STDERR_KB: '1024' }, timeoutMs: 50_000 },
      );
      assert.equal(result.code, 0, result.stderr.slice(0, 2000));
      assert.equal(result.stdout.trim().length, 3 * MB, 'the result itself is whole');
      const logged = lines(result.stderr);
      assert.ok(logged.some((l) => l.includes('[trace]')), 'trace lines were written');
      assert.ok(logged.some((l) => l.includes('[stderr] eee')), 'the stderr line was logged (cut)');
      const longest = Math.max(...logged.map((l) => l.length));
      assert.ok(longest <= LOG_MESSAGE_LIMIT + 100, `a log line of ${longest} characters`);
    });
  });
});
