import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from '../../support/waitFor';
import { backgroundApi, hostPid, whenFinished } from '../support/extensionApi';
import { hasWorkbenchControl, workbench } from '../support/workbench';
import { leave, pickUp } from './handOver';

// Two windows open at once on one task host: this one starts a task, the other one sees it live.
describe('two windows, first: starts a task the other window sees', () => {
  it('starts long_wait; the other window shows it running; both see it complete', async function () {
    if (!hasWorkbenchControl) this.skip();
    const api = await backgroundApi();
    const server = await waitFor(() => api.registry.all().find((s) => s.label === 'demo'), { timeoutMs: 20_000, what: 'the demo server' });
    await server.connect();
    const record = await api.tasks.call(server.id, 'long_wait', { seconds: 15 }, { mode: 'task' });
    leave('started', { key: record.key, taskId: record.taskId, hostPid: await hostPid(api) });
    const seen = await pickUp<{ status: string; taskId: string }>('seen', 90_000);
    assert.equal(seen.taskId, record.taskId);
    assert.equal(seen.status, 'working', 'the other window saw it while it ran');
    await vscode.commands.executeCommand('workbench.view.extension.mcpTasks');
    await workbench.waitFor('.part.sidebar .monaco-list-row', { text: 'long_wait' });
    await workbench.screenshot('two-windows-first');
    const done = await whenFinished(api, record.key, 60_000);
    assert.equal(done.status, 'completed');
    const other = await pickUp<{ status: string }>('finished', 60_000);
    assert.equal(other.status, 'completed', 'the other window saw it complete');
  });
});
