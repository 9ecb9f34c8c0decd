/**
 * A question the server asked the host to run as a task, cancelled by the user while it waits:
 * the server's tasks/result gets the answer the request itself gives when a person dismisses a
 * question ({ action: "cancel" }), not an error (SDK probe server over stdio, a real process).
 */
import * as assert from 'node:assert/strict';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { HostedTaskService } from '../../src/core/hosted/hostedTaskService';
import { ServerConnection } from '../../src/core/servers/serverConnection';
import { fixtureServer } from '../support/httpServerProcess';
import { RecordingHost, untilAborted } from '../support/recordingHost';
import { UnhandledRejectionMonitor } from '../support/unhandledRejections';
import { sdkClient } from '../support/legacySession';

describe('hosted tasks: a question the user cancels', function () {
  this.timeout(30_000);
  const rejections = new UnhandledRejectionMonitor();
  let service: HostedTaskService;
  let connection: ServerConnection;

  before(() => rejections.install());
  after(() => rejections.uninstall());

  afterEach(async () => {
    await connection?.stop();
    connection?.dispose();
    service?.dispose();
    rejections.assertNone();
  });

  for (const follow of ['block', 'poll'] as const) {
    it(`answers the server's tasks/result with the cancel action (server ${follow === 'block' ? 'waits on tasks/result' : 'polls'})`, async () => {
      const host = new RecordingHost();
      service = new HostedTaskService({});
      // The user cancels the task from the Tasks view while its question is shown.
      host.answerElicitation = (_params, context) => {
        setImmediate(() => service.cancel(context.hostedTaskId!));
        return untilAborted(context);
      };
      connection = new ServerConnection({
        id: 'probe', label: 'Probe',
        definition: { type: 'stdio', command: process.execPath, args: [fixtureServer('hostedTaskProbe')], env: {} },
        capabilities: { elicitation: { form: {} } },
        hostRequests: host,
        hostedTasks: service,
        restart: { maxAttempts: 0 },
      });
      await connection.connect();
      const called = await sdkClient(connection.session).callTool(
        { name: 'ask-as-task', arguments: { follow } }, CallToolResultSchema, { timeout: 20_000 });
      const out = JSON.parse((called.content as { text: string }[])[0]!.text) as Record<string, any>;
      assert.equal(host.elicitations.length, 1, 'the question was shown');
      assert.equal(out.result.error, undefined, `tasks/result failed: ${JSON.stringify(out.result.error)}`);
      assert.equal(out.result.ok.action, 'cancel');
      assert.equal(service.get(out.created.task.taskId)?.status, 'cancelled', 'the task itself stays cancelled');
      if (follow === 'poll') assert.equal(out.polled.at(-1), 'cancelled');
    });
  }
});
