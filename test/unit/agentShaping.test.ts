/**
 * How the agent's tools shape what a model reads: results within a budget, every content kind,
 * tool listings, task reports, and the loose names models write.
 */
import * as assert from 'node:assert/strict';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { TaskRecord } from '../../src/core/model/taskRecord';
import type { McpServerHandle } from '../../src/core/servers/types';
import { replyText, type ReplyPart } from '../../src/vscode/agent/agentReply';
import { clampSeconds } from '../../src/vscode/agent/agentToolNames';
import { parseCallArguments } from '../../src/vscode/agent/callArguments';
import { DEFAULT_RESULT_LIMITS, limitsForTokenBudget, shapeResult } from '../../src/vscode/agent/resultShaping';
import { closest, taskSupportOf } from '../../src/vscode/agent/serverTargets';
import { compactSchema, describeCatalog } from '../../src/vscode/agent/toolCatalog';
import { nextStep, reportTask, type QuestionSource } from '../../src/vscode/agent/taskReports';
import { PendingQuestions } from '../../src/vscode/prompts/pendingQuestions';
import { describeTask, taskTooltip } from '../../src/vscode/tasks/model/taskText';

const WHOLE = 'The whole result: open it.';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

const texts = (parts: ReplyPart[]) => parts.filter((p) => p.kind === 'text').map((p) => (p as { text: string }).text);
const images = (parts: ReplyPart[]) => parts.filter((p) => p.kind === 'image') as { kind: 'image'; mimeType: string; data: Uint8Array }[];

