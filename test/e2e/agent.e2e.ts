/**
 * The agent's MCP task tools in a real VS Code, through vscode.lm.invokeTool (what an agent's
 * tool call goes through): a handle comes back while the task runs, check and wait follow it, a
 * question goes to the person's form, cancel is a real tasks/cancel. Outside a chat the workbench
 * confirms tools in a dialog, which it answers by itself while tests run; so what a start or a
 * cancel asks the person is read from the tools' own prepareInvocation, and reads ask nothing.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { McpTasksApi } from '../../src/extension';
import type { TaskRecord } from '../../src/core/model/taskRecord';
import { createAgentTools } from '../../src/vscode/agent/agentTools';
import { AGENT_TOOLS } from '../../src/vscode/agent/agentToolNames';
import { PendingQuestions } from '../../src/vscode/prompts/pendingQuestions';
import { once, waitFor } from '../support/waitFor';
import { connectUntilListed, demoServer, extensionApi, leaveUserServers, useUserServers, whenFinished, workspaceFolder } from './support/extensionApi';
import { hasWorkbenchControl, notifications, resetWorkbench, webview, workbench } from './support/workbench';

const SERVER = 'taskdemo';
const ROWS = '[id="workbench.parts.sidebar"] .monaco-list-row';

/** The text parts of a tool result, joined. */
function textOf(result: vscode.LanguageModelToolResult): string {
  return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('\n');
}

const handleOf = (text: string) => {
  const handle = /^handle: (.+)$/m.exec(text)?.[1];
  assert.ok(handle, `a handle in:\n${text}`);
  return handle;
};

/** Lines the demo server appended to its event log for one task. */
function serverEvents(file: string, taskId: string): string[] {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)
    .map((l) => JSON.parse(l) as { event: string; taskId: string }).filter((e) => e.taskId === taskId).map((e) => e.event);
}

