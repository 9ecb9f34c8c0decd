import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { McpTasksApi } from '../../src/extension';
import { waitFor } from '../support/waitFor';
import { demoServer, extensionApi, whenFinished, workspaceFolder } from './support/extensionApi';
import { hasWorkbenchControl, rowTooltip, workbench } from './support/workbench';

const SERVER = 'taskdemo';
const ROWS = '[id="workbench.parts.sidebar"] .monaco-list-row';
// The workbench keeps notifications in its centre (toasts are suppressed under test).
const NOTE = '.notifications-center .notification-list-item';
const STATUS = '[id="workbench.parts.statusbar"] .statusbar-item';

/** Lines the demo server appended to its event log for one task. */
function serverEvents(file: string, taskId: string): string[] {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)
    .map((l) => JSON.parse(l) as { event: string; taskId: string }).filter((e) => e.taskId === taskId).map((e) => e.event);
}

/** Opens the notification centre and waits for the notification that contains `text`. */
async function notification(text: string, timeoutMs = 15_000): Promise<string> {
  await vscode.commands.executeCommand('notifications.showList');
  return (await workbench.waitFor(NOTE, { text, timeoutMs })).text;
}

/** Clicks an action button of the notification that contains `text`. */
async function clickNotificationAction(text: string, action: string): Promise<void> {
  await workbench.click(`${NOTE}:has-text(${JSON.stringify(text)}) .monaco-button`, action);
  await vscode.commands.executeCommand('notifications.hideList');
}

async function setSetting(name: string, value: unknown): Promise<void> {
  const [section, key] = [name.slice(0, name.lastIndexOf('.')), name.slice(name.lastIndexOf('.') + 1)];
  await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Global);
}

