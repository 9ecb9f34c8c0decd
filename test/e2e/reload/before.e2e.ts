import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from '../../support/waitFor';
import { windowApi } from '../support/extensionApi';
import { hasWorkbenchControl, workbench } from '../support/workbench';

// First window: start a long task on a server that outlives the window, then the window closes.
describe('reload, before: a task is running when the window closes', () => {
  it('starts a task and leaves it running', async function () {
    if (!hasWorkbenchControl) this.skip();
    const api = await windowApi();
    console.log(`  ledger: ${api.ledger.dir} (${api.ledger.loadReport.records} records at start)`);
    const server = await waitFor(() => api.registry.all().find((s) => s.label === 'shared'), { timeoutMs: 20_000, what: 'the shared server' });
    const record = await api.engine.call(server.id, 'job', { ms: 9000, steps: 9, text: 'resumed and finished' });
    console.log(`  started task ${record.taskId}`);
    await vscode.commands.executeCommand('workbench.view.extension.mcpTasks');
    await workbench.waitFor('.part.sidebar .monaco-list-row', { text: 'job' });
    await waitFor(() => (api.engine.get(record.key)?.progress?.progress ?? 0) >= 1, { timeoutMs: 10_000, what: 'progress' });
    await api.ledger.flush();
    assert.equal(api.engine.get(record.key)?.status, 'working');
    await workbench.screenshot('reload-before');
  });
});
