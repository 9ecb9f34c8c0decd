/**
 * URL-mode questions through the host's connection: the demo server's connect_account asks the
 * host to send the person to a page; visiting it makes the server send
 * notifications/elicitation/complete, which reaches the question's context.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { ElicitRequestURLParams } from '@modelcontextprotocol/sdk/types.js';
import { MemoryTaskRecordStore } from '../../src/core/ledger/memoryStore';
import { ServerConnection } from '../../src/core/servers/serverConnection';
import { TaskEngine } from '../../src/core/tasks/taskEngine';
import { repoRoot } from '../support/httpServerProcess';
import { RecordingHost } from '../support/recordingHost';
import { resultText, StaticServerLookup } from '../support/taskEngineHarness';
import { UnhandledRejectionMonitor } from '../support/unhandledRejections';
import { withTimeout } from '../support/waitFor';

const demoEntry = path.join(repoRoot, 'out/demo/server/demoTaskServer.js');

describe('URL-mode questions and notifications/elicitation/complete (demo server over stdio)', function () {
  this.timeout(30_000);
  const rejections = new UnhandledRejectionMonitor();
  const host = new RecordingHost();
  let connection: ServerConnection;
  let engine: TaskEngine;

  before(async () => {
    rejections.install();
    connection = new ServerConnection({
      id: 'demo',
      label: 'demo',
      definition: { type: 'stdio', command: process.execPath, args: [demoEntry], env: {} },
      capabilities: { elicitation: { form: {}, url: {} } },
      hostRequests: host,
      restart: { maxAttempts: 0 },
    });
    await connection.connect();
    engine = new TaskEngine({ servers: new StaticServerLookup([connection]), store: new MemoryTaskRecordStore() });
  });

  after(async () => {
    engine?.dispose();
    await connection?.stop();
    connection?.dispose();
    rejections.uninstall();
  });

  afterEach(() => rejections.assertNone());

  it('the server\'s completion notification reaches the waiting question', async () => {
    let completedSeen = false;
    host.answerElicitation = async (params, context) => {
      const url = (params as ElicitRequestURLParams).url;
      assert.ok(context.elicitationCompleted, 'a URL question carries the completion promise');
      // The person's browser visiting the page.
      const page = await fetch(url);
      assert.equal(page.status, 200);
      await withTimeout(context.elicitationCompleted, 10_000, 'notifications/elicitation/complete');
      completedSeen = true;
      return { action: 'accept' };
    };
    const started = await engine.call('demo', 'connect_account', {});
    const done = await withTimeout(engine.whenFinished(started.key), 20_000, 'connect_account finished');
    assert.equal(done.status, 'completed');
    assert.ok(completedSeen);
    assert.equal(resultText(done), 'Connected the demo account. The sign-in page was visited.');
    const asked = host.elicitations.at(-1)!.params as ElicitRequestURLParams;
    assert.equal(asked.mode, 'url');
    assert.match(asked.url, /^http:\/\/127\.0\.0\.1:\d+\/sign-in\/[\w-]+$/);
  });

  it('a declined page is never visited, and a form question carries no completion promise', async () => {
    host.answerElicitation = () => ({ action: 'decline' });
    const declined = await engine.call('demo', 'connect_account', {});
    const done = await withTimeout(engine.whenFinished(declined.key), 20_000, 'connect_account finished');
    assert.equal(resultText(done), 'You declined to sign in. The sign-in page was not visited.');

    host.answerElicitation = (_params, context) => {
      assert.equal(context.elicitationCompleted, undefined);
      return { action: 'accept', content: { choice: 'continue' } };
    };
    const form = await engine.call('demo', 'ask_user', {}, { mode: 'task' });
    const answered = await withTimeout(engine.whenFinished(form.key), 20_000, 'ask_user finished');
    assert.match(resultText(answered), /with: continue/);
    assert.equal((host.elicitations.at(-1)!.params as { mode?: string }).mode, 'form');
  });
});
