import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { waitFor } from '../../support/waitFor';
import { backgroundApi, hostPid } from '../support/extensionApi';
import { hasWorkbenchControl, workbench } from '../support/workbench';
import { handOverFile } from './handOver';

// The next window joins the host that took over and shows the result of the task the killed one started.
describe('task host killed, after: the next window shows the result', () => {
  it('reads the result of the task the killed host started', async function () {
    if (!hasWorkbenchControl) this.skip();
    const api = await backgroundApi();
    const before = JSON.parse(fs.readFileSync(handOverFile(), 'utf8')) as { key: string; taskId: string; hostPid: number; successor: number };
    assert.equal(await hostPid(api), before.successor, 'the host that took over');
    const done = await waitFor(() => { const r = api.tasks.get(before.key); return r && (r.status === 'completed' || r.status === 'expired' || r.status === 'failed') && r; }, { timeoutMs: 40_000, what: 'the task to end' });
    assert.equal(done.status, 'completed', `ended ${done.status}: ${done.error?.message ?? ''}`);
    assert.equal(done.taskId, before.taskId);
    const value = await api.tasks.readResult(done.result!) as { content: { text: string }[] };
    assert.match(value.content[0]?.text ?? '', /^# Research Report: tides$/m);
    await vscode.commands.executeCommand('workbench.view.extension.mcpTasks');
    await workbench.waitFor('.part.sidebar .monaco-list-row', { text: 'simulate-research-query' });
    await workbench.screenshot('host-restarted-result');
  });
});
