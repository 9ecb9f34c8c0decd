import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from '../../support/waitFor';
import { backgroundApi, hostPid, repoRoot } from '../support/extensionApi';
import { hasWorkbenchControl, notifications, workbench } from '../support/workbench';
import { handOverFile } from './handOver';

// Second window: the same task (same id, not run again) is still running in the host and completes here.
describe('background task host, after: the task outlived the window', () => {
  it('shows the same task still running, then its result', async function () {
    if (!hasWorkbenchControl) this.skip();
    const api = await backgroundApi();
    const before = JSON.parse(fs.readFileSync(handOverFile(), 'utf8')) as { shortKey: string; key: string; taskId: string; createdAt: number; serverPid: number; hostPid: number };
    assert.equal(await hostPid(api), before.hostPid, 'the same task host');
    const record = await waitFor(() => api.tasks.get(before.key), { timeoutMs: 10_000, what: 'the task in the new window' });
    console.log(`  after the window closed: task ${record.taskId} is ${record.status}${record.progress ? ` (${record.progress.progress}/${record.progress.total})` : ''}`);
    assert.equal(record.taskId, before.taskId);
    assert.equal(record.createdAt, before.createdAt, 'not run again');
    assert.equal(record.status, 'working', 'still running: it was not lost with the window');
    // A running task can reach the window by its notifications before the host's list is in; a
    // finished one comes with the list only.
    const short = await waitFor(() => api.tasks.get(before.shortKey), { timeoutMs: 10_000, what: 'the short task in the host\'s list' });
    assert.equal(short.status, 'completed', 'the short task finished while no window was open');
    const shortValue = await api.tasks.readResult(short.result!) as { content: { text: string }[] };
    assert.equal(shortValue.content[0]?.text, 'Waited 2 seconds.');
    const server = await waitFor(() => api.registry.all().find((s) => s.label === 'demo' && s.state.kind === 'running'), { timeoutMs: 20_000, what: 'the demo server, running in the host' });
    assert.equal(server.pid, before.serverPid, 'the same server process');
    await vscode.commands.executeCommand('workbench.view.extension.mcpTasks');
    await workbench.waitFor('.part.sidebar .monaco-list-row', { text: 'long_wait' });
    await workbench.screenshot('background-after-running');
    const done = await waitFor(() => { const r = api.tasks.get(before.key); return r?.status === 'completed' && r; }, { timeoutMs: 60_000, what: 'the task to complete' });
    assert.ok(done.result, 'a result');
    const value = await api.tasks.readResult(done.result) as { content: { text: string }[] };
    assert.equal(value.content[0]?.text, 'Waited 40 seconds.');
    await vscode.commands.executeCommand('mcpTasks.openResult', done);
    // The result opens rendered; the preview loads the result document.
    const doc = await waitFor(() => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'mcp-task'), { timeoutMs: 10_000, what: 'the result document' });
    assert.match(doc.getText(), /Waited 40 seconds\./);
    await workbench.screenshot('background-after-result');
    // The command line is a client of the same host: it lists the window's task, and a task it
    // starts shows up in the window.
    const cli = (args: string[]) => execFileSync(process.execPath, [path.join(repoRoot, 'dist/cli.js'), ...args], { encoding: 'utf8', timeout: 30_000 });
    const listed = cli(['tasks', 'list']);
    assert.match(listed, new RegExp(`^${before.taskId}  completed .* demo  long_wait$`, 'm'));
    const fromTerminal = cli(['call', '--stdio', `${process.execPath} ${path.join(repoRoot, 'dist/demo-server.js')}`, 'quick_summary', '--args', '{"text":"started in a terminal"}', '--detach']).trim();
    await waitFor(() => api.tasks.list().some((r) => r.taskId === fromTerminal), { timeoutMs: 10_000, what: 'the terminal\'s task in the window' });
    await workbench.waitFor('.part.sidebar .monaco-list-row', { text: 'quick_summary' });
    await workbench.screenshot('background-cli-task-in-window');
    // The host's state from the palette command: this window attached, the demo server, nothing live.
    void vscode.commands.executeCommand('mcpTasks.showTaskHost');
    const shown = await notifications.waitFor('Task host: pid', 15_000);
    assert.match(shown, new RegExp(`Task host: pid ${before.hostPid}, up \\d+ (s|min), 1 client\\(s\\), 2 server\\(s\\), \\d live task\\(s\\)`));
    await workbench.screenshot('background-show-task-host');
  });
});
