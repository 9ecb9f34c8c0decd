/**
 * The bundled demo task server, driven end to end by a plain SDK Client over stdio (and once
 * over Streamable HTTP). The server runs as a real child process; DEMO_SERVER_ENTRY may point
 * the suite at the esbuild bundle (dist/demo-server.js) instead of the tsc output.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CallToolResultSchema, RELATED_TASK_META_KEY, type CallToolResult, type Progress } from '@modelcontextprotocol/sdk/types.js';
import { DemoClient, eventsFor, textOf } from '../support/demoServerClient';
import { repoRoot } from '../support/httpServerProcess';
import { UnhandledRejectionMonitor } from '../support/unhandledRejections';
import { waitFor, withTimeout } from '../support/waitFor';

const serverEntry = process.env.DEMO_SERVER_ENTRY
  ? path.resolve(process.env.DEMO_SERVER_ENTRY)
  : path.join(repoRoot, 'out/demo/server/demoTaskServer.js');
const BUILD_FAILURE = "Build failed: 3 tests failed in module 'parser'";

describe('demo task server', function () {
  let dir: string;
  const rejections = new UnhandledRejectionMonitor();

  before(function () {
    assert.ok(fs.existsSync(serverEntry), `demo server not built: ${serverEntry} (run npx tsc -p . or node esbuild.js)`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-server-test-'));
    rejections.install();
  });

  after(function () {
    rejections.uninstall();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  afterEach(function () {
    rejections.assertNone();
  });

  describe('over stdio', function () {
    let demo: DemoClient;
    let transport: StdioClientTransport;
    let eventsFile: string;

    before(async function () {
      eventsFile = path.join(dir, 'stdio-events.jsonl');
      demo = new DemoClient();
      transport = new StdioClientTransport({
        command: process.execPath,
        args: [serverEntry],
        env: { ...(process.env as Record<string, string>), DEMO_SERVER_EVENTS_FILE: eventsFile },
        stderr: 'pipe',
      });
      await demo.client.connect(transport);
    });

    after(async function () {
      const pid = transport.pid;
      await demo.close();
      if (pid) await waitFor(() => !isAlive(pid), { what: `demo server ${pid} to exit`, timeoutMs: 5000 });
    });

    it('declares tools, logging and task capabilities', function () {
      const caps = demo.client.getServerCapabilities();
      assert.deepEqual(caps?.tasks, { list: {}, cancel: {}, requests: { tools: { call: {} } } });
      assert.ok(caps?.logging, 'logging capability');
      assert.equal(caps?.tools?.listChanged, true);
      assert.equal(demo.client.getServerVersion()?.name, 'mcp-tasks-demo');
    });

    it('lists every tool with a title, a description and the intended task support', async function () {
      const { tools } = await demo.client.listTools();
      const support = Object.fromEntries(tools.map((t) => [t.name, t.execution?.taskSupport ?? 'forbidden']));
      assert.deepEqual(support, {
        echo: 'forbidden',
        quick_summary: 'optional',
        slow_report: 'required',
        flaky_build: 'required',
        long_wait: 'optional',
        ask_user: 'required',
        connect_account: 'forbidden',
      });
      for (const tool of tools) {
        assert.ok(tool.title && tool.description, `${tool.name} has title and description`);
        for (const [prop, schema] of Object.entries(tool.inputSchema.properties ?? {})) {
          assert.ok((schema as { description?: string }).description, `${tool.name}.${prop} has a description`);
        }
      }
      const report = tools.find((t) => t.name === 'slow_report');
      assert.deepEqual((report?.inputSchema.properties?.steps as { default?: number }).default, 5);
    });

    it('echo answers a plain call immediately', async function () {
      const result = (await demo.client.callTool({ name: 'echo', arguments: { text: 'hello there' } })) as CallToolResult;
      assert.equal(textOf(result), 'hello there');
      assert.notEqual(result.isError, true);
    });

    it('quick_summary works with and without a task', async function () {
      const text = 'Tasks let a tool run for a long time. The host polls for status.';
      const plain = (await demo.client.callTool({ name: 'quick_summary', arguments: { text } })) as CallToolResult;
      assert.equal(textOf(plain), 'Summary (14 words, 2 sentences): Tasks let a tool run for a long time.');

      const started = Date.now();
      const task = await demo.startTask('quick_summary', { text });
      assert.equal(task.status, 'working');
      assert.equal(task.ttl, 60_000);
      const done = await demo.waitForStatus(task.taskId);
      assert.equal(done.status, 'completed');
      assert.ok(Date.now() - started >= 450, 'takes about half a second');
      assert.equal(textOf(await demo.result(task.taskId)), textOf(plain));
    });

    it('a required tool called without a task is refused', async function () {
      // Sent raw: the SDK Client itself refuses this call once it has seen tools/list.
      const result = await demo.client.request({ method: 'tools/call', params: { name: 'slow_report', arguments: {} } }, CallToolResultSchema);
      assert.equal(result.isError, true);
      assert.match(textOf(result), /requires task augmentation/);
    });

    it('slow_report reports progress and status per step and completes with a markdown report', async function () {
      const progress: Progress[] = [];
      const task = await demo.startTask('slow_report', { steps: 3, stepMs: 100, topic: 'cats' }, progress);
      assert.equal(task.statusMessage, 'Starting a report on “cats”');
      const done = await demo.waitForStatus(task.taskId);
      assert.equal(done.status, 'completed');
      const result = await demo.result(task.taskId);

      assert.deepEqual(progress.map((p) => [p.progress, p.total]), [[1, 3], [2, 3], [3, 3]]);
      assert.deepEqual(progress.map((p) => p.message), ['Step 1/3: Gathering sources', 'Step 2/3: Reading material', 'Step 3/3: Comparing findings']);
      assert.match(textOf(result), /^# Report: cats\n/);
      assert.deepEqual(result.structuredContent, { topic: 'cats', steps: 3 });
      assert.deepEqual(result._meta?.[RELATED_TASK_META_KEY], { taskId: task.taskId });

      const mine = demo.statuses.filter((s) => s.taskId === task.taskId);
      assert.ok(mine.some((s) => s.statusMessage === 'Step 2/3: Reading material'), 'status notification per step');
      assert.equal(mine.at(-1)?.status, 'completed');
      assert.deepEqual(eventsFor(eventsFile, task.taskId), ['created', 'completed']);
    });

    it('slow_report honours tasks/cancel: the loop stops and the task stays cancelled', async function () {
      const progress: Progress[] = [];
      const task = await demo.startTask('slow_report', { steps: 20, stepMs: 50 }, progress);
      await waitFor(() => progress.length >= 2, { what: 'two progress steps' });
      const cancelled = await demo.client.experimental.tasks.cancelTask(task.taskId);
      assert.equal(cancelled.status, 'cancelled');
      const seenAtCancel = progress.length;
      assert.deepEqual(eventsFor(eventsFile, task.taskId), ['created', 'cancelled']);

      // A second report that outlives the cancelled one's remaining 18 steps is the clock here.
      const witness = await demo.startTask('slow_report', { steps: 2, stepMs: 600 });
      assert.equal((await demo.waitForStatus(witness.taskId)).status, 'completed');

      assert.ok(progress.length <= seenAtCancel + 1, `no progress after cancel (${seenAtCancel} → ${progress.length})`);
      const after = await demo.client.experimental.tasks.getTask(task.taskId);
      assert.equal(after.status, 'cancelled');
      assert.deepEqual(eventsFor(eventsFile, task.taskId), ['created', 'cancelled']);
      await assert.rejects(demo.client.experimental.tasks.cancelTask(task.taskId), (err: { code?: number }) => err.code === -32602);
    });

    it('ask_user asks through tasks/result while input_required and echoes the answer', async function () {
      demo.answer = { action: 'accept', content: { choice: 'pause', urgent: true, note: 'after lunch' } };
      const before = demo.elicitations.length;
      const task = await demo.startTask('ask_user', { question: 'Ship it?' });
      const waiting = await demo.waitForStatus(task.taskId, ['input_required']);
      assert.equal(waiting.status, 'input_required');
      assert.equal(waiting.statusMessage, 'Waiting for your answer: Ship it?');
      assert.equal(demo.elicitations.length, before, 'the question is not sent before tasks/result');

      const result = await withTimeout(demo.result(task.taskId), 15_000, 'ask_user result');
      assert.equal(textOf(result), 'You answered “Ship it?” with: pause (urgent: yes, note: after lunch).');

      const asked = demo.elicitations[before];
      assert.ok(asked, 'an elicitation/create arrived');
      assert.equal(asked.params.message, 'Ship it?');
      assert.deepEqual(asked.params._meta?.[RELATED_TASK_META_KEY], { taskId: task.taskId });
      const schema = (asked.params as { requestedSchema: { properties: Record<string, { type: string; enum?: string[]; default?: unknown }> } }).requestedSchema;
      assert.deepEqual(schema.properties.choice.enum, ['continue', 'pause', 'stop']);
      assert.equal(schema.properties.urgent.type, 'boolean');
      assert.equal(schema.properties.note.default, 'Looks good');
      assert.equal((await demo.client.experimental.tasks.getTask(task.taskId)).status, 'completed');
    });

    it('ask_user completes with a clear text when the question is declined', async function () {
      demo.answer = { action: 'decline' };
      const task = await demo.startTask('ask_user', {});
      await demo.waitForStatus(task.taskId, ['input_required']);
      const result = await demo.result(task.taskId);
      assert.equal(textOf(result), 'You declined to answer “How should the demo continue?”, so nothing was changed.');
      assert.notEqual(result.isError, true);
    });

    it('ask_user can be cancelled while it waits for an answer', async function () {
      const before = demo.elicitations.length;
      const task = await demo.startTask('ask_user', {});
      await demo.waitForStatus(task.taskId, ['input_required']);
      assert.equal((await demo.client.experimental.tasks.cancelTask(task.taskId)).status, 'cancelled');
      assert.deepEqual(eventsFor(eventsFile, task.taskId), ['created', 'cancelled']);
      assert.equal(demo.elicitations.length, before, 'the withdrawn question is never delivered');
      const echo = (await demo.client.callTool({ name: 'echo', arguments: { text: 'still here' } })) as CallToolResult;
      assert.equal(textOf(echo), 'still here');
      assert.equal((await demo.client.experimental.tasks.getTask(task.taskId)).status, 'cancelled');
    });

    it('flaky_build fails with an isError result and a status message', async function () {
      const task = await demo.startTask('flaky_build', { failAfterMs: 200 });
      const done = await demo.waitForStatus(task.taskId);
      assert.equal(done.status, 'failed');
      assert.equal(done.statusMessage, BUILD_FAILURE);
      const result = await demo.result(task.taskId);
      assert.equal(result.isError, true);
      assert.equal(textOf(result), BUILD_FAILURE);
      assert.deepEqual(eventsFor(eventsFile, task.taskId), ['created', 'failed']);
      const listed = await demo.client.experimental.tasks.listTasks();
      assert.ok(listed.tasks.some((t) => t.taskId === task.taskId && t.status === 'failed' && t.statusMessage === BUILD_FAILURE));
    });

    it('long_wait sends progress every second on a plain call', async function () {
      const progress: Progress[] = [];
      const result = (await demo.client.callTool({ name: 'long_wait', arguments: { seconds: 2 } }, undefined, {
        onprogress: (p) => progress.push(p),
      })) as CallToolResult;
      assert.equal(textOf(result), 'Waited 2 seconds.');
      assert.deepEqual(progress.map((p) => [p.progress, p.total, p.message]), [[1, 2, 'Waited 1 of 2 s'], [2, 2, 'Waited 2 of 2 s']]);
    });

    it('long_wait can be cancelled as a task', async function () {
      const task = await demo.startTask('long_wait', { seconds: 30 });
      const cancelled = await demo.client.experimental.tasks.cancelTask(task.taskId);
      assert.equal(cancelled.status, 'cancelled');
      assert.deepEqual(eventsFor(eventsFile, task.taskId), ['created', 'cancelled']);
    });

    it('bad arguments get a clear message', async function () {
      const result = (await demo.client.callTool({ name: 'long_wait', arguments: { seconds: 'soon' } })) as CallToolResult;
      assert.equal(result.isError, true);
      assert.match(textOf(result), /Invalid arguments for tool long_wait/);
    });
  });

  describe('over Streamable HTTP', function () {
    let child: ChildProcess | undefined;
    let demo: DemoClient | undefined;

    after(async function () {
      await demo?.close();
      if (child && child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child!.once('exit', resolve));
        child.kill('SIGTERM');
        await withTimeout(exited, 5000, 'HTTP demo server to exit');
      }
    });

    it('serves progress, questions and cancel on 127.0.0.1', async function () {
      const eventsFile = path.join(dir, 'http-events.jsonl');
      child = spawn(process.execPath, [serverEntry, '--http', '--port', '0'], {
        env: { ...process.env, DEMO_SERVER_EVENTS_FILE: eventsFile },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
      const url = await waitFor(() => /listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr)?.[1], { what: `the listening line (${stderr})` });

      demo = new DemoClient();
      await demo.client.connect(new StreamableHTTPClientTransport(new URL(url)));

      const progress: Progress[] = [];
      const report = await demo.startTask('slow_report', { steps: 2, stepMs: 100, topic: 'http' }, progress);
      assert.equal((await demo.waitForStatus(report.taskId)).status, 'completed');
      assert.deepEqual((await demo.result(report.taskId)).structuredContent, { topic: 'http', steps: 2 });
      await waitFor(() => progress.length === 2, { what: 'progress over the standalone stream' });

      demo.answer = { action: 'accept', content: { choice: 'continue', urgent: false, note: 'Looks good' } };
      const ask = await demo.startTask('ask_user', {});
      await demo.waitForStatus(ask.taskId, ['input_required']);
      assert.equal(textOf(await demo.result(ask.taskId)), 'You answered “How should the demo continue?” with: continue (urgent: no, note: Looks good).');

      const wait = await demo.startTask('long_wait', { seconds: 30 });
      assert.equal((await demo.client.experimental.tasks.cancelTask(wait.taskId)).status, 'cancelled');
      assert.deepEqual(eventsFor(eventsFile, wait.taskId), ['created', 'cancelled']);
    });
  });

  it('rejects unknown arguments with usage and exit code 2', function () {
    const run = spawnSync(process.execPath, [serverEntry, '--port', 'abc'], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /invalid port 'abc'/);
    assert.match(run.stderr, /usage: demo-server/);
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
