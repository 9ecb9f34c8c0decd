/**
 * Hosted tasks against servers written by others: server-everything's async sampling and
 * elicitation tools (the server polls the host's tasks/get and fetches tasks/result) over stdio
 * and Streamable HTTP, and the SDK's simpleTaskInteractive example whose tool tasks ask the host
 * through input_required.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { ServerDefinition } from '../../src/core/config/types';
import { MemoryTaskRecordStore } from '../../src/core/ledger/memoryStore';
import { HostedTaskService } from '../../src/core/hosted/hostedTaskService';
import { ServerConnection } from '../../src/core/servers/serverConnection';
import { TaskDirectory } from '../../src/core/taskDirectory';
import { TaskEngine } from '../../src/core/tasks/taskEngine';
import type { TaskRecord } from '../../src/core/model/taskRecord';
import { everythingVariants } from '../support/everythingVariants';
import { repoRoot, startHttpServerProcess, type HttpServerProcess } from '../support/httpServerProcess';
import { RecordingHost, untilAborted } from '../support/recordingHost';
import { resultText, StaticServerLookup } from '../support/taskEngineHarness';
import { UnhandledRejectionMonitor } from '../support/unhandledRejections';
import { waitFor, withTimeout } from '../support/waitFor';

const interactiveEntry = path.join(repoRoot, 'node_modules/@modelcontextprotocol/sdk/dist/esm/examples/server/simpleTaskInteractive.js');

interface Rig {
  connection: ServerConnection;
  engine: TaskEngine;
  hosted: TaskRecord[];
  dispose(): Promise<void>;
}

function rig(id: string, definition: ServerDefinition, host: RecordingHost): Rig {
  const hostedTasks = new HostedTaskService();
  const connection = new ServerConnection({
    id,
    label: id,
    definition,
    capabilities: { elicitation: { form: {} }, sampling: {} },
    hostRequests: host,
    hostedTasks,
    restart: { maxAttempts: 0 },
  });
  const engine = new TaskEngine({ servers: new StaticServerLookup([connection]), store: new MemoryTaskRecordStore() });
  const hosted: TaskRecord[] = [];
  connection.hostedTasks!.onDidChange((r) => hosted.push(r));
  return {
    connection, engine, hosted,
    async dispose() {
      engine.dispose();
      await connection.stop();
      connection.dispose();
      hostedTasks.dispose();
    },
  };
}

async function run(r: Rig, serverId: string, tool: string, args: Record<string, unknown>): Promise<TaskRecord> {
  const started = await r.engine.call(serverId, tool, args);
  const done = await withTimeout(r.engine.whenFinished(started.key), 30_000, `${tool} finished`);
  assert.equal(done.status, 'completed', JSON.stringify(done.error));
  return done;
}

for (const variant of everythingVariants()) {
  describe(`hosted tasks with server-everything over ${variant.name}`, function () {
    this.timeout(60_000);
    const rejections = new UnhandledRejectionMonitor();
    const host = new RecordingHost();
    let r: Rig;

    before(async () => {
      rejections.install();
      r = rig('everything', await variant.definition(), host);
      await r.connection.connect();
      // The async tools are registered only for hosts that declare the task capabilities.
      await waitFor(() => ['trigger-sampling-request-async', 'trigger-elicitation-request-async', 'simulate-research-query']
        .every((name) => r.connection.tools?.some((t) => t.name === name)), { what: 'the async tools in tools/list' });
    });

    after(async () => {
      await r?.dispose();
      await variant.stop();
      rejections.uninstall();
    });

    afterEach(() => rejections.assertNone());

    it('trigger-sampling-request-async completes as a hosted task', async () => {
      host.answerSampling = () => ({ role: 'assistant', content: { type: 'text', text: 'a hosted reply' }, model: 'test-model', stopReason: 'endTurn' });
      const done = await run(r, 'everything', 'trigger-sampling-request-async', { prompt: 'hello' });
      const text = resultText(done);
      assert.match(text, /\[COMPLETED\]/);
      assert.doesNotMatch(text, /\[SYNC\]/);
      assert.match(text, /a hosted reply/);
      const asked = host.samplings.at(-1)!;
      assert.ok(asked.context.hostedTaskId, 'the sampling ran as a hosted task');
      const record = r.connection.hostedTasks!.get(asked.context.hostedTaskId!);
      assert.equal(record?.status, 'completed');
      assert.equal(record?.tool, 'sampling/createMessage');
      assert.equal(record?.ttl, 300_000, 'the ttl the server asked for, within the cap');
    });

    it('trigger-elicitation-request-async completes as a hosted task', async () => {
      host.answerElicitation = () => ({ action: 'accept', content: { name: 'Ada', favoriteColor: 'Blue', agreeToTerms: true } });
      const done = await run(r, 'everything', 'trigger-elicitation-request-async', {});
      const text = resultText(done);
      assert.match(text, /\[COMPLETED\]/);
      assert.doesNotMatch(text, /\[SYNC\]/);
      assert.match(text, /Name: Ada/);
      assert.match(text, /Favorite Color: Blue/);
      const id = host.elicitations.at(-1)!.context.hostedTaskId!;
      assert.deepEqual(r.hosted.filter((h) => h.taskId === id).map((h) => h.status), ['working', 'completed']);
    });

    it('still answers input_required of simulate-research-query (ambiguous) directly', async () => {
      const before = host.elicitations.length;
      host.answerElicitation = () => ({ action: 'accept', content: { interpretation: 'historical' } });
      const done = await run(r, 'everything', 'simulate-research-query', { topic: 'tides', ambiguous: true });
      assert.match(resultText(done), /Clarification\*\*: historical/);
      const asked = host.elicitations.slice(before);
      assert.equal(asked.length, 1);
      assert.equal(asked[0].context.relatedTaskId, done.taskId);
      assert.equal(asked[0].context.hostedTaskId, undefined, 'a plain request inside a server task');
    });

    it('the task directory lists the hosted task beside the tool call; cancelling it there aborts the prompt', async () => {
      const directory = new TaskDirectory(r.engine, r.connection.hostedTasks);
      try {
        host.answerElicitation = (_params, context) => untilAborted(context);
        const call = await r.engine.call('everything', 'trigger-elicitation-request-async', {});
        const hosted = await waitFor(() => directory.list().find((t) => t.kind === 'hosted' && t.status === 'working' && t.createdAt >= call.createdAt),
          { what: 'the hosted elicitation task in the directory' });
        assert.equal(hosted.tool, 'elicitation/create');
        assert.ok(directory.list().some((t) => t.key === call.key), 'the tool call is listed too');
        assert.equal(directory.keyFor('everything', hosted.taskId), hosted.key);
        assert.ok(directory.isHosted(hosted.key));
        assert.ok(!directory.isHosted(call.key));
        const prompt = host.elicitations.at(-1)!.context;
        const cancelled = await directory.cancel(hosted.key);
        assert.equal(cancelled.status, 'cancelled');
        assert.ok(prompt.signal.aborted, 'the pending prompt was aborted');
        const done = await withTimeout(r.engine.whenFinished(call.key), 30_000, 'the tool call finished');
        assert.match(resultText(done), /\[CANCELLED\] Cancelled by the user/);
        assert.equal(directory.get(hosted.key)?.status, 'cancelled');
      } finally {
        directory.dispose();
      }
    });

    it('a hosted task stays listed as it ended after its session is gone, until it is removed', async () => {
      const directory = new TaskDirectory(r.engine, r.connection.hostedTasks);
      try {
        host.answerElicitation = () => ({ action: 'accept', content: { name: 'Grace' } });
        const done = await run(r, 'everything', 'trigger-elicitation-request-async', {});
        assert.match(resultText(done), /Name: Grace/);
        const id = host.elicitations.at(-1)!.context.hostedTaskId!;
        const key = directory.keyFor('everything', id)!;
        assert.ok(key);
        await r.connection.stop();
        assert.equal(r.connection.hostedTasks!.get(id), undefined, 'the service forgot the session\'s tasks');
        const kept = directory.get(key);
        assert.equal(kept?.status, 'completed');
        assert.ok(directory.list().some((t) => t.key === key));
        assert.ok(await directory.forget(key));
        assert.equal(directory.get(key), undefined);
      } finally {
        directory.dispose();
      }
    });
  });
}

describe('hosted-task host with the SDK example simpleTaskInteractive (Streamable HTTP)', function () {
  this.timeout(60_000);
  const rejections = new UnhandledRejectionMonitor();
  const host = new RecordingHost();
  let server: HttpServerProcess | undefined;
  let r: Rig;

  before(async () => {
    rejections.install();
    // The example listens on every interface and has no host option; the port is free and the process is killed by PID.
    server = await startHttpServerProcess([interactiveEntry]);
    r = rig('interactive', { type: 'http', url: `http://127.0.0.1:${server.port}/mcp`, headers: {} }, host);
    await r.connection.connect();
  });

  after(async () => {
    await r?.dispose();
    await server?.stop();
    rejections.uninstall();
  });

  afterEach(() => rejections.assertNone());

  it('confirm_delete asks through input_required and completes with the answer', async () => {
    host.answerElicitation = (params) => {
      assert.match(params.message, /delete 'notes\.txt'/);
      return { action: 'accept', content: { confirm: true } };
    };
    const done = await run(r, 'interactive', 'confirm_delete', { filename: 'notes.txt' });
    assert.equal(done.kind, 'task');
    assert.match(resultText(done), /Deleted 'notes\.txt'/);
    assert.equal(host.elicitations.at(-1)!.context.relatedTaskId, done.taskId);
  });

  it('write_haiku asks for a model reply through input_required and completes with it', async () => {
    host.answerSampling = () => ({ role: 'assistant', content: { type: 'text', text: 'tide goes out / tide comes in' }, model: 'test-model' });
    const done = await run(r, 'interactive', 'write_haiku', { topic: 'tides' });
    assert.match(resultText(done), /Haiku:\ntide goes out \/ tide comes in/);
    assert.equal(host.samplings.at(-1)!.context.relatedTaskId, done.taskId);
  });
});
