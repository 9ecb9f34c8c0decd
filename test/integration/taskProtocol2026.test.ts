/**
 * The 2026-07-28 dialect against real servers: the tasks-extension fixture over stdio and
 * Streamable HTTP (modern only, and dual-era), and server-everything, which speaks 2025-11-25 only
 * and is reached by falling back to `initialize` on the same connection.
 */
import * as assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { negotiateEra, type EraVerdict } from '../../src/core/tasks/dialect2026/eraNegotiation';
import { createModernHttpTransport } from '../../src/core/tasks/dialect2026/modernHttp';
import type { ChannelIdentity } from '../../src/core/tasks/dialect2026/modernChannel';
import { TaskProtocol2026 } from '../../src/core/tasks/dialect2026/taskProtocol2026';
import type { ModernTask } from '../../src/core/tasks/dialect2026/taskShapes2026';
import { TASKS_EXTENSION_ID } from '../../src/core/tasks/dialect2026/wire2026';
import { isShapeError } from '../../src/core/tasks/protocolErrors';
import { everythingEntry, fixtureServer, startHttpServerProcess, type HttpServerProcess } from '../support/httpServerProcess';
import { RecordingLogger } from '../support/recordingLogger';

type Kind = 'stdio' | 'http';

interface Started {
  transport: Transport;
  kind: Kind;
  stop(): Promise<void>;
}

function identity(kind: Kind, declareTasks = true): ChannelIdentity {
  return {
    clientInfo: { name: 'mcp-tasks-test', version: '0.0.0' },
    capabilities: declareTasks ? { extensions: { [TASKS_EXTENSION_ID]: {} } } : {},
    transportKind: kind,
  };
}

/** Starts `node <entry> <args>` over stdio, or with `httpArgs` as an HTTP server. */
const variants: { name: string; kind: Kind; start(entry: string, args: string[], httpArgs: string[]): Promise<Started> }[] = [
  {
    name: 'stdio',
    kind: 'stdio',
    start: async (entry, args) => ({
      transport: new StdioClientTransport({ command: process.execPath, args: [entry, ...args], stderr: 'pipe' }),
      kind: 'stdio',
      stop: async () => undefined,
    }),
  },
  {
    name: 'Streamable HTTP',
    kind: 'http',
    start: async (entry, _args, httpArgs) => {
      const http: HttpServerProcess = await startHttpServerProcess([entry, ...httpArgs]);
      return { transport: createModernHttpTransport(new URL(`http://127.0.0.1:${http.port}/mcp`)), kind: 'http', stop: () => http.stop() };
    },
  },
];

const fixture = () => fixtureServer('tasks2026Server');

async function startModern(variant: (typeof variants)[number], flags: string[] = [], declareTasks = true) {
  const started = await variant.start(fixture(), flags, ['--http', ...flags]);
  const verdict = await negotiateEra(started.transport, { identity: identity(started.kind, declareTasks) });
  return { started, verdict };
}

async function closeVerdict(verdict: EraVerdict | undefined, started: Started | undefined): Promise<void> {
  if (verdict?.era === 'modern') await verdict.channel.close();
  else await started?.transport.close();
  await started?.stop();
}

