import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from '../../support/waitFor';
import { backgroundApi, hostPid, whenFinished } from '../support/extensionApi';
import { hasWorkbenchControl, workbench } from '../support/workbench';
import { leave, pickUp } from './handOver';

// The second window, open at the same time: the task the first one started is in its Tasks view.
describe('two windows, second: sees the other window\'s task live', () => {
  it('shows the running task of the other window, then its completion', async function () {
    if (!hasWorkbenchControl) this.skip();
    const api = await backgroundApi();
    const started = await pickUp<{ key: string; taskId: string; hostPid: number }>('started', 90_000);
    assert.equal(await hostPid(api), started.hostPid, 'one task host for both windows');
    const live = await waitFor(() => { const r = api.tasks.get(started.key); return r?.status === 'working' && r; }, { timeoutMs: 20_000, what: 'the other window\'s task, running' });
    await vscode.commands.executeCommand('workbench.view.extension.mcpTasks');
    await workbench.waitFor('.part.sidebar .monaco-list-row', { text: 'long_wait' });
    await workbench.screenshot('two-windows-second');
    leave('seen', { status: live.status, taskId: live.taskId });
    const done = await whenFinished(api, started.key, 60_000);
    assert.equal(done.taskId, started.taskId);
    leave('finished', { status: done.status });
    assert.equal(done.status, 'completed');
  });
});
