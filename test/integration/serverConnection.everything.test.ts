/**
 * ServerConnection against the real server-everything, once over stdio and once over Streamable
 * HTTP (and the legacy SSE fallback).
 */
import * as assert from 'node:assert/strict';
import { CallToolResultSchema, CreateTaskResultSchema, RELATED_TASK_META_KEY } from '@modelcontextprotocol/sdk/types.js';
import type { ServerDefinition } from '../../src/core/config/types';
import type { HostRequestHandler, ServerRequestContext } from '../../src/core/ports';
import { ServerConnection } from '../../src/core/servers/serverConnection';
import type { ServerState } from '../../src/core/servers/types';
import { everythingEntry, startHttpServerProcess, type HttpServerProcess } from '../support/httpServerProcess';
import { RecordingLogger } from '../support/recordingLogger';
import { UnhandledRejectionMonitor } from '../support/unhandledRejections';
import { once, waitFor } from '../support/waitFor';
import { sdkClient } from '../support/legacySession';

interface Variant {
  name: string;
  /**
   * server-everything registers tools while handling notifications/initialized; over stdio the
   * list_changed burst reaches us, over HTTP it precedes the event stream and is lost (the HTTP
   * burst is covered with a fixture server).
   */
  seesStartupBurst: boolean;
  definition(): Promise<ServerDefinition>;
}

let httpServer: HttpServerProcess | undefined;

const variants: Variant[] = [
  {
    name: 'stdio',
    seesStartupBurst: true,
    definition: async () => ({ type: 'stdio', command: process.execPath, args: [everythingEntry, 'stdio'], env: {} }),
  },
  {
    name: 'Streamable HTTP',
    seesStartupBurst: false,
    definition: async () => {
      httpServer = await startHttpServerProcess([everythingEntry, 'streamableHttp']);
      return { type: 'http', url: `http://127.0.0.1:${httpServer.port}/mcp`, headers: {} };
    },
  },
];

