/**
 * Hosted tasks against a real SDK server that asks the host to run elicitation and sampling as
 * tasks: every form field type round-trips, defaults are applied, decline/cancel answers and
 * failures arrive as such, the server's tasks/cancel aborts the pending prompt, and the host
 * refuses unknown ids and bad cursors with -32602.
 */
import * as assert from 'node:assert/strict';
import { CallToolResultSchema, ErrorCode, McpError, RELATED_TASK_META_KEY, type ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import type { HostedTaskOptions } from '../../src/core/hosted/hostedTaskOptions';
import { HostedTaskService } from '../../src/core/hosted/hostedTaskService';
import { DisposableStore } from '../../src/core/events';
import { ServerConnection } from '../../src/core/servers/serverConnection';
import { fixtureServer } from '../support/httpServerProcess';
import { RecordingHost, untilAborted } from '../support/recordingHost';
import { UnhandledRejectionMonitor } from '../support/unhandledRejections';
import { waitFor } from '../support/waitFor';
import type { TaskRecord } from '../../src/core/model/taskRecord';
import { sdkClient } from '../support/legacySession';

/** The probe's JSON report, read loosely: the assertions say what must be in it. */
type Report = Record<string, any>;

const FILLED = {
  name: 'Ada',
  email: 'ada@example.com',
  homepage: 'https://example.com/ada',
  birthday: '1815-12-10',
  meeting: '2026-01-02T03:04:05Z',
  score: 7.5,
  colour: 'g',
  toppings: ['x', 'y'],
};
/** What the schema's defaults add for the fields the answer leaves out. */
const DEFAULTS = { count: 3, subscribe: true, size: 'm', tags: ['a'], nickname: 'anon' };

describe('hosted tasks with an SDK server that sends task-augmented requests', function () {
  this.timeout(30_000);
  const rejections = new UnhandledRejectionMonitor();
  const connections: ServerConnection[] = [];
  let services = new DisposableStore();
  let host: RecordingHost;
  let connection: ServerConnection;
  let changes: TaskRecord[];

  async function connect(capabilities: ClientCapabilities, hostedTasks?: HostedTaskOptions): Promise<ServerConnection> {
    const c = new ServerConnection({
      id: 'probe',
      label: 'Probe',
      definition: { type: 'stdio', command: process.execPath, args: [fixtureServer('hostedTaskProbe')], env: {} },
      capabilities,
      hostRequests: host,
      hostedTasks: hostedTasks && services.add(new HostedTaskService(hostedTasks)),
      restart: { maxAttempts: 0 },
    });
    connections.push(c);
    await c.connect();
    return c;
  }

  async function call(c: ServerConnection, name: string, args: Record<string, unknown> = {}): Promise<Report> {
    const result = await sdkClient(c.session).callTool({ name, arguments: args }, CallToolResultSchema, { timeout: 20_000 });
    const text = (result.content as { type: string; text: string }[])[0].text;
    return JSON.parse(text) as Report;
  }

  before(() => rejections.install());
  after(() => rejections.uninstall());

  beforeEach(async () => {
    host = new RecordingHost();
    connection = await connect({ elicitation: { form: { applyDefaults: true } }, sampling: {} }, { pageSize: 2 });
    changes = [];
    connection.hostedTasks!.onDidChange((r) => changes.push(r));
  });

  afterEach(async () => {
    for (const c of connections.splice(0)) {
      await c.stop();
      c.dispose();
    }
    services.dispose();
    services = new DisposableStore();
    rejections.assertNone();
  });

  it('declares task support for elicitation and sampling, with list and cancel', async () => {
    assert.deepEqual((await call(connection, 'client-capabilities')).tasks, {
      list: {}, cancel: {}, requests: { elicitation: { create: {} }, sampling: { createMessage: {} } },
    });
  });

  it('round-trips every elicitation field type through a hosted task, with defaults applied', async () => {
    host.answerElicitation = () => ({ action: 'accept', content: FILLED });
    const out = await call(connection, 'ask-as-task', { ttl: 120_000 });
    const created = out.created.task;
    assert.equal(created.status, 'working');
    assert.equal(created.ttl, 120_000);
    assert.match(created.taskId, /^[0-9a-f]{32}$/);
    assert.deepEqual(out.polled.at(-1), 'completed');
    assert.deepEqual(out.result.ok.action, 'accept');
    assert.deepEqual(out.result.ok.content, { ...FILLED, ...DEFAULTS });
    assert.deepEqual(out.result.ok._meta[RELATED_TASK_META_KEY], { taskId: created.taskId }, 'tasks/result carries the related-task marker');
    assert.ok(out.notifications.includes('completed'), `status notifications: ${JSON.stringify(out.notifications)}`);

    const asked = host.elicitations[0];
    assert.equal(asked.context.hostedTaskId, created.taskId, 'the prompt knows which hosted task it belongs to');
    assert.equal('task' in asked.params, false, 'the handler gets the plain request');
    const schema = (asked.params as { requestedSchema: { properties: Record<string, unknown> } }).requestedSchema;
    assert.deepEqual(Object.keys(schema.properties).sort(), [...Object.keys(FILLED), ...Object.keys(DEFAULTS)].sort());

    const record = changes.find((r) => r.status === 'completed')!;
    assert.deepEqual(
      { kind: record.kind, tool: record.tool, serverId: record.serverId, serverLabel: record.serverLabel, taskId: record.taskId },
      { kind: 'hosted', tool: 'elicitation/create', serverId: 'probe', serverLabel: 'Probe', taskId: created.taskId },
    );
    assert.deepEqual(record.args, { message: 'All field types' }, 'the task says what was asked');
    assert.deepEqual(connection.hostedTasks!.list().map((r) => r.taskId), [created.taskId]);
  });

  it('delivers the result through a blocking tasks/result as well', async () => {
    host.answerElicitation = async () => ({ action: 'accept', content: { ...FILLED, count: 5, tags: [] } });
    const out = await call(connection, 'ask-as-task', { follow: 'block' });
    assert.deepEqual(out.result.ok.content, { ...FILLED, ...DEFAULTS, count: 5, tags: [] }, 'answered fields keep their values');
    assert.equal(out.created.task.ttl, 3_600_000, 'no ttl asked: the default (and maximum) hour');
  });

  it('passes decline and cancel answers on as completed tasks', async () => {
    host.answerElicitation = () => ({ action: 'decline' });
    const declined = await call(connection, 'ask-as-task');
    assert.equal(declined.polled.at(-1), 'completed');
    assert.deepEqual(declined.result.ok.action, 'decline');
    assert.equal(declined.result.ok.content, undefined);
    host.answerElicitation = () => ({ action: 'cancel' });
    const cancelled = await call(connection, 'ask-as-task');
    assert.deepEqual(cancelled.result.ok.action, 'cancel');
  });

  it('aborts the pending prompt when the server cancels the task', async () => {
    let aborted: boolean | undefined;
    host.answerElicitation = (_params, context) => untilAborted(context).finally(() => { aborted = context.signal.aborted; });
    const out = await call(connection, 'ask-as-task', { cancel: true });
    assert.equal(out.cancel.ok.status, 'cancelled');
    assert.equal(out.afterCancel.ok.status, 'cancelled');
    assert.equal(out.secondCancel.error.code, ErrorCode.InvalidParams, 'cancelling a finished task is -32602');
    assert.equal(out.result.error.code, ErrorCode.InternalError);
    assert.equal(aborted, true, 'the prompt saw its signal fire');
    assert.equal(connection.hostedTasks!.get(out.created.task.taskId)?.statusMessage, 'Cancelled by the server');
  });

  it('runs sampling as a hosted task and stores a refusal as the error it would have been', async () => {
    host.answerSampling = () => ({ role: 'assistant', content: { type: 'text', text: 'hi there' }, model: 'test-model' });
    const out = await call(connection, 'ask-as-task', { method: 'sampling' });
    assert.equal(out.polled.at(-1), 'completed');
    assert.deepEqual(out.result.ok.content, { type: 'text', text: 'hi there' });
    assert.equal(host.samplings[0].context.hostedTaskId, out.created.task.taskId);

    host.answerSampling = () => { throw new McpError(ErrorCode.InvalidRequest, 'The host refused the sampling request'); };
    const refused = await call(connection, 'ask-as-task', { method: 'sampling' });
    assert.equal(refused.polled.at(-1), 'failed');
    assert.equal(refused.result.error.code, ErrorCode.InvalidRequest);
    assert.match(refused.result.error.message, /The host refused the sampling request/);
  });

  it('fails a task whose answer is malformed instead of passing it on', async () => {
    host.answerElicitation = () => ({ action: 'maybe' }) as never;
    const out = await call(connection, 'ask-as-task');
    assert.equal(out.polled.at(-1), 'failed');
    assert.equal(out.result.error.code, ErrorCode.InvalidParams);
  });

  it('refuses unknown ids and bad cursors with -32602, and pages tasks/list', async () => {
    assert.deepEqual(await call(connection, 'probe-errors'), {
      get: ErrorCode.InvalidParams, result: ErrorCode.InvalidParams, cancel: ErrorCode.InvalidParams, badCursor: ErrorCode.InvalidParams,
    });
    host.answerElicitation = () => ({ action: 'decline' });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await call(connection, 'ask-as-task')).created.task.taskId);
    const { pages } = await call(connection, 'list-host-tasks');
    assert.deepEqual(pages.map((p: unknown[]) => p.length), [2, 1], 'page size 2');
    assert.deepEqual(pages.flat().map((t: { taskId: string }) => t.taskId), ids);
  });

  it('answers a task request directly when hosted tasks are not enabled', async () => {
    const plain = await connect({ elicitation: { form: {} } });
    assert.equal((await call(plain, 'client-capabilities')).tasks, undefined, 'no tasks capability declared');
    host.answerElicitation = () => ({ action: 'accept', content: FILLED });
    const out = await call(plain, 'ask-as-task');
    assert.equal(out.mode, 'direct');
    assert.deepEqual(out.created, { action: 'accept', content: FILLED });
    assert.equal(plain.hostedTasks, undefined);
  });

  it('ends running hosted tasks when the server stops', async () => {
    let aborted = false;
    host.answerElicitation = (_p, context) => untilAborted(context).finally(() => { aborted = true; });
    const call$ = call(connection, 'ask-as-task').catch((e: unknown) => e);
    const running = await waitFor(() => changes.find((r) => r.status === 'working'), { what: 'a working hosted task' });
    await connection.stop();
    await call$;
    assert.equal(aborted, true);
    assert.equal(connection.hostedTasks!.get(running.taskId), undefined, 'the stopped session keeps no tasks');
    assert.equal(changes.at(-1)?.error?.kind, 'connection-lost');
  });
});

