import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor, withTimeout } from '../../support/waitFor';
import { windowApi } from '../support/extensionApi';
import { hasWorkbenchControl, workbench } from '../support/workbench';

// Second window on the same profile and workspace: the task is back, tracked to its end.
describe('reload, after: the task survives the window', () => {
  it('shows the task again, resumes tracking, completes, and opens its result', async function () {
    if (!hasWorkbenchControl) this.skip();
    const api = await windowApi();
    console.log(`  ledger: ${api.ledger.dir} (${api.ledger.loadReport.records} records at start)`);
    const record = api.engine.list().find((r) => r.tool === 'job');
    assert.ok(record, 'the task is in the ledger after the reload');
    console.log(`  after reload: task ${record.taskId} is ${record.status}`);
    await vscode.commands.executeCommand('workbench.view.extension.mcpTasks');
    await workbench.waitFor('.part.sidebar .monaco-list-row', { text: 'job' });
    const done = await withTimeout(api.engine.whenFinished(record.key), 60_000, 'the resumed task finished');
    assert.equal(done.status, 'completed');
    await waitFor(() => done.result, { what: 'a stored result' });
    await vscode.commands.executeCommand('mcpTasks.openResult', api.engine.get(record.key));
    // The result opens rendered; the preview loads the result document.
    const doc = await waitFor(() => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'mcp-task'), { timeoutMs: 10_000, what: 'the result document' });
    assert.match(doc.getText(), /resumed and finished/);
    await workbench.screenshot('reload-after-result');
  });
});