for (const variant of variants) {
  describe(`ServerConnection with server-everything over ${variant.name}`, function () {
    this.timeout(60_000);
    const rejections = new UnhandledRejectionMonitor();
    let connection: ServerConnection;
    let logger: RecordingLogger;
    const elicitations: { message: string; context: ServerRequestContext }[] = [];

    const hostRequests: HostRequestHandler = {
      async elicit(params, context) {
        elicitations.push({ message: params.message, context });
        return { action: 'accept', content: { interpretation: 'technical' } };
      },
      async createMessage() {
        throw new Error('sampling is not used here');
      },
    };

    before(async () => {
      rejections.install();
      logger = new RecordingLogger();
      connection = new ServerConnection({
        id: `everything-${variant.name}`,
        label: 'everything',
        definition: await variant.definition(),
        capabilities: { elicitation: { form: {} } },
        hostRequests,
        roots: { roots: () => [{ uri: 'file:///tmp/project', name: 'project' }] },
        logger,
      });
    });

    after(async () => {
      await connection?.stop();
      connection?.dispose();
      await httpServer?.stop();
      httpServer = undefined;
      rejections.uninstall();
      rejections.assertNone();
    });

    it('connects on demand and lists tools with their task support', async () => {
      const states: ServerState['kind'][] = [];
      const sub = connection.onDidChangeState((s) => states.push(s.kind));
      const session = await connection.connect();
      sub.dispose();
      assert.deepEqual(states, ['starting', 'running']);
      assert.equal(connection.state.kind, 'running');
      assert.equal(connection.session, session, 'one session object per session');
      const research = await waitFor(() => connection.tools?.find((t) => t.name === 'simulate-research-query'), { what: 'simulate-research-query' });
      assert.equal(research.execution?.taskSupport, 'required');
      const echo = connection.tools?.find((t) => t.name === 'echo');
      assert.equal(echo?.execution?.taskSupport ?? 'forbidden', 'forbidden');
      assert.deepEqual(sdkClient(session).getServerCapabilities()?.tasks?.requests, { tools: { call: {} } });
    });

    if (variant.seesStartupBurst) it('refreshes tools after the startup list_changed burst, coalesced', async () => {
      const received = () => logger.matching(/^← .*"method":"notifications\/tools\/list_changed"/, 'trace').length;
      const listed = () => logger.matching(/^→ .*"method":"tools\/list"/, 'trace').length;
      await waitFor(() => received() >= 1, { what: 'a tools/list_changed notification' });
      await waitFor(() => listed() >= 2, { what: 'a tools/list after list_changed' });
      assert.ok(received() >= 2, `server-everything sends a burst (got ${received()})`);
      assert.ok(listed() < received() + 1, `burst coalesced: ${listed()} tools/list for ${received()} notifications`);
    });

    if (variant.seesStartupBurst) it('answers roots/list from the roots provider', async () => {
      await connection.connect();
      const reply = await waitFor(() => logger.matching(/^→ \{"result":\{"roots"/, 'trace')[0], { what: 'the roots/list reply' });
      assert.deepEqual(JSON.parse(reply.slice(2)).result.roots, [{ uri: 'file:///tmp/project', name: 'project' }]);
    });

    it('follows the log level the host sets', async () => {
      await connection.connect();
      connection.setLogLevel('warning');
      await waitFor(() => logger.matching(/^→ \{"method":"logging\/setLevel","params":\{"level":"warning"\}/, 'trace').length === 1, { what: 'logging/setLevel' });
    });

    it('answers an elicitation that belongs to a task and marks the reply as related', async () => {
      const session = await connection.connect();
      const created = await sdkClient(session).request(
        { method: 'tools/call', params: { name: 'simulate-research-query', arguments: { topic: 'tides', ambiguous: true }, task: { ttl: 60_000 } } },
        CreateTaskResultSchema,
      );
      const taskId = created.task.taskId;
      const result = await sdkClient(session).experimental.tasks.getTaskResult(taskId, CallToolResultSchema);
      assert.equal(elicitations.length, 1);
      assert.equal(elicitations[0].context.relatedTaskId, taskId);
      assert.equal(elicitations[0].context.serverLabel, 'everything');
      assert.ok(!result.isError, JSON.stringify(result));
      const replies = logger.matching(/^→ \{"result":\{.*"action":"accept"/, 'trace');
      assert.equal(replies.length, 1);
      assert.deepEqual(JSON.parse(replies[0].slice(2)).result._meta, { [RELATED_TASK_META_KEY]: { taskId } });
    });

    it('restarts on request into a new working session', async () => {
      const before = connection.session!;
      const change = once(connection.onDidChangeSession, (c) => c.reason === 'connected', 30_000, 'a new session');
      const session = await connection.restart();
      assert.equal((await change).session?.generation, session.generation);
      assert.ok(session.generation > before.generation);
      const result = await sdkClient(session).callTool({ name: 'echo', arguments: { message: 'again' } });
      assert.match(JSON.stringify(result.content), /again/);
      assert.equal(connection.restartCount, 0, 'a requested restart is not a crash restart');
    });

    it('stops with the reason kept', async () => {
      await connection.stop('Stopped by the test');
      assert.deepEqual(connection.state, { kind: 'stopped', reason: 'Stopped by the test' });
      assert.equal(connection.session, undefined);
    });
  });
}

describe('ServerConnection falls back to legacy SSE', function () {
  this.timeout(60_000);
  let server: HttpServerProcess | undefined;
  let connection: ServerConnection | undefined;

  after(async () => {
    await connection?.stop();
    connection?.dispose();
    await server?.stop();
  });

  it('uses SSE when the Streamable HTTP POST is refused', async () => {
    server = await startHttpServerProcess([everythingEntry, 'sse']);
    const logger = new RecordingLogger();
    connection = new ServerConnection({
      id: 'everything-sse',
      label: 'everything (sse)',
      definition: { type: 'http', url: `http://127.0.0.1:${server.port}/sse`, headers: {} },
      logger,
    });
    const session = await connection.connect();
    assert.equal(logger.matching(/refused Streamable HTTP .*trying legacy SSE/, 'info').length, 1, logger.text());
    const result = await sdkClient(session).callTool({ name: 'echo', arguments: { message: 'over sse' } });
    assert.match(JSON.stringify(result.content), /over sse/);
  });
});
