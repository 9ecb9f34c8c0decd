import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { McpTasksApi } from '../../src/extension';
import { waitFor } from '../support/waitFor';
import { connectUntilListed, dropUserServers, everythingServer, extensionApi, setSetting, useUserServers, whenFinished } from './support/extensionApi';
import { hasWorkbenchControl, notifications, workbench } from './support/workbench';

const SERVER = 'everything';
const TOOL = 'trigger-sampling-request';
// The launcher loads this test-only extension beside ours: a language model that echoes.
const ECHO_EXTENSION = 'mcp-tasks-test.echo-language-model';
const PICK_ROW = '.quick-input-widget .quick-input-list .monaco-list-row';
const CONSENT = 'wants to use the language model';

interface EchoRequest { model: string; messages: { role: string; text: string }[]; modelOptions: Record<string, unknown> }

/** How a call ended, with the text of its result (or error). */
async function outcome(api: McpTasksApi, key: string): Promise<{ status: string; text: string }> {
  const final = await whenFinished(api, key);
  const value = final.result?.kind === 'inline' ? final.result.value as { content?: { text?: string }[] } : {};
  const text = (value.content ?? []).map((c) => c.text ?? '').join('\n') || JSON.stringify(final.error ?? {});
  return { status: final.status, text };
}

