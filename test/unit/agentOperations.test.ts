/**
 * The agent's tools against the real demo server and a real task engine: start returns a handle
 * while the task runs, check and wait follow it, a question goes to the person (never the
 * model), cancel is a real tasks/cancel. Every mistake an agent can make comes back as a reply
 * it can act on, never as a thrown error.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MemoryTaskRecordStore } from '../../src/core/ledger/memoryStore';
import type { HostRequestHandler } from '../../src/core/ports';
import { ServerConnection } from '../../src/core/servers/serverConnection';
import { StartRefusedError } from '../../src/core/servers/startRefused';
import { TaskDirectory } from '../../src/core/taskDirectory';
import { TaskEngine } from '../../src/core/tasks/taskEngine';
import type { TaskRecord } from '../../src/core/model/taskRecord';
import { guarded, type AgentDeps } from '../../src/vscode/agent/agentDeps';
import { replyText, type AgentReply } from '../../src/vscode/agent/agentReply';
import { cancelTask } from '../../src/vscode/agent/cancelTask';
import { checkTasks } from '../../src/vscode/agent/checkTasks';
import { previewCancel, previewStart } from '../../src/vscode/agent/invocationPreview';
import { listTools } from '../../src/vscode/agent/listTools';
import { startTask } from '../../src/vscode/agent/startTask';
import { waitForTask } from '../../src/vscode/agent/waitForTask';
import { PendingQuestions } from '../../src/vscode/prompts/pendingQuestions';
import { readEvents } from '../support/demoServerClient';
import { fixtureServer } from '../support/httpServerProcess';
import { StaticServerLookup } from '../support/taskEngineHarness';
import { UnhandledRejectionMonitor } from '../support/unhandledRejections';
import { once, waitFor } from '../support/waitFor';

const repoRoot = path.resolve(__dirname, '../../..');
const DEMO = path.join(repoRoot, 'out/demo/server/demoTaskServer.js');

const handleOf = (reply: AgentReply) => /^handle: (.+)$/m.exec(replyText(reply))?.[1];

describe('agent tools against the demo server', function () {
  this.timeout(30_000);
  const rejections = new UnhandledRejectionMonitor();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-tools-'));
  const eventsFile = path.join(scratch, 'events.jsonl');
  const questions = new PendingQuestions();
  // The person's side of a question, as the window does it: kept until answered.
  const hostRequests: HostRequestHandler = {
    elicit: (params, context) => questions.ask({
      serverId: context.serverId, serverLabel: context.serverLabel,
      ...(context.relatedTaskId ? { relatedTaskId: context.relatedTaskId } : {}),
      params, signal: context.signal,
    }).answer,
    createMessage: async () => { throw new Error('sampling is not offered here'); },
  };
  const connection = (id: string, label: string, args: string[], options: { env?: Record<string, string>; beforeStart?: () => Promise<void> } = {}) => new ServerConnection({
    id, label, definition: { type: 'stdio', command: process.execPath, args, env: options.env ?? {} },
    capabilities: { elicitation: { form: {} } }, hostRequests, restart: { maxAttempts: 0 },
    ...(options.beforeStart ? { beforeStart: options.beforeStart } : {}),
  });
  const demo = connection('a1b2c3/taskdemo', 'taskdemo', [DEMO], { env: { DEMO_SERVER_EVENTS_FILE: eventsFile } });
  const noCancel = connection('d4e5f6/nocancel', 'nocancel', [fixtureServer('rawTaskFixture'), '--no-cancel']);
  const refused = connection('0a0b0c/refused', 'refused', [DEMO], { beforeStart: async () => { throw new StartRefusedError('the user did not allow it to start'); } });
  const servers = new StaticServerLookup([demo, noCancel, refused]);
  const engine = new TaskEngine({ servers, store: new MemoryTaskRecordStore() });
  const tasks = new TaskDirectory(engine);
  const deps: AgentDeps = { tasks, servers, questions, now: Date.now };

  before(async () => {
    rejections.install();
    await demo.connect();
  });

  after(async () => {
    for (const record of tasks.list()) if (record.status === 'working' || record.status === 'input_required') await tasks.cancel(record.key).catch(() => undefined);
    tasks.dispose();
    engine.dispose();
    for (const c of [demo, noCancel, refused]) { await c.stop(); c.dispose(); }
    questions.dispose();
    rejections.uninstall();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  afterEach(() => rejections.assertNone());

  const progressed = (key: string) => once(tasks.onDidChangeTask, (r: TaskRecord) => r.key === key && (r.progress?.progress ?? 0) >= 1, 10_000, 'the first progress');

  it('start returns a handle in well under a second while slow_report runs; check shows progress; wait returns the report', async () => {
    const t0 = performance.now();
    const started = await startTask(deps, { server: 'taskdemo', tool: 'slow_report', arguments: { topic: 'weather', steps: 3, stepMs: 700 } });
    const ms = performance.now() - t0;
    const text = replyText(started);
    assert.equal(started.isError, undefined, text);
    assert.ok(ms < 1000, `start took ${ms.toFixed(0)} ms`);
    assert.match(text, /^Started slow_report on taskdemo as a background task\. The user sees it in the MCP Tasks view\.$/m);
    assert.match(text, /^status: running for \d\.\d s/m);
    assert.match(text, /^Next: mcpTasks_waitForTask \{"handle": ".+"\}/m);
    const handle = handleOf(started)!;
    const record = tasks.get(handle)!;
    assert.equal(record.kind, 'task');
    assert.equal(record.origin, 'chat', 'marked as started from chat');
    assert.equal(record.status, 'working');

    if (!tasks.get(handle)!.progress) await progressed(handle);
    const checked = replyText(await checkTasks(deps, { handles: [handle] }));
    assert.match(checked, /^status: running for \d+\.\d s · progress [123]\/3 · "Step [123]\/3: /m);

    const waited = await waitForTask(deps, { handle, timeoutSeconds: 20 });
    const result = replyText(waited);
    assert.match(result, /^slow_report on taskdemo has ended\.$/m);
    assert.match(result, /^status: completed after \d/m);
    assert.match(result, /# Report: weather/);
    assert.match(result, /Finished in 3 steps\./);
    assert.match(result, /structured content \(JSON\): \{"topic":"weather","steps":3\}/);
    // An ended task keeps answering with its result.
    assert.match(replyText(await waitForTask(deps, { handle })), /# Report: weather/);
  });

  it('a question the task asks waits for the person: start and check say so, the model is told not to answer, wait ends with the answer', async () => {
    const started = await startTask(deps, { server: 'taskdemo', tool: 'ask_user', arguments: { question: 'Ship it?' }, waitSeconds: 8 });
    const handle = handleOf(started)!;
    assert.match(replyText(started), /^status: waiting for the user for /m);
    assert.match(replyText(started), /^question for the user: "Ship it\?"$/m);
    assert.match(replyText(started), /Do not answer it yourself/);
    assert.match(replyText(await checkTasks(deps, {})), new RegExp(`handle: ${handle.replace(/[/.]/g, '\\$&')}\\n.*\\nstatus: waiting for the user`));

    const waiting = waitForTask(deps, { handle, timeoutSeconds: 20 });
    const question = questions.forTask(tasks.get(handle)!.serverId, tasks.get(handle)!.taskId)!;
    assert.ok(question, 'the question is the person\'s to answer');
    assert.ok(questions.answer(question.id, { action: 'accept', content: { choice: 'continue', urgent: true, note: 'from the test' } }));
    assert.match(replyText(await waiting), /You answered “Ship it\?” with: continue \(urgent: yes, note: from the test\)\./);
  });

  it('wait gives up after its timeout with "still running", and stops at once when the request is cancelled', async () => {
    const started = await startTask(deps, { server: 'taskdemo', tool: 'long_wait', arguments: { seconds: 30 }, waitSeconds: 0 });
    const handle = handleOf(started)!;
    const t0 = performance.now();
    const waited = replyText(await waitForTask(deps, { handle, timeoutSeconds: 1 }));
    assert.ok(performance.now() - t0 < 2500);
    assert.match(waited, /^long_wait is still running after 1 s of waiting\.$/m);
    assert.match(waited, /call mcpTasks_waitForTask \{"handle": ".+"\} again/);

    const abort = new AbortController();
    const stopped = waitForTask(deps, { handle, timeoutSeconds: 60 }, { signal: abort.signal });
    abort.abort();
    assert.match(replyText(await stopped), /^Stopped waiting \(the request was cancelled\); long_wait keeps running\.$/m);
    assert.equal(tasks.get(handle)!.status, 'working');
  });

  it('cancel is a real tasks/cancel: the record says cancelled and the server logged it', async () => {
    const started = await startTask(deps, { server: 'taskdemo', tool: 'long_wait', arguments: { seconds: 60 }, waitSeconds: 0 });
    const handle = handleOf(started)!;
    const reply = await cancelTask(deps, { handle });
    assert.match(replyText(reply), /^Cancelled long_wait on taskdemo\.$/m);
    assert.match(replyText(reply), /^status: cancelled after/m);
    const record = tasks.get(handle)!;
    assert.equal(record.status, 'cancelled');
    await waitFor(() => readEvents(eventsFile).some((e) => e.taskId === record.taskId && e.event === 'cancelled'), { what: 'the server to log the cancel' });
  });

  it('a tool without task support runs as a plain call, bounded by the same wait, tracked like a task', async () => {
    const reply = await startTask(deps, { server: 'taskdemo', tool: 'echo', arguments: { text: 'hello from chat' }, waitSeconds: 5 });
    const text = replyText(reply);
    assert.match(text, /^echo on taskdemo ended within the wait\.$/m);
    assert.match(text, /^task: echo on taskdemo \(plain call, started from chat\)$/m);
    assert.match(text, /^result:\nhello from chat/m);
    const record = tasks.get(handleOf(reply)!)!;
    assert.equal(record.kind, 'call');
    assert.equal(record.origin, 'chat');
  });

  it('a tool whose task support is optional runs as a task for the agent', async () => {
    const reply = await startTask(deps, { server: 'TASKDEMO', tool: 'quick_summary', arguments: { text: 'One. Two.' }, waitSeconds: 0 });
    assert.equal(tasks.get(handleOf(reply)!)!.kind, 'task');
  });

  it('list names every server\'s tools with how they run and their schemas; a refused server says why', async () => {
    const text = replyText(await listTools(deps, {}));
    assert.match(text, /^## taskdemo \(id "a1b2c3\/taskdemo"\) — \d+ tools$/m);
    assert.match(text, /^- slow_report \(Slow Report\) — runs as: background task\. /m);
    assert.match(text, /^- echo \(Echo\) — runs as: plain call/m);
    assert.match(text, /^- long_wait \(Long Wait\) — runs as: background task \(task support optional\)/m);
    assert.match(text, /"steps":\{[^}]*"type":"integer"[^}]*"maximum":20/);
    assert.match(text, /^## refused .* — tools unknown: refused could not start: the user did not allow it to start\.$/m);
    const one = replyText(await listTools(deps, { server: 'taskdemo', tool: 'slow_report' }));
    assert.match(one, /^## taskdemo .* — 1 tool$/m);
    assert.doesNotMatch(one, /long_wait/);
  });

  it('the confirmation shows the server\'s label, the tool and the arguments as they will be sent', () => {
    assert.deepEqual(previewStart(deps, { server: 'a1b2c3/taskdemo', tool: 'slow_report', arguments: '{"topic":"x"}' as never }), { server: 'taskdemo', tool: 'slow_report', args: { topic: 'x' } });
    assert.deepEqual(previewStart(deps, { server: 'nope', tool: 't', arguments: { a: 1 } }), { server: 'nope', tool: 't', args: { a: 1 } });
    assert.equal(previewCancel(deps, { handle: 'nope' }).confirm, true, 'an unknown handle is still confirmed');
    const ended = tasks.list().find((r) => r.status === 'completed')!;
    assert.equal(previewCancel(deps, { handle: ended.key }).confirm, false, 'nothing to confirm for a task that ended');
  });

  describe('every mistake an agent can make is a reply it can act on', () => {
    const refusal = async (reply: Promise<AgentReply>): Promise<string> => {
      const settled = await reply;
      assert.equal(settled.isError, true, replyText(settled));
      return replyText(settled);
    };

    it('fault: agent input: an unknown server names the configured ones and the closest', async () => {
      const text = await refusal(startTask(deps, { server: 'taskdemos', tool: 'slow_report' }));
      assert.equal(text, 'There is no MCP server named "taskdemos". Did you mean "taskdemo"? Configured servers: "taskdemo", "nocancel", "refused".');
      assert.match(await refusal(startTask(deps, { server: '', tool: 'x' } as never)), /^"server" is required: the name of an MCP server, one of "taskdemo", "nocancel", "refused"\.$/);
      assert.match(await refusal(listTools(deps, { server: 'elsewhere' })), /^There is no MCP server named "elsewhere"\. Configured servers:/);
    });

    it('fault: agent input: a server name two servers share asks for an id', async () => {
      const twins = new StaticServerLookup([connection('x1/twin', 'twin', [DEMO]), connection('x2/twin', 'twin', [DEMO])]);
      const text = await refusal(startTask({ ...deps, servers: twins }, { server: 'twin', tool: 'echo' }));
      assert.equal(text, 'Several MCP servers are named "twin": pass one of their ids as "server": "x1/twin", "x2/twin".');
    });

    it('fault: agent input: no servers configured says where to add one', async () => {
      const none = { ...deps, servers: new StaticServerLookup([]) };
      assert.match(await refusal(listTools(none, {})), /^No MCP servers are configured\. Ask the user to add one to \.vscode\/mcp\.json/);
      assert.match(await refusal(startTask(none, { server: 'taskdemo', tool: 'echo' })), /^No MCP servers are configured\./);
    });

    it('fault: agent input: an unknown tool names the server\'s tools and the closest', async () => {
      const text = await refusal(startTask(deps, { server: 'taskdemo', tool: 'slow_reprt' }));
      assert.match(text, /^taskdemo has no tool named "slow_reprt"\. Did you mean "slow_report"\? Its tools: .*slow_report.*\. Call mcpTasks_listTools with \{"server": "taskdemo"\} for their input schemas\.$/);
      assert.match(await refusal(listTools(deps, { server: 'taskdemo', tool: 'nothing_like_it' })), /^taskdemo has no tool named "nothing_like_it"\. Its tools:/);
      assert.match(await refusal(listTools(deps, { tool: 'echo' })), /^"tool" needs "server" too/);
    });

    it('fault: agent input: arguments that fail the input schema say what is wrong, show the schema, and start nothing', async () => {
      const before = tasks.list().length;
      const text = await refusal(startTask(deps, { server: 'taskdemo', tool: 'slow_report', arguments: { steps: 99, topic: 7 } }));
      assert.match(text, /^The arguments do not fit slow_report's input schema: /);
      assert.match(text, /steps/);
      assert.match(text, /^input schema: \{"type":"object","properties":\{"steps"/m);
      assert.match(text, /^Nothing was started\. Correct the arguments and call again\.$/m);
      assert.match(await refusal(startTask(deps, { server: 'taskdemo', tool: 'echo', arguments: {} })), /^The arguments do not fit echo's input schema: .*text/);
      assert.match(await refusal(startTask(deps, { server: 'taskdemo', tool: 'echo', arguments: 'text=hi' as never })), /^"arguments" must be a JSON object, e\.g\. \{"topic": "weather"\}; got a string that is not JSON\.$/);
      assert.equal(tasks.list().length, before, 'no task was created');
    });

    it('fault: agent input: an unknown handle tells how handles look and where to find them, for check, wait and cancel', async () => {
      const expected = /^No task has the handle "a1b2c3\/taskdemo\/no-such-task"\. Use a handle that mcpTasks_startTask returned \(it looks like "server-id\/task-id"\); mcpTasks_checkTasks without "handles" lists the tasks started from chat\./;
      assert.match(await refusal(waitForTask(deps, { handle: 'a1b2c3/taskdemo/no-such-task' })), expected);
      assert.match(await refusal(cancelTask(deps, { handle: 'a1b2c3/taskdemo/no-such-task' })), expected);
      assert.match(await refusal(checkTasks(deps, { handles: ['a1b2c3/taskdemo/no-such-task'] })), expected);
      assert.match(await refusal(waitForTask(deps, {} as never)), /^"handle" is required: the handle mcpTasks_startTask returned/);
      assert.match(await refusal(checkTasks(deps, { handles: 42 } as never)), /^"handles" must be a list of handles/);
    });

    it('fault: agent input: a task id without its server is accepted when it names one task', async () => {
      const record = tasks.list().find((r) => r.tool === 'slow_report')!;
      const reply = await checkTasks(deps, { handles: [record.taskId] });
      assert.equal(reply.isError, undefined);
      assert.match(replyText(reply), new RegExp(`^handle: ${record.key.replace(/[/.]/g, '\\$&')}$`, 'm'));
    });

    it('fault: agent input: cancelling a task that ended says so and changes nothing', async () => {
      const record = tasks.list().find((r) => r.tool === 'slow_report' && r.status === 'completed')!;
      const reply = await cancelTask(deps, { handle: record.key });
      assert.equal(reply.isError, undefined);
      assert.match(replyText(reply), /^slow_report on taskdemo has already ended \(completed\); there is nothing to cancel\.$/m);
      assert.equal(tasks.get(record.key)!.status, 'completed');
    });

    it('fault: agent input: a server that cannot cancel tasks is named as the reason, and the task keeps running', async () => {
      const started = await startTask(deps, { server: 'nocancel', tool: 'hang', waitSeconds: 0 });
      const handle = handleOf(started)!;
      assert.ok(handle, replyText(started));
      const text = await refusal(cancelTask(deps, { handle }));
      assert.match(text, /^nocancel does not support cancelling tasks \(it declares no tasks\.cancel capability\), so hang cannot be cancelled and keeps running\. It is still tracked: follow it with mcpTasks_checkTasks or mcpTasks_waitForTask\.$/m);
      assert.notEqual(tasks.get(handle)!.status, 'cancelled');
    });

    it('fault: agent input: a server the person did not allow to start is reported, and nothing is called', async () => {
      const text = await refusal(startTask(deps, { server: 'refused', tool: 'echo', arguments: { text: 'x' } }));
      assert.equal(text, 'refused could not start: the user did not allow it to start. Nothing was called; try again once the server runs.');
    });

    it('fault: agent input: a tool that fails ends as a failed task with the server\'s message, not an exception', async () => {
      const reply = await startTask(deps, { server: 'taskdemo', tool: 'flaky_build', arguments: { failAfterMs: 100 }, waitSeconds: 8 });
      const text = replyText(reply);
      assert.match(text, /^status: failed after .* — Build failed: 3 tests failed in module 'parser'$/m);
      assert.match(text, /^The tool reported an error; its result:$/m);
    });

    it('fault: agent input: anything thrown inside a tool becomes a reply', async () => {
      const reply = await guarded('Checking the tasks', async () => { throw new Error('the ledger is gone'); });
      assert.deepEqual(reply, { parts: [{ kind: 'text', text: 'Checking the tasks failed: the ledger is gone' }], isError: true });
    });
  });
});