describe('agent result shaping', () => {
  it('keeps a small text result whole and adds no note', () => {
    const parts = shapeResult({ content: [{ type: 'text', text: '# Report\n\nAll fine.' }] }, WHOLE);
    assert.deepEqual(texts(parts), ['# Report\n\nAll fine.']);
  });

  it('cuts a large text result to the budget, at a line end, and says how much is left and where the whole is', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i} of the long report`);
    const full = lines.join('\n');
    const parts = shapeResult({ content: [{ type: 'text', text: full }] }, WHOLE, { ...DEFAULT_RESULT_LIMITS, textChars: 1000 });
    const [body] = texts(parts);
    const kept = body.slice(0, body.indexOf('\n\n['));
    assert.ok(kept.length <= 1000 && kept.length > 800, `kept ${kept.length} characters`);
    assert.ok(full.startsWith(kept) && kept.endsWith('long report'), 'cut at the end of a line');
    assert.match(body, new RegExp(`\\[${(full.length - kept.length).toLocaleString('en-US')} more characters not shown\\. The whole result: open it\\.\\]$`));
  });

  it('counts the text of every later block against the same budget', () => {
    const parts = shapeResult({ content: [{ type: 'text', text: 'x'.repeat(900) }, { type: 'text', text: 'q'.repeat(500) }] }, WHOLE,
      { ...DEFAULT_RESULT_LIMITS, textChars: 1000 });
    const body = texts(parts).join('');
    assert.equal((body.match(/x/g) ?? []).length, 900);
    assert.equal((body.match(/q/g) ?? []).length, 100);
    assert.match(body, /400 more characters not shown/);
  });

  it('gives images as image data, and leaves out images beyond the count or the size, saying so', () => {
    const image = { type: 'image', mimeType: 'image/png', data: PNG.toString('base64') };
    const huge = { type: 'image', mimeType: 'image/jpeg', data: Buffer.alloc(2_000).toString('base64') };
    const parts = shapeResult({ content: [{ type: 'text', text: 'before' }, image, image, huge, { type: 'text', text: 'after' }] }, WHOLE,
      { textChars: 8000, images: 1, imageBytes: 1_000 });
    assert.equal(images(parts).length, 1);
    assert.equal(images(parts)[0].mimeType, 'image/png');
    assert.deepEqual(Buffer.from(images(parts)[0].data), PNG);
    assert.equal(parts[0].kind, 'text', 'the text before the image comes first');
    const after = texts(parts).join('\n');
    assert.match(after, /\[image image\/png, 12 bytes: not included\]/);
    assert.match(after, /\[image image\/jpeg, 2 KB: not included\]/);
    assert.match(after, /2 images not shown\. The whole result/);
  });

  it('an image block without usable data is a note, not a broken image', () => {
    const parts = shapeResult({ content: [{ type: 'image', mimeType: 'image/png', data: '' }, { type: 'image', mimeType: 'text/html', data: 'PGI+' }] }, WHOLE);
    assert.equal(images(parts).length, 0);
    assert.match(texts(parts).join('\n'), /\[image image\/png: not included\][\s\S]*\[image text\/html: not included\]/);
  });

  it('gives structured content as compact JSON, once when a text block repeats it', () => {
    const structured = { topic: 'weather', steps: 3 };
    const alone = texts(shapeResult({ content: [{ type: 'text', text: 'Report' }], structuredContent: structured }, WHOLE)).join('\n');
    assert.match(alone, /structured content \(JSON\): \{"topic":"weather","steps":3\}/);
    const repeated = texts(shapeResult({ content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured }, WHOLE)).join('\n');
    assert.equal(repeated, JSON.stringify(structured));
  });

  it('describes links, embedded resources and audio in short lines', () => {
    const body = texts(shapeResult({
      content: [
        { type: 'resource_link', uri: 'file:///r.md', name: 'r.md', description: 'the report' },
        { type: 'resource', resource: { uri: 'file:///a.txt', mimeType: 'text/plain', text: 'alpha' } },
        { type: 'resource', resource: { uri: 'file:///b.bin', mimeType: 'application/octet-stream', blob: 'AAAA' } },
        { type: 'audio', mimeType: 'audio/wav', data: 'AAAA' },
        { type: 'something_new', value: 1 },
      ],
    }, WHOLE)).join('\n');
    assert.match(body, /link: r\.md <file:\/\/\/r\.md> — the report/);
    assert.match(body, /resource file:\/\/\/a\.txt \(text\/plain\):\nalpha/);
    assert.match(body, /resource file:\/\/\/b\.bin \(application\/octet-stream\): binary, not included/);
    assert.match(body, /\[audio audio\/wav: not included\]/);
    assert.match(body, /\{"type":"something_new","value":1\}/);
  });

  it('a result that is not a tool result is shown as JSON', () => {
    assert.deepEqual(texts(shapeResult({ answer: 42 }, WHOLE)), ['result (JSON): {"answer":42}']);
  });

  it('a token budget lowers the text budget, never below 1,000 characters', () => {
    assert.equal(limitsForTokenBudget(undefined).textChars, DEFAULT_RESULT_LIMITS.textChars);
    assert.equal(limitsForTokenBudget(1000).textChars, 3000);
    assert.equal(limitsForTokenBudget(10).textChars, 1000);
    assert.equal(limitsForTokenBudget(1_000_000).textChars, DEFAULT_RESULT_LIMITS.textChars);
  });
});

const server = (tools: Tool[], taskCalls = true): McpServerHandle => ({
  id: 'a1b2c3/taskdemo', label: 'taskdemo', state: { kind: 'running' }, session: undefined, tools,
  serverCapabilities: taskCalls ? { tasks: { cancel: {}, requests: { tools: { call: {} } } } } : { tools: {} },
  connect: async () => undefined, onDidChangeState: () => ({ dispose() {} }), onDidChangeSession: () => ({ dispose() {} }), onDidChangeTools: () => ({ dispose() {} }),
});

const reportTool: Tool = {
  name: 'slow_report', title: 'Slow Report', description: 'Writes a report\nstep by step.',
  inputSchema: { type: 'object', properties: { topic: { type: 'string', default: 'demo' }, steps: { type: 'integer' } }, required: ['steps'] },
  execution: { taskSupport: 'required' },
};

describe('agent tool listing', () => {
  it('names each tool with how it runs, a one-line description and its schema', () => {
    const text = describeCatalog([{ server: server([reportTool, { name: 'echo', inputSchema: { type: 'object' } }]) }]);
    assert.match(text, /^## taskdemo \(id "a1b2c3\/taskdemo"\) — 2 tools$/m);
    assert.match(text, /^- slow_report \(Slow Report\) — runs as: background task\. Writes a report step by step\.$/m);
    assert.match(text, /^ {2}input schema: \{"type":"object","properties":\{"topic":\{"type":"string","default":"demo"\},"steps":\{"type":"integer"\}\},"required":\["steps"\]\}$/m);
    assert.match(text, /^- echo — runs as: plain call/m);
  });

  it('a server without task support runs every tool as a plain call, whatever the tool says', () => {
    assert.equal(taskSupportOf(server([reportTool], false), reportTool), 'forbidden');
    assert.equal(taskSupportOf(server([reportTool]), reportTool), 'required');
  });

  it('shortens a large schema to its fields and says how to see it whole', () => {
    const schema = { $schema: 'x', type: 'object', properties: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`field${i}`, { type: 'string', description: 'x'.repeat(40) }])), required: ['field0'] };
    const short = compactSchema(schema, 1500, 'taskdemo', 'big');
    assert.ok(short.length < 1500, `${short.length} characters`);
    assert.match(short, /^\{field0: string \(required\); field1: string; /);
    assert.match(short, /shortened; mcpTasks_listTools \{"server": "taskdemo", "tool": "big"\} shows it whole$/);
    assert.doesNotMatch(compactSchema({ $schema: 'x', type: 'object' }, 1500, 's', 't'), /\$schema/);
  });

  it('keeps the listing within its budget and says how many tools were left out', () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ ...reportTool, name: `tool_${i}`, description: 'd'.repeat(250) }));
    const text = describeCatalog([{ server: server(many) }], undefined, { schemaChars: 1500, totalChars: 4000 });
    assert.ok(text.length < 5000, `${text.length} characters`);
    assert.match(text, /\d+ more tools not shown to keep this short: call mcpTasks_listTools with "server"/);
  });

  it('a server whose tools are unknown says why', () => {
    assert.match(describeCatalog([{ server: server([]), problem: 'it did not start' }]), /## taskdemo .* — tools unknown: it did not start/);
  });
});

describe('agent task reports', () => {
  const T0 = Date.UTC(2026, 0, 1);
  const rec = (patch: Partial<TaskRecord> = {}): TaskRecord => ({
    key: 'a1b2c3/taskdemo/t-1', serverId: 'a1b2c3/taskdemo', serverLabel: 'taskdemo', taskId: 't-1', kind: 'task', tool: 'slow_report',
    status: 'working', createdAt: T0, updatedAt: T0, origin: 'chat', ...patch,
  });
  const noQuestions: QuestionSource = new PendingQuestions();

  it('a running task: handle, what it is, time, progress and its message, and what to call next', () => {
    const r = rec({ progress: { progress: 2, total: 5, message: 'Step 2/5: Reading material' } });
    assert.deepEqual(reportTask(r, T0 + 2_500, noQuestions), [
      'handle: a1b2c3/taskdemo/t-1',
      'task: slow_report on taskdemo (background task, started from chat)',
      'status: running for 2.5 s · progress 2/5 · "Step 2/5: Reading material"',
    ]);
    assert.match(nextStep(r), /^Next: mcpTasks_waitForTask \{"handle": "a1b2c3\/taskdemo\/t-1"\} waits for the result/);
  });

  it('a task with a question says it waits for the user, what was asked, and that the model must not answer', () => {
    const questions = new PendingQuestions();
    const abort = new AbortController();
    questions.ask({ serverId: 'a1b2c3/taskdemo', serverLabel: 'taskdemo', relatedTaskId: 't-1', params: { mode: 'form', message: 'How should the demo continue?', requestedSchema: { type: 'object', properties: {} } }, signal: abort.signal });
    const lines = reportTask(rec({ status: 'input_required' }), T0 + 1000, questions);
    assert.match(lines[2], /^status: waiting for the user for 1\.0 s/);
    assert.equal(lines[3], 'question for the user: "How should the demo continue?"');
    assert.match(lines[4], /Do not answer it yourself/);
    abort.abort();
  });

  it('a plain call is waiting for the user when its server asks a question that names no task', () => {
    const questions = new PendingQuestions();
    const abort = new AbortController();
    questions.ask({ serverId: 'a1b2c3/taskdemo', serverLabel: 'taskdemo', params: { mode: 'form', message: 'Name?', requestedSchema: { type: 'object', properties: {} } }, signal: abort.signal });
    assert.match(reportTask(rec({ kind: 'call' }), T0, questions)[2], /^status: waiting for the user/);
    assert.match(reportTask(rec({ kind: 'task' }), T0, questions)[2], /^status: running/, 'a task\'s question names its task');
    abort.abort();
  });

  it('an ended task: its outcome, how long it took and why it failed', () => {
    const failed = rec({ status: 'failed', finishedAt: T0 + 1_600, error: { kind: 'tool-error', message: "Build failed: 3 tests failed in module 'parser'" } });
    assert.equal(reportTask(failed, T0 + 9_000, noQuestions)[2], "status: failed after 1.6 s — Build failed: 3 tests failed in module 'parser'");
    assert.equal(nextStep(failed), 'It has ended; there is no result to fetch.');
    assert.match(nextStep(rec({ status: 'completed', result: { kind: 'inline', value: { content: [] } } })), /returns its result/);
  });
});

describe('agent input leniency', () => {
  it('finds the name a model nearly wrote, and nothing far off', () => {
    assert.equal(closest('slow_reprt', ['echo', 'slow_report', 'long_wait']), 'slow_report');
    assert.equal(closest('report', ['echo', 'slow_report']), 'slow_report');
    assert.equal(closest('compile_everything', ['echo', 'slow_report']), undefined);
  });

  it('takes arguments as an object or as a JSON string, and refuses anything else with an example', () => {
    assert.deepEqual(parseCallArguments(undefined), { ok: true, value: {} });
    assert.deepEqual(parseCallArguments('{"steps": 2}'), { ok: true, value: { steps: 2 } });
    for (const bad of ['[1]', 'steps=2', 42, [1]]) {
      const parsed = parseCallArguments(bad);
      assert.equal(parsed.ok, false, JSON.stringify(bad));
      assert.match((parsed as { message: string }).message, /"arguments" must be a JSON object, e\.g\./);
    }
  });

  it('bounds the seconds a model asks to wait', () => {
    assert.equal(clampSeconds(undefined, 30, 1, 120), 30);
    assert.equal(clampSeconds('60', 30, 1, 120), 30);
    assert.equal(clampSeconds(0, 30, 1, 120), 1);
    assert.equal(clampSeconds(9999, 30, 1, 120), 120);
    assert.equal(clampSeconds(Number.NaN, 0.5, 0, 10), 0.5);
  });

  it('replyText joins a reply for logs', () => {
    assert.equal(replyText({ parts: [{ kind: 'text', text: 'a' }, { kind: 'image', mimeType: 'image/png', data: new Uint8Array() }] }), 'a\n[image image/png]');
  });
});

describe('tasks started from chat in the Tasks view', () => {
  const T0 = Date.UTC(2026, 0, 1);
  const rec = (patch: Partial<TaskRecord> = {}): TaskRecord => ({
    key: 's/t', serverId: 's', serverLabel: 'taskdemo', taskId: 't', kind: 'task', tool: 'slow_report', status: 'working', createdAt: T0, updatedAt: T0, ...patch,
  });

  it('the row says "from chat" and the tooltip who started it; a person\'s own task says neither', () => {
    assert.equal(describeTask(rec({ origin: 'chat', progress: { progress: 1, total: 4 } }), T0 + 2_000, false), 'from chat · 2 s · 1/4');
    assert.equal(describeTask(rec({ origin: 'chat', status: 'cancelled', finishedAt: T0 + 400 }), T0 + 9_000, false), 'from chat · Cancelled · 0.4 s');
    assert.match(taskTooltip(rec({ origin: 'chat' }), T0, false), /^Started by: an agent in chat {2}$/m);
    assert.equal(describeTask(rec(), T0 + 2_000, false), '2 s');
    assert.doesNotMatch(taskTooltip(rec(), T0, false), /Started by/);
  });
});