/** Polls as the server asks (pollIntervalMs) until `done`, under a deadline; returns every state seen. */
async function pollUntil(protocol: TaskProtocol2026, taskId: string, done: (task: ModernTask) => boolean, timeoutMs = 10_000): Promise<ModernTask[]> {
  const seen: ModernTask[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = await protocol.getTask(taskId);
    seen.push(task);
    if (done(task)) return seen;
    if (Date.now() > deadline) throw new Error(`task ${taskId} still ${task.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, task.pollIntervalMs ?? 100));
  }
}

const terminal = (task: ModernTask) => task.status === 'completed' || task.status === 'failed' || task.status === 'cancelled';

function textOf(task: ModernTask): string {
  assert.equal(task.status, 'completed');
  if (task.status !== 'completed') return '';
  return task.result.content.map((item) => (item.type === 'text' ? item.text : '')).join('');
}

async function createTask(protocol: TaskProtocol2026, name: string, args?: Record<string, unknown>): Promise<ModernTask> {
  const outcome = await protocol.callTool({ name, ...(args ? { arguments: args } : {}) });
  assert.equal(outcome.kind, 'task', `tools/call ${name} answered ${JSON.stringify(outcome)}`);
  if (outcome.kind !== 'task') throw new Error('unreachable');
  return outcome.task;
}

async function rejectsWithCode(promise: Promise<unknown>, code: number): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.equal((err as { code?: unknown }).code, code, String(err));
    return true;
  });
}

for (const variant of variants) {
  describe(`tasks extension of MCP 2026-07-28 over ${variant.name}`, function () {
    this.timeout(30_000);
    let started: Started | undefined;
    let verdict: EraVerdict | undefined;
    let protocol: TaskProtocol2026;
    const logger = new RecordingLogger();

    before(async () => {
      ({ started, verdict } = await startModern(variant));
      assert.equal(verdict.era, 'modern');
      if (verdict.era === 'modern') protocol = new TaskProtocol2026(verdict.channel, logger);
    });
    after(() => closeVerdict(verdict, started));

    it('negotiates 2026-07-28 with server/discover and sees the tasks extension', () => {
      assert.ok(verdict?.era === 'modern');
      assert.equal(verdict.version, '2026-07-28');
      assert.equal(verdict.tasksExtension, true);
      assert.deepEqual(verdict.serverInfo, { name: 'tasks-2026-fixture', version: '1.0.0' });
    });

    it('a task works for a few polls, saying which step it is on, then completes with its result', async () => {
      const created = await createTask(protocol, 'slow_report');
      assert.equal(created.status, 'working');
      assert.equal(created.ttlMs, 60_000);
      assert.equal(created.pollIntervalMs, 50);
      const seen = await pollUntil(protocol, created.taskId, terminal);
      assert.deepEqual(seen.map((t) => `${t.status}: ${t.statusMessage ?? ''}`), ['working: step 1 of 3', 'working: step 2 of 3', 'completed: done']);
      assert.equal(textOf(seen.at(-1)!), 'report ready');
    });

    it('a tool error (isError) ends completed, with the error result inline', async () => {
      const created = await createTask(protocol, 'tool_error');
      const last = (await pollUntil(protocol, created.taskId, terminal)).at(-1)!;
      assert.equal(last.status, 'completed');
      assert.ok(last.status === 'completed' && last.result.isError === true);
      assert.equal(textOf(last), 'the report source is unreachable');
    });

    it('a JSON-RPC error during the task ends failed, with that error inline', async () => {
      const created = await createTask(protocol, 'rpc_error');
      const last = (await pollUntil(protocol, created.taskId, terminal)).at(-1)!;
      assert.ok(last.status === 'failed', JSON.stringify(last));
      assert.deepEqual(last.error, { code: -32603, message: 'upstream quota exhausted' });
    });

    it('input_required carries the question; tasks/update answers it and the task completes with the answer', async () => {
      const created = await createTask(protocol, 'ask_name');
      const waiting = (await pollUntil(protocol, created.taskId, (t) => t.status !== 'working')).at(-1)!;
      assert.ok(waiting.status === 'input_required', JSON.stringify(waiting));
      const keys = Object.keys(waiting.inputRequests);
      assert.deepEqual(keys, ['name-question']);
      assert.equal(waiting.inputRequests['name-question']!.method, 'elicitation/create');
      await protocol.updateTask(created.taskId, { 'name-question': { action: 'accept', content: { name: 'Ada' } } });
      const last = (await pollUntil(protocol, created.taskId, terminal)).at(-1)!;
      assert.equal(textOf(last), 'Hello, Ada!');
    });

    it('tasks/cancel is acknowledged and the task ends cancelled', async () => {
      const created = await createTask(protocol, 'long_job');
      await protocol.getTask(created.taskId);
      await protocol.cancelTask(created.taskId);
      const last = (await pollUntil(protocol, created.taskId, terminal)).at(-1)!;
      assert.equal(last.status, 'cancelled');
    });

    it('a task past its ttlMs is gone: tasks/get answers -32602', async () => {
      const created = await createTask(protocol, 'short_lived', { ttlMs: 200 });
      assert.equal(created.ttlMs, 200);
      assert.equal((await protocol.getTask(created.taskId)).status, 'working');
      const deadline = Date.now() + 5_000;
      let error: unknown;
      while (error === undefined && Date.now() < deadline) {
        try {
          const task = await protocol.getTask(created.taskId);
          await new Promise((resolve) => setTimeout(resolve, task.pollIntervalMs ?? 50));
        } catch (err) {
          error = err;
        }
      }
      assert.equal((error as { code?: unknown } | undefined)?.code, -32602, String(error));
    });

    it('an unknown task id is -32602 on tasks/get, tasks/update and tasks/cancel', async () => {
      await rejectsWithCode(protocol.getTask('no-such-task'), -32602);
      await rejectsWithCode(protocol.updateTask('no-such-task', {}), -32602);
      await rejectsWithCode(protocol.cancelTask('no-such-task'), -32602);
    });

    it('a tool may answer at once: an inline result, with or without its own resultType', async () => {
      for (const [name, text] of [['quick_answer', 'quick answer'], ['bare_answer', 'bare answer']] as const) {
        const outcome = await protocol.callTool({ name });
        assert.ok(outcome.kind === 'result', JSON.stringify(outcome));
        assert.deepEqual(outcome.result.content, [{ type: 'text', text }]);
      }
    });

    it('status notifications arrive on a subscriptions/listen stream that names the task', async () => {
      const created = await createTask(protocol, 'slow_report');
      const heard: ModernTask[] = [];
      let finished!: () => void;
      const completed = new Promise<void>((resolve) => { finished = resolve; });
      const stream = protocol.listen([created.taskId], {
        onTask: (task) => { heard.push(task); if (task.status === 'completed') finished(); },
        onInvalid: (raw) => assert.fail(`unreadable notification ${JSON.stringify(raw)}`),
        onEnd: (error) => { if (error) assert.fail(`the stream ended: ${String(error)}`); },
      });
      try {
        // The stream opens with the task's state now; each poll then moves it on.
        await pollUntil(protocol, created.taskId, terminal);
        await withDeadline(completed, 5_000, 'the completed notification');
      } finally {
        stream.dispose();
      }
      assert.ok(heard.every((t) => t.taskId === created.taskId));
      assert.equal(textOf(heard.at(-1)!), 'report ready');
      assert.ok(heard.some((t) => t.statusMessage === 'step 1 of 3'), JSON.stringify(heard));
    });
  });

  describe(`MCP 2026-07-28 era negotiation over ${variant.name}`, function () {
    this.timeout(30_000);
    let started: Started | undefined;
    let verdict: EraVerdict | undefined;
    afterEach(async () => {
      await closeVerdict(verdict, started);
      started = undefined;
      verdict = undefined;
    });

    it('a dual-era server is reached in 2026-07-28, and names both revisions', async () => {
      ({ started, verdict } = await startModern(variant, ['--dual']));
      assert.ok(verdict.era === 'modern');
      assert.deepEqual(verdict.discover.supportedVersions, ['2026-07-28', '2025-11-25']);
      const protocol = new TaskProtocol2026(verdict.channel, new RecordingLogger());
      const created = await createTask(protocol, 'slow_report');
      assert.equal(textOf((await pollUntil(protocol, created.taskId, terminal)).at(-1)!), 'report ready');
    });

    it('a server that speaks only 2025-11-25 (server-everything) is negotiated down and served by initialize on the same connection', async () => {
      started = await variant.start(everythingEntry, ['stdio'], ['streamableHttp']);
      verdict = await negotiateEra(started.transport, { identity: identity(started.kind) });
      assert.ok(verdict.era === 'legacy', JSON.stringify(verdict.era));
      const client = new Client({ name: 'mcp-tasks-test', version: '0.0.0' });
      await client.connect(verdict.transport);
      try {
        assert.equal(verdict.transport.protocolVersion, '2025-11-25');
        assert.ok(client.getServerCapabilities()?.tasks, 'server-everything declares 2025-11-25 tasks');
        assert.ok((await client.listTools()).tools.length > 0);
      } finally {
        await client.close();
      }
    });

    it('a client that does not declare the extension gets -32021 from a well-behaved server for a tool that runs as a task', async () => {
      ({ started, verdict } = await startModern(variant, [], false));
      assert.ok(verdict.era === 'modern');
      const protocol = new TaskProtocol2026(verdict.channel, new RecordingLogger());
      await rejectsWithCode(protocol.callTool({ name: 'slow_report' }), -32021);
      await rejectsWithCode(protocol.getTask('any'), -32021);
      const quick = await protocol.callTool({ name: 'quick_answer' });
      assert.equal(quick.kind, 'result');
    });

    it('fault: capability lies: a task handle sent to a client that did not declare the extension is a protocol error, not a result', async () => {
      ({ started, verdict } = await startModern(variant, ['--ignore-capability'], false));
      assert.ok(verdict.era === 'modern');
      const logger = new RecordingLogger();
      const protocol = new TaskProtocol2026(verdict.channel, logger);
      await assert.rejects(protocol.callTool({ name: 'slow_report' }), (err: unknown) => {
        assert.ok(isShapeError(err), String(err));
        assert.match(String(err), /did not declare the tasks extension/);
        return true;
      });
      assert.equal(logger.matching(/the reply was \{"resultType":"task"/, 'warn').length, 1, logger.text());
    });

    it('a legacy client is refused by a modern-only server, which names the version it speaks', async () => {
      started = await variant.start(fixture(), [], ['--http']);
      const client = new Client({ name: 'mcp-tasks-test', version: '0.0.0' });
      await assert.rejects(client.connect(started.transport), /2026-07-28/);
      await client.close();
    });
  });
}

function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms); });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