describe('sampling: a VS Code language model answers the server', function () {
  let api: McpTasksApi;
  let serverId: string;
  let echoRequests: EchoRequest[];

  before(async function () {
    if (!hasWorkbenchControl) this.skip();
    this.timeout(90_000);
    const echo = vscode.extensions.getExtension<{ requests: EchoRequest[] }>(ECHO_EXTENSION);
    if (!echo) {
      console.log(`  (skipped: the test language model ${ECHO_EXTENSION} is not loaded by this launcher)`);
      this.skip();
    }
    echoRequests = (await echo.activate()).requests;
    const models = await vscode.lm.selectChatModels({ vendor: 'mcp-tasks-test' });
    assert.equal(models.length, 1, 'the echo model is available through vscode.lm');
    api = await extensionApi();
    await useUserServers(api, 'user-mcp-sampling.json', { [SERVER]: everythingServer() });
    serverId = await connectUntilListed(api, SERVER, TOOL);
    await notifications.clearAll();
    await notifications.hide();
  });

  after(async () => {
    // Leave the Tasks view as the next suites expect it: without this suite's finished calls.
    await vscode.commands.executeCommand('mcpTasks.clearFinished');
    await dropUserServers(api, [SERVER]);
    await setSetting('mcpTasks.sampling.allowedModels', undefined);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await workbench.screenshot(`sampling-failure-${this.currentTest.title.slice(0, 24)}`);
      await notifications.show();
      console.log(`  [after failure] notifications: ${(await workbench.texts('.notifications-center .notification-list-item')).join(' | ').replace(/\n/g, ' ')}`);
    }
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await notifications.clearAll();
    await notifications.hide();
  });

  it('asks in a notification, shows the request on demand, and returns the model\'s reply to the server', async function () {
    this.timeout(90_000);
    const before = echoRequests.length;
    const record = await api.tasks.call(serverId, TOOL, { prompt: 'Say hello', maxTokens: 50 }, { mode: 'plain' });
    const note = await notifications.waitFor(CONSENT);
    console.log(`  consent: ${note.replace(/\n+/g, ' | ')}`);
    assert.match(note, /everything wants to use the language model Echo Test Model \(mcp-tasks-test\/echo\)/);
    assert.match(note, /Resource trigger-sampling-request context: Say hello/);
    await workbench.screenshot('sampling-consent');
    assert.equal(echoRequests.length, before, 'nothing is sent before the person allows it');

    await notifications.click(CONSENT, 'More…');
    await notifications.hide();
    await workbench.waitFor(PICK_ROW, { text: 'Always Allow' });
    await workbench.screenshot('sampling-consent-options');
    await workbench.click(PICK_ROW, 'Show Request Details');
    const details = await waitFor(() => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'mcp-sampling-request'), { what: 'the request details', timeoutMs: 10_000 });
    assert.match(details.getText(), /## System prompt[\s\S]*You are a helpful test server\./);
    assert.match(details.getText(), /Maximum tokens: 50/);
    await workbench.waitFor(PICK_ROW, { text: 'Allow Once' });
    await workbench.click(PICK_ROW, 'Allow Once');

    const { status, text } = await outcome(api, record.key);
    console.log(`  server result: ${text.replace(/\s+/g, ' ').slice(0, 300)}`);
    assert.equal(status, 'completed');
    const result = JSON.parse(text.slice(text.indexOf('{'))) as { model: string; role: string; content: { type: string; text: string }; stopReason: string };
    assert.deepEqual(result, { model: 'echo-1', role: 'assistant', content: { type: 'text', text: 'Echo: Resource trigger-sampling-request context: Say hello' }, stopReason: 'endTurn' });
    const sent = echoRequests[echoRequests.length - 1];
    assert.deepEqual(sent.messages, [
      { role: 'user', text: 'You are a helpful test server.' },
      { role: 'user', text: 'Resource trigger-sampling-request context: Say hello' },
    ]);
    assert.equal(sent.modelOptions.maxTokens, 50);
    assert.equal(sent.modelOptions.temperature, 0.7);
  });

  it('Deny reaches the server as an error; Always Allow is remembered until revoked in Manage Sampling Permissions', async function () {
    this.timeout(120_000);
    const denied = await api.tasks.call(serverId, TOOL, { prompt: 'Not this one', maxTokens: 20 }, { mode: 'plain' });
    await notifications.click(CONSENT, 'Deny');
    const refused = await outcome(api, denied.key);
    console.log(`  denied: ${refused.status}: ${refused.text.replace(/\s+/g, ' ').slice(0, 200)}`);
    assert.match(refused.text, /declined the sampling request/);
    await notifications.clearAll();

    const first = await api.tasks.call(serverId, TOOL, { prompt: 'First', maxTokens: 20 }, { mode: 'plain' });
    await notifications.click(CONSENT, 'More…');
    await notifications.hide();
    await workbench.click(PICK_ROW, 'Always Allow');
    assert.match((await outcome(api, first.key)).text, /Echo: Resource trigger-sampling-request context: First/);
    // Remembered: the next request is answered without asking.
    const second = await api.tasks.call(serverId, TOOL, { prompt: 'Second', maxTokens: 20 }, { mode: 'plain' });
    assert.match((await outcome(api, second.key)).text, /Echo: Resource trigger-sampling-request context: Second/);
    assert.equal(await workbench.count('.notifications-center .notification-list-item', CONSENT), 0);

    // Revoke it from the command palette.
    await workbench.press('F1');
    await workbench.type('MCP Tasks: Manage Sampling Permissions');
    await workbench.waitFor(PICK_ROW, { text: 'Manage Sampling Permissions' });
    await workbench.press('Enter');
    await workbench.waitFor(PICK_ROW, { text: 'always allowed' });
    await workbench.screenshot('sampling-permissions');
    await workbench.click(PICK_ROW, SERVER);
    await workbench.press('Enter');
    await notifications.waitFor('Revoked: everything');
    await notifications.clearAll();

    const third = await api.tasks.call(serverId, TOOL, { prompt: 'Third', maxTokens: 20 }, { mode: 'plain' });
    await notifications.click(CONSENT, 'Allow Once');
    assert.match((await outcome(api, third.key)).text, /Echo: Resource trigger-sampling-request context: Third/);
  });

  it('with mcpTasks.sampling.reviewResponse the reply is edited in an editor before it is sent', async function () {
    this.timeout(60_000);
    await setSetting('mcpTasks.sampling.reviewResponse', true);
    try {
      const record = await api.tasks.call(serverId, TOOL, { prompt: 'Review me', maxTokens: 40 }, { mode: 'plain' });
      await notifications.click(CONSENT, 'Allow Once');
      const reply = 'Echo: Resource trigger-sampling-request context: Review me';
      const doc = await waitFor(() => vscode.workspace.textDocuments.find((d) => d.isUntitled && d.getText() === reply), { what: 'the reply in an editor', timeoutMs: 15_000 });
      await workbench.waitFor('.monaco-editor .view-lines', { text: 'Review me' });
      await workbench.click('.monaco-editor .view-lines', 'Review me');
      await workbench.press('Control+End');
      await workbench.type(' (checked)');
      await waitFor(() => doc.getText().endsWith('(checked)'), { what: 'the edit', timeoutMs: 5_000 });
      await workbench.screenshot('sampling-review-reply');
      await notifications.click('Review the language model', 'Send');
      assert.match((await outcome(api, record.key)).text, /"text": "Echo: Resource trigger-sampling-request context: Review me \(checked\)"/);
    } finally {
      await setSetting('mcpTasks.sampling.reviewResponse', undefined);
    }
  });

  it('no model the server may use: the server gets a clear error and the person a notification, without waiting', async function () {
    this.timeout(60_000);
    await setSetting('mcpTasks.sampling.allowedModels', { [SERVER]: ['someone/else'] });
    const record = await api.tasks.call(serverId, TOOL, { prompt: 'Nobody', maxTokens: 20 }, { mode: 'plain' });
    const { text } = await outcome(api, record.key);
    console.log(`  refused: ${text.replace(/\s+/g, ' ').slice(0, 200)}`);
    assert.match(text, /No language model can answer: none of the available models is allowed/);
    const note = await notifications.waitFor('asked to use a language model, but');
    assert.match(note, /mcpTasks\.sampling\.allowedModels/);
  });
});
