/**
 * First steps and hand-offs in a real VS Code: the walkthrough and a step it marks done, a result
 * shown rendered with its source one command away, "Send to Chat" from a finished task, and a
 * stale "needs your input" notification whose Answer stays quiet.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { McpTasksApi } from '../../src/extension';
import type { SentToChat } from '../../src/vscode/chat/sendResultToChat';
import { waitFor } from '../support/waitFor';
import { connectUntilListed, demoServer, extensionApi, leaveUserServers, setSetting, useUserServers, whenFinished } from './support/extensionApi';
import { hasWorkbenchControl, notifications, resetWorkbench, webview, workbench } from './support/workbench';

const SERVER = 'taskdemo';
const WALKTHROUGH = 'mcp-tasks.mcp-tasks#gettingStarted';
const ROWS = '[id="workbench.parts.sidebar"] .monaco-list-row';
const STATUS = '[id="workbench.parts.statusbar"] .statusbar-item';
const NOTE = '.notifications-center .notification-list-item';
const step = (id: string) => `button.getting-started-step[data-step-id$="${id}"]`;

describe('first steps and hand-offs in a real VS Code', function () {
  let api: McpTasksApi;
  let demoId: string;

  before(async function () {
    if (!hasWorkbenchControl) this.skip();
    this.timeout(90_000);
    api = await extensionApi();
    await useUserServers(api, 'user-mcp-onboarding.json', { [SERVER]: demoServer() });
    demoId = await connectUntilListed(api, SERVER, 'slow_report');
    await setSetting('mcpTasks.elicitation.ui', 'quickInput');
    await resetWorkbench();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench.screenshot(`onboarding-failure-${this.currentTest.title.slice(0, 24)}`);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await resetWorkbench();
  });

  after(async () => {
    await setSetting('mcpTasks.elicitation.ui', undefined);
    await leaveUserServers(api, [SERVER]);
  });

  it('the walkthrough opens with its four steps, none of them done before its event', async function () {
    this.timeout(60_000);
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, false);
    await workbench.waitFor('.gettingStartedContainer', { text: 'Get Started with MCP Tasks', timeoutMs: 20_000 });
    const titles = await workbench.texts('button.getting-started-step .step-title');
    console.log(`  steps: ${titles.join(' | ')}`);
    assert.deepEqual(titles, ['Add an MCP server', 'Call a tool as a task', 'Answer a question', 'Find the result']);
    await workbench.waitFor('.gettingStartedContainer .getting-started-step', { text: 'Create mcp.json' });
    assert.equal(await workbench.count(`${step('answerQuestion')}[aria-checked="true"]`), 0, 'no question answered yet');
    assert.equal(await workbench.count(`${step('findResult')}[aria-checked="true"]`), 0, 'no result opened yet');
    await workbench.screenshot('onboarding-walkthrough');
  });

  it('a finished task offers Send to Chat; its result opens rendered, and Open Result Source shows the Markdown', async function () {
    this.timeout(90_000);
    const record = await api.tasks.call(demoId, 'slow_report', { topic: 'weather', steps: 2 }, { mode: 'task' });
    assert.equal((await whenFinished(api, record.key)).status, 'completed');
    await notifications.waitFor('slow_report completed');
    const buttons = await workbench.texts(`${NOTE}:has-text("slow_report completed") .monaco-button`);
    console.log(`  notification buttons: ${buttons.join(' | ')}`);
    assert.ok(buttons.includes('Send to Chat'), 'the completed notification offers Send to Chat');
    await workbench.screenshot('onboarding-completed-notification');

    await notifications.click('slow_report completed', 'Open Result');
    await notifications.hide();
    const heading = await webview.waitFor('h1', { text: 'Report: weather', timeoutMs: 20_000 });
    console.log(`  preview heading: ${heading.text}`);
    assert.equal(await webview.count('h2', 'Structured content'), 1, 'the headings render');
    assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.uri.scheme === 'mcp-task'), 'no raw source editor: the preview shows it');
    await workbench.waitFor('.tabs-container .tab', { text: 'slow_report' });
    await workbench.screenshot('tasks-result-preview');

    await vscode.commands.executeCommand('mcpTasks.openResultSource', record.key);
    const source = await waitFor(() => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'mcp-task'), { what: 'the result source', timeoutMs: 10_000 });
    assert.match(source.document.getText(), /^# Report: weather/m);
    assert.equal(source.document.languageId, 'markdown');
  });

  it('Send Result to Chat puts the result in the chat input (or says chat is not available)', async function () {
    this.timeout(60_000);
    const record = api.tasks.list().find((r) => r.serverId === demoId && r.tool === 'slow_report' && r.status === 'completed');
    assert.ok(record, 'the report from the test before');
    const chatCommand = (await vscode.commands.getCommands(true)).includes('workbench.action.chat.open');
    console.log(`  chat in this VS Code: workbench.action.chat.open ${chatCommand ? 'registered' : 'not registered'}, chat.disableAIFeatures = ${vscode.workspace.getConfiguration('chat').get('disableAIFeatures')}`);
    const sent = await vscode.commands.executeCommand<SentToChat | undefined>('mcpTasks.sendResultToChat', record.key);
    assert.ok(sent, 'the command reports what it sent');
    console.log(`  sent to ${sent.to}: ${sent.query.split('\n').slice(0, 4).join(' | ')}`);
    assert.match(sent.query, new RegExp(`^Here is the result of the MCP tool slow_report \\(server taskdemo, task handle ${record.key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, completed\\):`));
    assert.match(sent.query, /# Report: weather/);
    if (sent.to === 'chat') {
      const input = await workbench.waitFor('.interactive-input-part .monaco-editor .view-lines', { text: 'Here is the result', timeoutMs: 15_000 });
      console.log(`  chat input: ${input.text.slice(0, 120)}`);
    } else {
      assert.equal(await vscode.env.clipboard.readText(), sent.query, 'without chat the text is on the clipboard');
      await notifications.waitFor('Chat is not available in this window');
    }
    await workbench.screenshot('onboarding-send-to-chat');
  });

  it('with AI features on, Send Result to Chat opens the chat with the result in its input, unsent', async function () {
    this.timeout(60_000);
    const record = api.tasks.list().find((r) => r.serverId === demoId && r.tool === 'slow_report' && r.status === 'completed');
    assert.ok(record, 'the report from the tests before');
    // The test VS Code runs with AI features off (its base settings); on for this test only.
    await setSetting('chat.disableAIFeatures', false);
    try {
      const sent = await vscode.commands.executeCommand<SentToChat | undefined>('mcpTasks.sendResultToChat', record.key);
      assert.equal(sent?.to, 'chat');
      const input = await workbench.waitFor('.interactive-input-part .monaco-editor .view-lines', { text: 'Here is the result', timeoutMs: 20_000 });
      console.log(`  chat input: ${input.text.slice(0, 160).replace(/\n/g, ' | ')}`);
      await workbench.screenshot('onboarding-send-to-chat-input');
    } finally {
      await setSetting('chat.disableAIFeatures', true);
      await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    }
  });

  it('a question answered from the tree leaves its notification stale: its Answer then asks nothing and says so quietly', async function () {
    this.timeout(90_000);
    const record = await api.tasks.call(demoId, 'ask_user', {}, { mode: 'task' });
    await notifications.waitFor(`${SERVER} · ask_user needs your input`);
    await notifications.hide();
    await vscode.commands.executeCommand('workbench.view.extension.mcpTasks');
    await workbench.click(ROWS, 'ask_user');
    await workbench.click(`${ROWS}.selected .action-label[aria-label="Answer Question…"]`);
    await workbench.waitFor('.quick-input-list .monaco-list-row', { text: 'continue' });
    await workbench.press('Enter'); // choice: continue
    await workbench.waitFor('.quick-input-list .monaco-list-row', { text: 'Yes' });
    await workbench.press('Enter'); // urgent: No
    await workbench.waitFor('.quick-input-widget .quick-input-message', { text: 'Note' });
    await workbench.type('answered from the tree');
    await workbench.press('Enter');
    assert.equal((await whenFinished(api, record.key)).status, 'completed');

    await notifications.click(`${SERVER} · ask_user needs your input`, 'Answer');
    const note = await workbench.waitFor(STATUS, { text: 'This question was already answered.', timeoutMs: 5_000 });
    console.log(`  status bar: ${note.text}`);
    await workbench.screenshot('onboarding-stale-answer');
    await notifications.show();
    assert.equal(await workbench.count(NOTE, 'no longer waits'), 0, 'no alarming notification');
    assert.equal(await workbench.count('.quick-input-widget .quick-input-list .monaco-list-row'), 0, 'no question asked again');
    await notifications.hide();
  });

  it('the walkthrough marks "Answer a question" and "Find the result" done once they were', async function () {
    this.timeout(30_000);
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, false);
    await workbench.waitFor(`${step('answerQuestion')}[aria-checked="true"]`, { timeoutMs: 10_000 });
    await workbench.waitFor(`${step('findResult')}[aria-checked="true"]`, { timeoutMs: 10_000 });
    await workbench.screenshot('onboarding-walkthrough-progress');
  });
});