describe('the agent\'s MCP task tools in a real VS Code', function () {
  let api: McpTasksApi;
  let eventsFile: string;

  before(async function () {
    if (!hasWorkbenchControl) this.skip();
    this.timeout(90_000);
    api = await extensionApi();
    const scratch = process.env.MCP_TASKS_SCRATCH ?? workspaceFolder();
    eventsFile = path.join(scratch, 'agent-demo-events.jsonl');
    await useUserServers(api, 'user-mcp-agent.json', { [SERVER]: demoServer({ DEMO_SERVER_EVENTS_FILE: eventsFile }) });
    await connectUntilListed(api, SERVER, 'slow_report');
    await vscode.commands.executeCommand('workbench.view.extension.mcpTasks');
    await notifications.clearAll();
    await notifications.hide();
  });

  after(async () => {
    for (const r of api?.tasks.list() ?? []) if (r.origin === 'chat' && (r.status === 'working' || r.status === 'input_required')) await api.tasks.cancel(r.key).catch(() => undefined);
    await leaveUserServers(api, [SERVER]);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await workbench.screenshot(`agent-failure-${this.currentTest.title.slice(0, 24)}`);
      console.log(`  [after failure] rows: ${(await workbench.texts(ROWS)).slice(0, 10).map((t) => t.replace(/\n/g, ' ')).join(' | ')}`);
    }
    await resetWorkbench();
  });

  let prepared: Record<string, vscode.LanguageModelTool<object>>;
  let log: vscode.LogOutputChannel | undefined;
  before(() => {
    // The same tools over the same task service and servers, for their prepareInvocation.
    log = vscode.window.createOutputChannel('MCP Tasks agent test', { log: true });
    prepared = createAgentTools({ tasks: api.tasks, servers: api.registry, log }, new PendingQuestions());
  });
  after(() => log?.dispose());

  /** What the person is asked before the call runs (title and markdown), or undefined. */
  async function confirmation(name: string, input: object): Promise<{ title: string; message: string } | undefined> {
    const result = await prepared[name].prepareInvocation!({ input }, new vscode.CancellationTokenSource().token);
    const messages = result?.confirmationMessages;
    if (!messages) return undefined;
    return { title: messages.title, message: typeof messages.message === 'string' ? messages.message : messages.message.value };
  }

  /** Invokes a tool as an agent does; the time is from the call to its answer. */
  async function invoke(name: string, input: object): Promise<{ text: string; ms: number }> {
    const t0 = performance.now();
    const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
    return { text: textOf(result), ms: performance.now() - t0 };
  }

  /** A read: asks no confirmation. */
  async function read(name: string, input: object): Promise<string> {
    assert.equal(await confirmation(name, input), undefined, `${name} asks for a confirmation`);
    const { text, ms } = await invoke(name, input);
    console.log(`  ${name} answered in ${ms.toFixed(0)} ms`);
    return text;
  }

  it('vscode.lm.tools lists the five tools with their input schemas', () => {
    const ours = vscode.lm.tools.filter((t) => t.name.startsWith('mcpTasks_'));
    assert.deepEqual(ours.map((t) => t.name).sort(), Object.values(AGENT_TOOLS).sort());
    const start = ours.find((t) => t.name === AGENT_TOOLS.start)!;
    const schema = start.inputSchema as { required?: string[]; properties?: Record<string, unknown> };
    assert.deepEqual(schema.required, ['server', 'tool']);
    assert.deepEqual(Object.keys(schema.properties ?? {}), ['server', 'tool', 'arguments', 'waitSeconds']);
    assert.match(start.description, /Example: \{"server": "taskdemo", "tool": "slow_report"/);
    for (const tool of ours) assert.ok(tool.inputSchema, `${tool.name} has an input schema`);
  });

  it('lists the demo server\'s tools with their task support and schemas, without asking', async function () {
    this.timeout(30_000);
    const text = await read(AGENT_TOOLS.list, { server: SERVER });
    assert.match(text, /^- slow_report \(Slow Report\) — runs as: background task\. /m);
    assert.match(text, /^- echo \(Echo\) — runs as: plain call/m);
    assert.match(text, /"steps":\{[^}]*"type":"integer"/);
  });

  it('start is confirmed with server, tool and arguments, returns a handle in under a second, check shows progress, wait returns the report', async function () {
    this.timeout(60_000);
    const input = { server: SERVER, tool: 'slow_report', arguments: { topic: 'weather', steps: 4, stepMs: 900 } };
    const asked = await confirmation(AGENT_TOOLS.start, input);
    console.log(`  confirmation: ${asked?.title} | ${asked?.message.replace(/\n+/g, ' | ')}`);
    assert.equal(asked?.title, 'Start slow_report on taskdemo?');
    assert.match(asked!.message, /^Server: taskdemo {2}\nTool: slow_report\n\nArguments:\n```json\n\{\n {2}"topic": "weather",\n {2}"steps": 4,\n {2}"stepMs": 900\n\}\n```\n/);
    const started = await invoke(AGENT_TOOLS.start, input);
    console.log(`  handle after ${started.ms.toFixed(0)} ms:\n    ${started.text.replace(/\n/g, '\n    ')}`);
    assert.ok(started.ms < 1000, `the handle came back after ${started.ms.toFixed(0)} ms`);
    const handle = handleOf(started.text);
    assert.equal(api.tasks.get(handle)?.status, 'working', 'the task still runs');
    assert.equal(api.tasks.get(handle)?.origin, 'chat');

    const row = await workbench.waitFor(ROWS, { text: 'from chat', timeoutMs: 10_000 });
    console.log(`  tree row: ${row.text.replace(/\n/g, ' | ')}`);
    assert.match(row.text, /slow_report/);

    if (!api.tasks.get(handle)?.progress) {
      await once(api.tasks.onDidChangeTask, (r: TaskRecord) => r.key === handle && r.progress !== undefined, 10_000, 'the first progress');
    }
    const checked = await read(AGENT_TOOLS.check, { handles: [handle] });
    console.log(`  check:\n    ${checked.replace(/\n/g, '\n    ')}`);
    assert.match(checked, /^status: running for \d+\.\d s · progress [1-4]\/4 · "Step [1-4]\/4: /m);
    await workbench.screenshot('agent-tasks-view-from-chat');

    const waited = await read(AGENT_TOOLS.wait, { handle, timeoutSeconds: 30 });
    console.log(`  wait:\n    ${waited.split('\n').slice(0, 8).join('\n    ')}`);
    assert.match(waited, /^status: completed after /m);
    assert.match(waited, /# Report: weather/);
    assert.match(waited, /Finished in 4 steps\./);
    assert.match(waited, /structured content \(JSON\): \{"topic":"weather","steps":4\}/);
  });

  it('a question asked while the agent waits goes to the person\'s form; the agent is told, and wait returns the result', async function () {
    this.timeout(90_000);
    const started = await invoke(AGENT_TOOLS.start, { server: SERVER, tool: 'ask_user', arguments: { question: 'Ship the report?' }, waitSeconds: 8 });
    console.log(`  start:\n    ${started.text.replace(/\n/g, '\n    ')}`);
    assert.match(started.text, /^status: waiting for the user/m);
    assert.match(started.text, /^question for the user: "Ship the report\?"$/m);
    const handle = handleOf(started.text);
    assert.match(await read(AGENT_TOOLS.check, { handles: [handle] }), /^status: waiting for the user/m);

    // The agent waits while the person answers in the form, as any question is answered.
    const waiting = vscode.lm.invokeTool(AGENT_TOOLS.wait, { input: { handle, timeoutSeconds: 60 }, toolInvocationToken: undefined });
    await notifications.click('needs your input', 'Answer');
    await notifications.hide();
    const header = (await webview.waitFor('header', { timeoutMs: 20_000 })).text;
    assert.match(header, /taskdemo asks for your input/);
    assert.match(header, /Ship the report\?/);
    await webview.waitFor('#field-choice:focus');
    await workbench.press('ArrowDown');
    await workbench.screenshot('agent-question-form');
    await webview.click('#accept');
    const text = textOf(await waiting);
    console.log(`  wait:\n    ${text.replace(/\n/g, '\n    ')}`);
    assert.match(text, /You answered “Ship the report\?” with: continue/);
  });

  it('cancel is confirmed, the row says cancelled, and the server saw tasks/cancel', async function () {
    this.timeout(60_000);
    const started = await invoke(AGENT_TOOLS.start, { server: SERVER, tool: 'long_wait', arguments: { seconds: 60 }, waitSeconds: 0 });
    const handle = handleOf(started.text);
    const record = api.tasks.get(handle)!;
    assert.equal(record.kind, 'task');
    await workbench.waitFor(ROWS, { text: 'long_wait', timeoutMs: 10_000 });

    const asked = await confirmation(AGENT_TOOLS.cancel, { handle });
    console.log(`  confirmation: ${asked?.title} | ${asked?.message.replace(/\n+/g, ' | ')}`);
    assert.equal(asked?.title, 'Cancel long_wait on taskdemo?');
    assert.match(asked!.message, /^Server: taskdemo {2}\nTool: long_wait {2}\nTask: .+\n\nArguments:\n```json\n\{\n {2}"seconds": 60\n\}\n```\n/);
    const cancelled = await invoke(AGENT_TOOLS.cancel, { handle });
    assert.match(cancelled.text, /^Cancelled long_wait on taskdemo\.$/m);
    assert.equal((await whenFinished(api, handle, 10_000)).status, 'cancelled');
    const row = await workbench.waitFor(ROWS, { text: 'Cancelled', timeoutMs: 10_000 });
    console.log(`  tree row: ${row.text.replace(/\n/g, ' | ')}`);
    assert.match(row.text, /long_wait[\s\S]*from chat · Cancelled/);
    await waitFor(() => serverEvents(eventsFile, record.taskId).includes('cancelled'), { what: 'the server to log the cancel', timeoutMs: 5_000 });
    assert.deepEqual(serverEvents(eventsFile, record.taskId), ['created', 'cancelled']);
    await workbench.screenshot('agent-tasks-view-cancelled');
  });

  it('reads say what they do and ask nothing; a start names an unknown server as written; a cancel of an ended task asks nothing', async function () {
    this.timeout(30_000);
    const ended = api.tasks.list().find((r) => r.origin === 'chat' && r.status === 'cancelled')!;
    assert.ok(ended, 'the task cancelled above');
    for (const [name, input] of [[AGENT_TOOLS.list, {}], [AGENT_TOOLS.check, { handles: [ended.key] }], [AGENT_TOOLS.wait, { handle: ended.key }], [AGENT_TOOLS.cancel, { handle: ended.key }]] as const) {
      const result = await prepared[name].prepareInvocation!({ input }, new vscode.CancellationTokenSource().token);
      assert.equal(result?.confirmationMessages, undefined, `${name} asks for no confirmation`);
      const said = result?.invocationMessage;
      assert.ok(typeof said === 'string' ? said : said?.value, `${name} says what it does`);
    }
    const unknown = await confirmation(AGENT_TOOLS.start, { server: 'elsewhere', tool: 'deploy', arguments: { to: 'prod' } });
    assert.equal(unknown?.title, 'Start deploy on elsewhere?');
    assert.match(unknown!.message, /"to": "prod"/);
  });
});
