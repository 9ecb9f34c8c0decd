import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { McpTasksApi } from '../../src/extension';
import type { TaskRecord } from '../../src/core/model/taskRecord';
import { waitFor } from '../support/waitFor';
import { completedResultText, connectUntilListed, demoServer, everythingServer, extensionApi, leaveUserServers, useUserServers } from './support/extensionApi';
import { hasWorkbenchControl, notifications, resetWorkbench, webview, workbench } from './support/workbench';

const SERVER = 'everything';
const DEMO = 'taskdemo';
const ASYNC_TOOL = 'trigger-elicitation-request-async';
const ROWS = '[id="workbench.parts.sidebar"] .monaco-list-row';

/** The hosted task a server created after `since` (epoch ms). */
function hostedTaskSince(api: McpTasksApi, since: number): Promise<TaskRecord> {
  return waitFor(() => api.tasks.list().find((t) => t.kind === 'hosted' && t.createdAt >= since), { what: 'the task the server asked the host to run', timeoutMs: 20_000 });
}

describe('tasks servers ask the host to run, in the Tasks view', function () {
  let api: McpTasksApi;
  let everythingId: string;
  let demoId: string;

  before(async function () {
    if (!hasWorkbenchControl) this.skip();
    this.timeout(90_000);
    api = await extensionApi();
    await useUserServers(api, 'user-mcp-hosted.json', { [SERVER]: everythingServer(), [DEMO]: demoServer() });
    const demo = api.registry.all().find((s) => s.label === DEMO)!;
    demoId = demo.id;
    // The async tool is listed only for hosts that declare hosted elicitation tasks.
    [everythingId] = await Promise.all([connectUntilListed(api, SERVER, ASYNC_TOOL), demo.connect()]);
    await vscode.commands.executeCommand('workbench.view.extension.mcpTasks');
    await notifications.clearAll();
    await notifications.hide();
  });

  after(async () => {
    await leaveUserServers(api, [SERVER, DEMO]);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench.screenshot(`hosted-failure-${this.currentTest.title.slice(0, 24)}`);
    await resetWorkbench();
  });

  it('a server\'s elicitation task is listed under the server, answered from the tree, and ends Completed', async function () {
    this.timeout(90_000);
    const since = Date.now();
    const call = await api.tasks.call(everythingId, ASYNC_TOOL, {}, { mode: 'plain' });
    const hosted = await hostedTaskSince(api, since);
    assert.equal(hosted.tool, 'elicitation/create');
    const row = await workbench.waitFor(ROWS, { text: 'requested by the server', timeoutMs: 20_000 });
    console.log(`  tree row: ${row.text.replace(/\s+/g, ' ')}`);
    assert.match(row.text, /elicitation\/create/);
    await workbench.waitFor(ROWS, { text: 'Needs input' });
    const alert = await notifications.waitFor('needs your input');
    assert.match(alert, /everything · elicitation\/create needs your input/);
    await notifications.hide();
    await workbench.screenshot('hosted-task-needs-input');

    // Clicking a task that waits for an answer opens its question.
    await workbench.click(ROWS, 'requested by the server');
    await webview.waitFor('#field-name:focus', { timeoutMs: 20_000 });
    await workbench.type('Grace Hopper');
    await workbench.press('Enter');

    const text = await completedResultText(api, call.key);
    assert.match(text, /\[COMPLETED\]/);
    assert.match(text, /Name: Grace Hopper/);
    assert.equal(api.tasks.get(hosted.key)?.status, 'completed');
    const done = await workbench.waitFor(ROWS, { text: 'requested by the server · Completed', timeoutMs: 10_000 });
    console.log(`  finished row: ${done.text.replace(/\s+/g, ' ')}`);
    await workbench.screenshot('hosted-task-completed');
  });

  it('cancelling a server\'s task from the tree withdraws its question; the server sees it cancelled', async function () {
    this.timeout(90_000);
    const since = Date.now();
    const call = await api.tasks.call(everythingId, ASYNC_TOOL, {}, { mode: 'plain' });
    const hosted = await hostedTaskSince(api, since);
    await workbench.click(ROWS, 'needs input · Waiting for the user', 20_000);
    await webview.waitFor('#field-name', { timeoutMs: 20_000 });
    await workbench.click(`${ROWS}.selected .action-label[aria-label="Cancel Task"]`);
    await webview.waitFor('#form', { state: 'detached', timeoutMs: 10_000 });
    assert.equal(api.tasks.get(hosted.key)?.status, 'cancelled');
    assert.match(await completedResultText(api, call.key), /\[CANCELLED\] Cancelled by the user/);
    await workbench.waitFor(ROWS, { text: 'requested by the server · Cancelled', timeoutMs: 10_000 });
  });

  it('a URL question ends when the server reports the browser step done, without "Done"', async function () {
    this.timeout(60_000);
    const call = await api.tasks.call(demoId, 'connect_account', {}, { mode: 'plain' });
    await notifications.click('needs your input', 'Answer');
    const consent = await notifications.waitFor('asks you to open a web page');
    const url = /(http:\/\/127\.0\.0\.1:\d+\/sign-in\/[\w-]+)/.exec(consent)?.[1];
    assert.ok(url, `the address is shown: ${consent}`);
    await workbench.screenshot('url-question-consent');
    await notifications.click('asks you to open a web page', `Open ${new URL(url).host}`);
    await notifications.waitFor('then choose Done');
    // The browser finishing the sign-in: the page tells the server, which tells the host.
    const page = await fetch(url);
    assert.equal(page.status, 200);
    const started = Date.now();
    assert.equal(await completedResultText(api, call.key), 'Connected the demo account. The sign-in page was visited.');
    console.log(`  answered ${Date.now() - started} ms after the page was visited, with no click on Done`);
  });
});
