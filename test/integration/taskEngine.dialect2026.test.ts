/**
 * The task engine with a server of MCP 2026-07-28 and its tasks extension (our fixture, over
 * stdio and Streamable HTTP): the connection finds the era, and every engine path — task or plain
 * call, inline result, tool error, JSON-RPC failure, a question answered through the host's
 * handler, cancellation, a resume by a new engine — ends as it does for 2025-11-25 servers.
 */
import * as assert from 'node:assert/strict';
import type { ElicitRequest, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import type { ServerRequestContext } from '../../src/core/ports';
import { MemoryTaskRecordStore } from '../../src/core/ledger/memoryStore';
import type { ServerDefinition } from '../../src/core/config/types';
import type { TaskRecord } from '../../src/core/model/taskRecord';
import { TaskEngine } from '../../src/core/tasks/taskEngine';
import { fixtureServer, startHttpServerProcess, type HttpServerProcess } from '../support/httpServerProcess';
import { createHarness, resultText, ScriptedHostRequests, StaticServerLookup, type Harness } from '../support/taskEngineHarness';
import { UnhandledRejectionMonitor } from '../support/unhandledRejections';
import { waitFor, withTimeout } from '../support/waitFor';

/** A person who sees the question and does not answer it (the question ends when it is withdrawn). */
class UnansweredQuestions extends ScriptedHostRequests {
  override async elicit(params: ElicitRequest['params'], context: ServerRequestContext): Promise<ElicitResult> {
    this.elicitations.push({ params, context });
    return new Promise((_resolve, reject) => context.signal.addEventListener('abort', () => reject(new Error('withdrawn')), { once: true }));
  }
}

interface Variant {
  name: string;
  start(): Promise<{ definition: ServerDefinition; stop(): Promise<void> }>;
}

const fixture = fixtureServer('tasks2026Server');

const variants: Variant[] = [
  {
    name: 'stdio',
    start: async () => ({ definition: { type: 'stdio', command: process.execPath, args: [fixture], env: {} }, stop: async () => undefined }),
  },
  {
    name: 'Streamable HTTP',
    start: async () => {
      const http: HttpServerProcess = await startHttpServerProcess([fixture, '--http']);
      return { definition: { type: 'http', url: `http://127.0.0.1:${http.port}/mcp`, headers: {} }, stop: () => http.stop() };
    },
  },
];

for (const variant of variants) {
  describe(`TaskEngine with a 2026-07-28 server (${variant.name})`, function () {
    this.timeout(60_000);
    const rejections = new UnhandledRejectionMonitor();
    const host = new ScriptedHostRequests((params): ElicitResult => (/Run the report/.test(params.message)
      ? { action: 'accept', content: { go: true } }
      : { action: 'accept', content: { name: 'Ada' } }));
    let server: { definition: ServerDefinition; stop(): Promise<void> };
    let h: Harness;

    before(async () => {
      rejections.install();
      server = await variant.start();
      h = createHarness({ id: 'm26', definition: server.definition, host });
      await h.connection.connect();
    });

    after(async () => {
      await h?.dispose();
      await server?.stop();
      rejections.uninstall();
    });

    afterEach(() => rejections.assertNone());

    const finish = (key: string, engine = h.engine) => withTimeout(engine.whenFinished(key), 15_000, `task ${key} finished`);

    it('finds the era by server/discover and lists the tools as the server decides per call', () => {
      const session = h.connection.session;
      assert.equal(session?.dialect, '2026-07-28');
      assert.equal(h.logger.matching(/speaks MCP 2026-07-28 with the tasks extension/).length, 1, 'the era is logged');
      assert.equal(h.connection.tools?.find((t) => t.name === 'slow_report')?.execution?.taskSupport, 'optional');
      assert.ok(h.connection.serverCapabilities?.tasks?.requests?.tools?.call, 'tools/call may become a task');
      assert.equal(h.connection.serverCapabilities?.tasks?.list, undefined, 'no tasks/list in this revision');
    });

    it('a tool answered with a task handle is tracked to its inline result, with its status messages', async () => {
      const started = await h.engine.call('m26', 'slow_report', {});
      assert.equal(started.kind, 'task');
      assert.equal(started.dialect, '2026-07-28');
      const done = await finish(started.key);
      assert.equal(done.status, 'completed');
      assert.equal(resultText(done), 'report ready');
      assert.ok(h.events.some((r) => r.key === started.key && r.statusMessage === 'step 1 of 3'), 'status messages from tasks/get');
      const counts = h.engine.requestCountsOf(started.key);
      assert.equal(counts?.result ?? 0, 1, 'the result is taken from the final status, once');
    });

    it('status notifications arrive on a subscriptions/listen stream that names the running task', async () => {
      const started = await h.engine.call('m26', 'slow_report', {});
      const done = await finish(started.key);
      assert.equal(done.status, 'completed');
      const counts = h.engine.requestCountsOf(started.key);
      console.log(`      [requests] 2026 slow_report: ${JSON.stringify(counts)}`);
      assert.ok((counts?.notifications ?? 0) >= 1, 'at least one status notification was taken in');
      assert.equal(h.logger.matching(/did not open a status stream/).length, 0);
    });

    it('a tool error arrives as completed and is shown as the tool failing; a JSON-RPC error fails the task', async () => {
      const toolError = await finish((await h.engine.call('m26', 'tool_error', {})).key);
      assert.equal(toolError.status, 'failed');
      assert.equal(toolError.error?.kind, 'tool-error');
      assert.match(toolError.error?.message ?? '', /report source is unreachable/);

      const rpcError = await finish((await h.engine.call('m26', 'rpc_error', {})).key);
      assert.equal(rpcError.status, 'failed');
      assert.equal(rpcError.error?.kind, 'server-error');
      assert.match(rpcError.error?.message ?? '', /upstream quota exhausted/);
    });

    it('input_required asks through the host handler under the task, and the answer goes back with tasks/update', async () => {
      const before = host.elicitations.length;
      const started = await h.engine.call('m26', 'ask_name', {});
      const done = await finish(started.key);
      assert.equal(done.status, 'completed');
      assert.equal(resultText(done), 'Hello, Ada!');
      const asked = host.elicitations.slice(before);
      assert.equal(asked.length, 1, 'asked once');
      assert.equal(asked[0].params.message, 'What is your name?');
      assert.equal(asked[0].context.relatedTaskId, started.taskId);
      assert.ok(h.events.some((r) => r.key === started.key && r.status === 'input_required'), 'the record showed input_required');
    });

    it('a tool that asks before it runs (input_required on tools/call) gets the answer with the repeated call, then runs as a task', async () => {
      const before = host.elicitations.length;
      const started = await h.engine.call('m26', 'confirm_first', {});
      assert.equal(started.kind, 'task');
      const done = await finish(started.key);
      assert.equal(done.status, 'completed');
      assert.equal(resultText(done), 'confirmed: report ready');
      const asked = host.elicitations.slice(before);
      assert.equal(asked.length, 1);
      assert.equal(asked[0].params.message, 'Run the report now?');
      assert.equal(asked[0].context.relatedTaskId, undefined, 'no task exists yet');
    });

    it('cancel asks the server and follows the task to cancelled', async () => {
      const started = await h.engine.call('m26', 'long_job', {});
      await waitFor(() => h.store.get(started.key)?.status === 'working', { what: 'the task working' });
      await h.engine.cancel(started.key);
      const done = await finish(started.key);
      assert.equal(done.status, 'cancelled');
    });

    it('cancelling a plain call the server turned into a task cancels that task on the server', async () => {
      const session = h.connection.session;
      assert.ok(session?.dialect === '2026-07-28');
      // The link's own polls name the task; the server is then asked how it stands.
      const polled: string[] = [];
      const getTask = session.link.protocol.getTask.bind(session.link.protocol);
      session.link.protocol.getTask = (taskId) => { polled.push(taskId); return getTask(taskId); };
      try {
        const started = await h.engine.call('m26', 'long_job', {}, { mode: 'plain' });
        assert.equal(started.kind, 'call');
        await waitFor(() => polled.length > 0, { what: 'the call polled as a task' });
        await h.engine.cancel(started.key);
        const done = await finish(started.key);
        assert.equal(done.status, 'cancelled');
        // Asked of the server itself, until it says cancelled or the deadline passes.
        const deadline = Date.now() + 10_000;
        let onServer = (await getTask(polled[0]!)).status;
        while (onServer !== 'cancelled' && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          onServer = (await getTask(polled[0]!)).status;
        }
        assert.equal(onServer, 'cancelled');
      } finally {
        session.link.protocol.getTask = getTask;
      }
    });

    it('an inline answer to a task request, and a plain call the server turns into a task, both end with the result', async () => {
      const inline = await h.engine.call('m26', 'quick_answer', {});
      const quick = await finish(inline.key);
      assert.equal(quick.status, 'completed');
      assert.equal(resultText(quick), 'quick answer');

      const plain = await h.engine.call('m26', 'slow_report', {}, { mode: 'plain' });
      assert.equal(plain.kind, 'call');
      const done = await finish(plain.key);
      assert.equal(done.status, 'completed');
      assert.equal(resultText(done), 'report ready');
    });

    it('a record of the other revision is not polled in this one: it ends with the reason', async () => {
      const store = new MemoryTaskRecordStore();
      const now = Date.now();
      const old: TaskRecord = {
        key: 'm26/legacy-task', serverId: 'm26', serverLabel: 'm26', taskId: 'legacy-task', kind: 'task', tool: 'slow_report',
        status: 'working', createdAt: now, updatedAt: now, dialect: '2025-11-25',
      };
      store.put(old);
      const engine = new TaskEngine({ servers: new StaticServerLookup([h.connection]), store, logger: h.logger });
      try {
        await engine.resume();
        const done = await finish(old.key, engine);
        assert.equal(done.status, 'expired');
        assert.match(done.error?.message ?? '', /now speaks MCP 2026-07-28; this task was created in MCP 2025-11-25/);
      } finally {
        engine.dispose();
      }
    });
  });
}

describe('a 2026-07-28 task resumed by a new engine (Streamable HTTP: tasks outlive the connection)', function () {
  this.timeout(60_000);

  it('the next engine and connection poll the stored task to its result', async () => {
    const http = await startHttpServerProcess([fixture, '--http']);
    const definition: ServerDefinition = { type: 'http', url: `http://127.0.0.1:${http.port}/mcp`, headers: {} };
    const store = new MemoryTaskRecordStore();
    // The first window never answers: the question is still open when it goes away.
    const first = createHarness({ id: 'm26', definition, store, host: new UnansweredQuestions() });
    let second: Harness | undefined;
    try {
      await first.connection.connect();
      const started = await first.engine.call('m26', 'ask_name', {});
      await waitFor(() => store.get(started.key)?.status === 'input_required', { what: 'the question' });
      await waitFor(() => first.host.elicitations.length === 1, { what: 'the question shown' });
      first.engine.dispose();
      await first.connection.stop();

      const answering = new ScriptedHostRequests(() => ({ action: 'accept', content: { name: 'Grace' } }));
      second = createHarness({ id: 'm26', definition, store, host: answering });
      await second.connection.connect();
      await second.engine.resume();
      const done = await withTimeout(second.engine.whenFinished(started.key), 15_000, 'the resumed task finished');
      assert.equal(done.status, 'completed');
      assert.equal(resultText(done), 'Hello, Grace!');
      assert.equal(done.dialect, '2026-07-28');
    } finally {
      await second?.dispose();
      await first.dispose();
      await http.stop();
    }
  });
});

describe('the era probe against 2025-11-25 servers that refuse it in their own words', function () {
  this.timeout(60_000);

  for (const transport of ['stdio', 'Streamable HTTP'] as const) {
    it(`a -32000 "Server not initialized" answer to server/discover means 2025-11-25, not a lost connection (${transport})`, async () => {
      const args = [fixture, '--dual', '--hide-modern', '--discover-error=-32000'];
      const http = transport === 'stdio' ? undefined : await startHttpServerProcess([...args, '--http']);
      const definition: ServerDefinition = http
        ? { type: 'http', url: `http://127.0.0.1:${http.port}/mcp`, headers: {} }
        : { type: 'stdio', command: process.execPath, args, env: {} };
      const h = createHarness({ id: 'old', definition });
      try {
        const session = await h.connection.connect();
        assert.equal(session.dialect, '2025-11-25');
        assert.equal(h.logger.matching(/exited when asked server\/discover/).length, 0, 'not taken for a server that died');
        assert.equal(h.logger.matching(/^Starting |^Connecting to /).length, 1, 'one start');
        assert.ok(h.connection.tools?.some((t) => t.name === 'slow_report'), 'its tools are listed');
      } finally {
        await h.dispose();
        await http?.stop();
      }
    });
  }
});
