import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { McpTasksApi } from '../../src/extension';
import { completedResultText, connectUntilListed, extensionApi, leaveUserServers, repoRoot, useUserServers, whenFinished } from './support/extensionApi';
import { hasWorkbenchControl, notifications, resetWorkbench, rowTooltip, webview, workbench } from './support/workbench';

const SERVER = 'modern';
const ROWS = '[id="workbench.parts.sidebar"] .monaco-list-row';

/** A server of MCP 2026-07-28 with the tasks extension, in the same views as any other. */
describe('a 2026-07-28 server with the tasks extension in a real VS Code', function () {
  let api: McpTasksApi;
  let serverId: string;

  before(async function () {
    if (!hasWorkbenchControl) this.skip();
    this.timeout(90_000);
    api = await extensionApi();
    const fixture = path.join(repoRoot, 'out/test/fixtures/servers/tasks2026Server.js');
    await useUserServers(api, 'user-mcp-2026.json', { [SERVER]: { type: 'stdio', command: process.execPath, args: [fixture] } });
    serverId = await connectUntilListed(api, SERVER, 'ask_name');
    await notifications.clearAll();
    await notifications.hide();
  });

  after(async () => {
    await leaveUserServers(api, [SERVER]);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench.screenshot(`dialect2026-failure-${this.currentTest.title.slice(0, 24)}`);
    await resetWorkbench();
  });

  it("asks the task's question in the same form, sends the answer with tasks/update, and shows the result", async function () {
    this.timeout(90_000);
    const record = await api.tasks.call(serverId, 'ask_name', {}, { mode: 'task' });
    assert.equal(record.kind, 'task');
    assert.equal(record.dialect, '2026-07-28');
    await notifications.click('needs your input', 'Answer');
    await notifications.hide();
    await webview.waitFor('#field-name', { timeoutMs: 20_000 });
    const header = (await webview.texts('header'))[0];
    console.log(`  form header: ${header.replace(/\n+/g, ' | ')}`);
    assert.match(header, /modern asks for your input/);
    assert.match(header, /What is your name\?/);
    await webview.waitFor('#field-name:focus', { timeoutMs: 10_000 });
    await workbench.type('Ada');
    await workbench.screenshot('dialect2026-question');
    await workbench.press('Enter');
    assert.equal(await completedResultText(api, record.key), 'Hello, Ada!');

    await vscode.commands.executeCommand('workbench.view.extension.mcpTasks');
    const tip = await rowTooltip(ROWS, 'ask_name', 'Protocol');
    console.log(`  tooltip: ${tip.replace(/\n/g, ' | ')}`);
    assert.match(tip, /ask_name on modern — Completed/);
    assert.match(tip, /Protocol: MCP 2026-07-28 \(tasks extension\)/);
    await workbench.screenshot('dialect2026-finished-tooltip');
  });

  it('a tool error reads as the tool failing, and cancel ends a working task on the server', async function () {
    this.timeout(60_000);
    const failed = await api.tasks.call(serverId, 'tool_error', {}, { mode: 'task' });
    const failedEnd = await whenFinished(api, failed.key, 30_000);
    assert.equal(failedEnd.status, 'failed');
    assert.equal(failedEnd.error?.kind, 'tool-error');
    assert.match(failedEnd.error?.message ?? '', /the report source is unreachable/);

    const long = await api.tasks.call(serverId, 'long_job', {}, { mode: 'task' });
    await api.tasks.cancel(long.key);
    const ended = (await whenFinished(api, long.key, 30_000)).status;
    assert.equal(ended, 'cancelled');
  });
});