describe('tasks in a real VS Code', function () {
  let api: McpTasksApi;
  let demoId: string;
  let eventsFile: string;

  before(async function () {
    if (!hasWorkbenchControl) this.skip();
    this.timeout(60_000);
    api = await extensionApi();
    // A server of the user's own configuration: it starts without a consent prompt.
    const scratch = process.env.MCP_TASKS_SCRATCH ?? workspaceFolder();
    eventsFile = path.join(scratch, 'demo-events.jsonl');
    const userConfig = path.join(scratch, 'user-mcp.json');
    fs.writeFileSync(userConfig, JSON.stringify({ servers: { [SERVER]: demoServer({ DEMO_SERVER_EVENTS_FILE: eventsFile }) } }, null, 2));
    await setSetting('mcpTasks.userConfigPath', userConfig);
    // These tests answer questions through the QuickInput steps (the form has its own tests).
    await setSetting('mcpTasks.elicitation.ui', 'quickInput');
    const demo = await waitFor(() => api.registry.all().find((s) => s.label === SERVER), { what: `the ${SERVER} server from the user configuration`, timeoutMs: 15_000 });
    demoId = demo.id;
    await vscode.commands.executeCommand('workbench.view.extension.mcpTasks');
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('notifications.hideList');
  });

  after(async () => {
    await setSetting('mcpTasks.userConfigPath', undefined);
    await setSetting('mcpTasks.elicitation.ui', undefined);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      const counts = new Map<string, number>();
      for (const r of api.tasks.list()) counts.set(`${r.tool}:${r.status}`, (counts.get(`${r.tool}:${r.status}`) ?? 0) + 1);
      console.log(`  [after failure] engine: ${JSON.stringify(Object.fromEntries(counts))}`);
      console.log(`  [after failure] rows: ${(await workbench.texts(ROWS)).slice(0, 12).map((t) => t.replace(/\n/g, ' ')).join(' | ')}`);
      await vscode.commands.executeCommand('notifications.showList');
      console.log(`  [after failure] notifications: ${(await workbench.texts(NOTE)).map((t) => t.replace(/\n/g, ' ')).join(' | ')}`);
      await workbench.screenshot(`tasks-failure-${this.currentTest.title.slice(0, 20)}`);
    }
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('notifications.hideList');
  });

  it('calls slow_report from the palette through the argument steps, shows progress, alerts, opens the result', async function () {
    this.timeout(90_000);
    await workbench.press('F1');
    await workbench.type('MCP Tasks: Call Tool');
    await workbench.waitFor('.quick-input-list .monaco-list-row', { text: 'Call Tool…' });
    await workbench.press('Enter');
    // With several servers a server picker comes first; with one, its tools (started on demand).
    const first = await workbench.waitFor('.quick-input-list .monaco-list-row', { timeoutMs: 20_000 });
    if (!/slow_report|echo/.test(first.text) && (await workbench.count('.quick-input-list .monaco-list-row', SERVER)) > 0) {
      await workbench.type(SERVER);
      await workbench.press('Enter');
    }
    await workbench.waitFor('.quick-input-list .monaco-list-row', { text: 'slow_report', timeoutMs: 20_000 });
    await workbench.type('slow_report');
    await workbench.press('Enter');
    await workbench.waitFor('.quick-input-list .monaco-list-row', { text: 'Edit arguments' });
    await workbench.press('Enter');
    // steps (integer, default 5) → 4; stepMs → 900; topic → weather
    await workbench.waitFor('.quick-input-widget .quick-input-message', { text: 'steps' });
    await workbench.screenshot('tasks-argument-step');
    for (const [field, value] of [['steps', '4'], ['stepMs', '900'], ['topic', 'weather']]) {
      await workbench.waitFor('.quick-input-widget .quick-input-message', { text: field });
      await workbench.press('Control+A');
      await workbench.type(value);
      await workbench.press('Enter');
    }
    // slow_report requires a task: no run-mode question; the call starts after the last argument.
    const row = await workbench.waitFor(ROWS, { text: 'slow_report', timeoutMs: 15_000 });
    console.log(`  tree row: ${row.text.replace(/\n/g, ' | ')}`);
    const running = api.tasks.list().find((r) => r.tool === 'slow_report')!;
    assert.deepEqual(running.args, { steps: 4, stepMs: 900, topic: 'weather' });
    assert.equal(running.kind, 'task');
    // Progress rises in the tree: 1/4 then 2/4 (the status bar counts the running task meanwhile).
    await workbench.waitFor(ROWS, { text: '1/4', timeoutMs: 10_000 });
    // The status bar follows the same record a moment after the tree: wait for its progress part.
    const bar = await workbench.waitFor(STATUS, { text: '1 task · ' });
    console.log(`  status bar: ${bar.text}`);
    assert.match(bar.text, /1 task · \d+ %/);
    await workbench.waitFor(ROWS, { text: '2/4', timeoutMs: 10_000 });
    await workbench.screenshot('tasks-tree-running');
    await workbench.screenshot('tasks-status-bar');

    const note = await notification('slow_report completed');
    console.log(`  notification: ${note.replace(/\n/g, ' | ')}`);
    await workbench.screenshot('tasks-completed-notification');
    assert.equal(api.tasks.get(running.key)!.status, 'completed');
    await workbench.waitFor(STATUS, { text: '1 task', state: 'hidden' });

    await clickNotificationAction('slow_report completed', 'Open Result');
    const doc = await waitFor(() => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'mcp-task' && d.uri.query.includes(encodeURIComponent(running.taskId))),
      { what: 'the result document', timeoutMs: 10_000 });
    assert.match(doc.getText(), /# Report: weather/);
    assert.match(doc.getText(), /Finished in 4 steps/);
    assert.match(doc.getText(), /## Structured content/);
    await workbench.waitFor('.tabs-container .tab', { text: 'slow_report' });
    await workbench.screenshot('tasks-result-document');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await workbench.waitFor('.tabs-container .tab', { text: 'slow_report', state: 'detached' });
    // Once the toast is gone the result stays one click away in the status bar for a while.
    await workbench.waitFor(STATUS, { text: 'slow_report completed' });
    await workbench.screenshot('tasks-status-bar-recent');
    await workbench.click(STATUS, 'slow_report completed');
    await workbench.waitFor('.tabs-container .tab', { text: 'slow_report' });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it("a running row leads with the server's message and the share done; its tooltip tells the task's details", async function () {
    this.timeout(90_000);
    const record = await api.tasks.call(demoId, 'slow_report', { steps: 8, stepMs: 8_000, topic: 'sources' }, { mode: 'task' });
    try {
      const row = await workbench.waitFor(ROWS, { text: 'Step 1/8', timeoutMs: 20_000 });
      console.log(`  running row: ${row.text.replace(/\n/g, ' | ')}`);
      // The message says how far the task is ("Step 1/8"), so it stands alone: no elapsed time, no count again.
      assert.match(row.text, /^slow_report\s*Step 1\/8: [^·]+$/, 'the message, all of the description');
      await workbench.screenshot('tasks-row-message-progress');
      const tip = await rowTooltip(ROWS, 'Step 1/8', 'Running for');
      console.log(`  tooltip: ${tip.replace(/\n/g, ' | ')}`);
      assert.match(tip, new RegExp(`slow_report on ${SERVER} — Running`));
      assert.match(tip, /Last message: Step 1\/8: /);
      assert.match(tip, /Progress: 1\/8 \(13 %\)/);
      assert.match(tip, /Running for: \d+ s/);
      assert.ok(tip.includes(`Task id: ${record.taskId}`), 'the task id');
      assert.match(tip, /Started: \d{4}-\d\d-\d\d /);
      await workbench.screenshot('tasks-running-tooltip');
    } finally {
      await api.tasks.cancel(record.key);
    }
  });

  it('cancels a task from the tree; the server cancels it too', async function () {
    this.timeout(60_000);
    const record = await api.tasks.call(demoId, 'long_wait', { seconds: 60 }, { mode: 'task' });
    await workbench.click(ROWS, 'long_wait');
    await workbench.click(`${ROWS}.selected .action-label[aria-label="Cancel Task"]`);
    // Other finished rows may read "Cancelled" too: wait for this task's own row.
    await workbench.waitFor(`${ROWS}:has-text("long_wait")`, { text: 'Cancelled', timeoutMs: 10_000 });
    const final = api.tasks.get(record.key)!;
    assert.equal(final.status, 'cancelled');
    await waitFor(() => serverEvents(eventsFile, record.taskId).includes('cancelled'), { what: 'the server to log the cancel', timeoutMs: 5_000 });
    assert.deepEqual(serverEvents(eventsFile, record.taskId), ['created', 'cancelled']);
    await workbench.screenshot('tasks-tree-cancelled');
  });

  it('Call Tool… in the Tasks view title, with a task row selected, offers the tools of that task\'s server', async function () {
    this.timeout(60_000);
    await workbench.click(ROWS, 'long_wait');
    await workbench.click('.pane-header .action-label[aria-label*="Call Tool"]');
    await workbench.waitFor('.quick-input-list .monaco-list-row', { text: 'slow_report', timeoutMs: 20_000 });
    await workbench.screenshot('tasks-call-tool-from-task-row');
    await workbench.press('Escape');
  });

  it('Cancel Task on a task that already ended says so instead of doing nothing', async function () {
    this.timeout(30_000);
    const ended = api.tasks.list().find((r) => r.tool === 'long_wait' && r.status === 'cancelled');
    assert.ok(ended, 'the task cancelled above');
    await vscode.commands.executeCommand('mcpTasks.cancelTask', ended.key);
    const text = await notification('has already ended');
    assert.match(text, /long_wait has already ended \(cancelled\); there is nothing to cancel/);
  });

  it('a failing tool alerts with the server\'s message and its result shows the error', async function () {
    this.timeout(60_000);
    const record = await api.tasks.call(demoId, 'flaky_build', { failAfterMs: 600 }, { mode: 'task' });
    const note = await notification("Build failed: 3 tests failed in module 'parser'");
    assert.match(note, /taskdemo · flaky_build failed/);
    await workbench.screenshot('tasks-failed-notification');
    assert.equal(api.tasks.get(record.key)!.status, 'failed');
    await clickNotificationAction('flaky_build failed', 'Open Result');
    const doc = await waitFor(() => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'mcp-task' && d.uri.query.includes(encodeURIComponent(record.taskId))),
      { what: 'the failed result document', timeoutMs: 10_000 });
    assert.match(doc.getText(), /⚠ The tool reported an error\*\*: Build failed/);
    await workbench.screenshot('tasks-failed-result');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a question mid-task shows "Needs input", a warning, and is answered through the steps', async function () {
    this.timeout(60_000);
    const record = await api.tasks.call(demoId, 'ask_user', {}, { mode: 'task' });
    const note = await notification('needs your input');
    assert.match(note, /taskdemo · ask_user needs your input/);
    await workbench.waitFor(ROWS, { text: 'Needs input' });
    const bar = await workbench.waitFor(STATUS, { text: 'needs input' });
    console.log(`  status bar: ${bar.text}`);
    await workbench.screenshot('tasks-needs-input');
    await clickNotificationAction('needs your input', 'Answer');
    await workbench.waitFor('.quick-input-list .monaco-list-row', { text: 'continue' });
    await workbench.screenshot('tasks-question-step');
    await workbench.press('Enter'); // choice: continue
    await workbench.waitFor('.quick-input-list .monaco-list-row', { text: 'Yes' });
    await workbench.press('Enter'); // urgent: the default (No)
    await workbench.waitFor('.quick-input-widget .quick-input-message', { text: 'Note' });
    await workbench.press('Control+A');
    await workbench.type('from the test');
    await workbench.press('Enter');
    const final = await whenFinished(api, record.key);
    assert.equal(final.status, 'completed');
    assert.ok(final.result);
    const text = JSON.stringify(final.result);
    assert.match(text, /with: continue \(urgent: no, note: from the test\)/);
  });

  it('500 tasks in the ledger: the view renders them and a refresh stays fast', async function () {
    this.timeout(120_000);
    await setSetting('mcpTasks.alerts.completed', false);
    try {
      const started = Date.now();
      const records = await Promise.all(Array.from({ length: 500 }, (_, i) =>
        api.tasks.call(demoId, 'quick_summary', { text: `Task number ${i}. It is short.` }, { mode: 'task' })));
      await Promise.all(records.map((r) => whenFinished(api, r.key)));
      console.log(`  500 quick_summary tasks ran in ${Date.now() - started} ms`);
      // The Finished group counts them (its description is the number of tasks in it).
      let finished = '';
      const deadline = Date.now() + 10_000;
      while (!/Finished\s*(\d+)/.test(finished) || Number(/Finished\s*(\d+)/.exec(finished)![1]) < 500) {
        if (Date.now() > deadline) assert.fail(`the Finished group shows "${finished}", not 500 or more tasks`);
        finished = (await workbench.texts(ROWS, 'Finished'))[0] ?? '';
      }
      console.log(`  finished group: ${finished.replace(/\n/g, ' ')}`);
      await workbench.waitFor(ROWS, { text: 'quick_summary' });
      // One more change (a new task) must reach the screen quickly, whatever the ledger size.
      const t0 = performance.now();
      const next = await api.tasks.call(demoId, 'long_wait', { seconds: 30 }, { mode: 'task' });
      await workbench.waitFor(ROWS, { text: 'long_wait' });
      const onScreenMs = performance.now() - t0;
      // Refresh (tasks/list on every running server) and see a changed item on screen.
      const t1 = performance.now();
      await vscode.commands.executeCommand('mcpTasks.refreshTasks');
      const refreshMs = performance.now() - t1;
      console.log(`  ${api.tasks.list().length} tasks in the ledger: new task on screen after ${onScreenMs.toFixed(0)} ms; Refresh Tasks took ${refreshMs.toFixed(0)} ms`);
      await workbench.screenshot('tasks-500');
      assert.ok(onScreenMs < 2_000, `the new task took ${onScreenMs} ms to show`);
      assert.ok(refreshMs < 2_000, `refreshing took ${refreshMs} ms`);
      await api.tasks.cancel(next.key);
    } finally {
      await setSetting('mcpTasks.alerts.completed', undefined);
    }
  });
});
