import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { waitFor } from '../../support/waitFor';
import { backgroundApi, hostPid } from '../support/extensionApi';
import { hasWorkbenchControl, workbench } from '../support/workbench';
import { handOverFile } from './handOver';


// First window, tasks in the background task host: a long task on a stdio server, then the window closes.
describe('background task host, before: a task runs when the window closes', () => {
  it('starts long_wait on the stdio demo server and leaves it running', async function () {
    if (!hasWorkbenchControl) this.skip();
    const api = await backgroundApi();
    console.log(`  task host pid ${await hostPid(api)}, home ${api.link.client?.welcome.home}`);
    const server = await waitFor(() => api.registry.all().find((s) => s.label === 'demo'), { timeoutMs: 20_000, what: 'the demo server' });
    const record = await api.tasks.call(server.id, 'long_wait', { seconds: 40 }, { mode: 'task' });
    // This one ends while no window is open.
    const short = await api.tasks.call(server.id, 'long_wait', { seconds: 2 }, { mode: 'task' });
    console.log(`  started task ${record.taskId}`);
    await vscode.commands.executeCommand('workbench.view.extension.mcpTasks');
    await workbench.waitFor('.part.sidebar .monaco-list-row', { text: 'long_wait' });
    await waitFor(() => (api.tasks.get(record.key)?.progress?.progress ?? 0) >= 1, { timeoutMs: 10_000, what: 'progress' });
    assert.equal(api.tasks.get(record.key)?.status, 'working');
    assert.ok(server.pid, 'the host runs the server process');
    fs.writeFileSync(handOverFile(), JSON.stringify({ shortKey: short.key, key: record.key, taskId: record.taskId, createdAt: record.createdAt, serverPid: server.pid, hostPid: await hostPid(api) }));
    await workbench.screenshot('background-before');
  });
});
