import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ServerLookup } from '../../src/core/servers/types';
import type { TaskEngine } from '../../src/core/tasks/taskEngine';
import type { TaskRecord } from '../../src/core/tasks/taskRecord';
import type { TaskUi } from '../../src/vscode/tasks';
import { waitFor } from '../support/waitFor';
import { hasWorkbenchControl, workbench } from './support/workbench';

const EXTENSION_ID = 'mcp-tasks.mcp-tasks';
const ROWS = '[id="workbench.parts.sidebar"] .monaco-list-row';
const TOAST = '.notification-toast';
const STATUS = '[id="workbench.parts.statusbar"] .statusbar-item';

interface TasksApi { engine: TaskEngine; taskUi: TaskUi; servers: ServerLookup }

/** Lines the demo server appended to its event log for one task. */
function serverEvents(file: string, taskId: string): string[] {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)
    .map((l) => JSON.parse(l) as { event: string; taskId: string }).filter((e) => e.taskId === taskId).map((e) => e.event);
}

async function setSetting(name: string, value: unknown): Promise<void> {
  const [section, key] = [name.slice(0, name.lastIndexOf('.')), name.slice(name.lastIndexOf('.') + 1)];
  await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Global);
}

describe('tasks in a real VS Code', function () {
  let api: TasksApi;
  let demoId: string;
  let eventsFile: string;

  before(async function () {
    if (!hasWorkbenchControl) this.skip();
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const repo = process.env.MCP_TASKS_REPO!;
    eventsFile = path.join(process.env.MCP_TASKS_SCRATCH ?? folder, 'demo-events.jsonl');
    fs.mkdirSync(path.join(folder, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(folder, '.vscode', 'mcp.json'), JSON.stringify({
      servers: {
        demo: {
          type: 'stdio', command: 'node', args: [path.join(repo, 'dist/demo-server.js')],
          env: { DEMO_SERVER_EVENTS_FILE: eventsFile },
        },
      },
    }, null, 2));
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    api = (await ext.activate()) as TasksApi;
    const demo = await waitFor(() => api.servers.all().find((s) => s.label === 'demo'), { what: 'the demo server from mcp.json' });
    demoId = demo.id;
    await vscode.commands.executeCommand('workbench.view.extension.mcpTasks');
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('calls slow_report from the palette through the argument steps, shows progress, alerts, opens the result', async function () {
    this.timeout(90_000);
    await workbench.press('F1');
    await workbench.type('MCP Tasks: Call Tool');
    await workbench.waitFor('.quick-input-list .monaco-list-row', { text: 'Call Tool…' });
    await workbench.press('Enter');
    // One server: straight to its tools (the server starts on demand).
    await workbench.waitFor('.quick-input-list .monaco-list-row', { text: 'slow_report', timeoutMs: 20_000 });
    await workbench.type('slow_report');
    await workbench.press('Enter');
    await workbench.waitFor('.quick-input-list .monaco-list-row', { text: 'Edit arguments' });
    await workbench.press('Enter');
    // steps (integer, default 5) → 4; stepMs → 900; topic → weather
    await workbench.waitFor('.quick-input-widget .quick-input-message', { text: 'steps' });
    await workbench.screenshot('tasks-argument-step');
    for (const value of ['4', '900', 'weather']) {
      await workbench.press('Control+A');
      await workbench.type(value);
      await workbench.press('Enter');
    }
    await workbench.waitFor('.quick-input-list .monaco-list-row', { text: 'Run as task' });
    await workbench.press('Enter');

    const row = await workbench.waitFor(ROWS, { text: 'slow_report', timeoutMs: 15_000 });
    console.log(`  tree row: ${row.text.replace(/\n/g, ' | ')}`);
    const running = api.engine.list().find((r) => r.tool === 'slow_report')!;
    assert.deepEqual(running.args, { steps: 4, stepMs: 900, topic: 'weather' });
    assert.equal(running.kind, 'task');
    // Progress rises in the tree: 1/4 then 2/4 (the status bar counts the running task meanwhile).
    await workbench.waitFor(ROWS, { text: '1/4', timeoutMs: 10_000 });
    const bar = await workbench.waitFor(STATUS, { text: '1 task' });
    console.log(`  status bar: ${bar.text}`);
    assert.match(bar.text, /1 task · \d+ %/);
    await workbench.waitFor(ROWS, { text: '2/4', timeoutMs: 10_000 });
    await workbench.screenshot('tasks-tree-running');
    await workbench.screenshot('tasks-status-bar');

    const toast = await workbench.waitFor(TOAST, { text: 'slow_report completed', timeoutMs: 15_000 });
    console.log(`  notification: ${toast.text.replace(/\n/g, ' | ')}`);
    await workbench.screenshot('tasks-completed-notification');
    assert.equal(api.engine.get(running.key)!.status, 'completed');
    await workbench.waitFor(STATUS, { text: '1 task', state: 'hidden' });

    await workbench.click(`${TOAST} .monaco-button`, 'Open Result');
    const doc = await waitFor(() => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'mcp-task' && d.uri.query.includes(encodeURIComponent(running.taskId))),
      { what: 'the result document', timeoutMs: 10_000 });
    assert.match(doc.getText(), /# Report: weather/);
    assert.match(doc.getText(), /Finished in 4 steps/);
    assert.match(doc.getText(), /## Structured content/);
    await workbench.waitFor('.tabs-container .tab', { text: 'slow_report' });
    await workbench.screenshot('tasks-result-document');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('cancels a task from the tree; the server cancels it too', async function () {
    this.timeout(60_000);
    const record = await api.engine.call(demoId, 'long_wait', { seconds: 60 }, { mode: 'task' });
    await workbench.click(ROWS, 'long_wait');
    await workbench.click(`${ROWS}.selected .action-label[aria-label="Cancel Task"]`);
    await workbench.waitFor(ROWS, { text: 'Cancelled', timeoutMs: 10_000 });
    const final = api.engine.get(record.key)!;
    assert.equal(final.status, 'cancelled');
    await waitFor(() => serverEvents(eventsFile, record.taskId).includes('cancelled'), { what: 'the server to log the cancel', timeoutMs: 5_000 });
    assert.deepEqual(serverEvents(eventsFile, record.taskId), ['created', 'cancelled']);
    await workbench.screenshot('tasks-tree-cancelled');
  });

  it('a failing tool alerts with the server\'s message and its result shows the error', async function () {
    this.timeout(60_000);
    const record = await api.engine.call(demoId, 'flaky_build', { failAfterMs: 600 }, { mode: 'task' });
    const toast = await workbench.waitFor(TOAST, { text: "Build failed: 3 tests failed in module 'parser'", timeoutMs: 15_000 });
    assert.match(toast.text, /demo · flaky_build failed/);
    await workbench.screenshot('tasks-failed-notification');
    assert.equal(api.engine.get(record.key)!.status, 'failed');
    await workbench.click(`${TOAST} .monaco-button`, 'Open Result');
    const doc = await waitFor(() => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'mcp-task' && d.uri.query.includes(encodeURIComponent(record.taskId))),
      { what: 'the failed result document', timeoutMs: 10_000 });
    assert.match(doc.getText(), /⚠ The tool reported an error\*\*: Build failed/);
    await workbench.screenshot('tasks-failed-result');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a question mid-task shows "Needs input", a warning, and is answered through the steps', async function () {
    this.timeout(60_000);
    const record = await api.engine.call(demoId, 'ask_user', {}, { mode: 'task' });
    const toast = await workbench.waitFor(TOAST, { text: 'needs your input', timeoutMs: 15_000 });
    assert.match(toast.text, /demo · ask_user needs your input/);
    await workbench.waitFor(ROWS, { text: 'Needs input' });
    const bar = await workbench.waitFor(STATUS, { text: 'needs input' });
    console.log(`  status bar: ${bar.text}`);
    await workbench.screenshot('tasks-needs-input');
    await workbench.click(`${TOAST} .monaco-button`, 'Answer');
    await workbench.waitFor('.quick-input-list .monaco-list-row', { text: 'continue' });
    await workbench.screenshot('tasks-question-step');
    await workbench.press('Enter'); // choice: continue
    await workbench.waitFor('.quick-input-list .monaco-list-row', { text: 'Yes' });
    await workbench.press('Enter'); // urgent: the default (No)
    await workbench.waitFor('.quick-input-widget .quick-input-message', { text: 'Note' });
    await workbench.press('Control+A');
    await workbench.type('from the test');
    await workbench.press('Enter');
    const final = await api.engine.whenFinished(record.key);
    assert.equal(final.status, 'completed');
    const result = (await api.taskUi.feed.source.get(record.key)) as TaskRecord;
    assert.ok(result.result);
    const text = JSON.stringify(result.result);
    assert.match(text, /with: continue \(urgent: no, note: from the test\)/);
  });

  it('500 tasks in the ledger: the view renders them and a refresh stays fast', async function () {
    this.timeout(120_000);
    await setSetting('mcpTasks.alerts.completed', false);
    try {
      const started = Date.now();
      const records = await Promise.all(Array.from({ length: 500 }, (_, i) =>
        api.engine.call(demoId, 'quick_summary', { text: `Task number ${i}. It is short.` }, { mode: 'task' })));
      await Promise.all(records.map((r) => api.engine.whenFinished(r.key)));
      console.log(`  500 quick_summary tasks ran in ${Date.now() - started} ms`);
      const provider = api.taskUi.tree.provider;
      await waitFor(() => provider.visibleCount >= 500, { what: '500 tasks in the tree', timeoutMs: 10_000 });
      await workbench.waitFor(ROWS, { text: 'quick_summary' });
      // One more change (a new task) must reach the screen quickly, whatever the ledger size.
      const t0 = performance.now();
      const next = await api.engine.call(demoId, 'long_wait', { seconds: 30 }, { mode: 'task' });
      await workbench.waitFor(ROWS, { text: 'long_wait' });
      const onScreenMs = performance.now() - t0;
      const rebuildMs = provider.lastRefreshMs;
      console.log(`  ${provider.visibleCount} tasks: model rebuild ${rebuildMs.toFixed(2)} ms; new task on screen after ${onScreenMs.toFixed(0)} ms`);
      await workbench.screenshot('tasks-500');
      assert.ok(rebuildMs < 50, `rebuild took ${rebuildMs} ms`);
      assert.ok(onScreenMs < 2_000, `the new task took ${onScreenMs} ms to show`);
      await api.engine.cancel(next.key);
    } finally {
      await setSetting('mcpTasks.alerts.completed', undefined);
    }
  });
});
