import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { waitFor } from '../../support/waitFor';
import { backgroundApi, hostPid } from '../support/extensionApi';
import { hasWorkbenchControl, notifications, workbench } from '../support/workbench';
import { handOverFile } from './handOver';

// The task host is killed while a task runs on an HTTP server that keeps tasks per session.
describe('task host killed: the window says so and a new host takes over', () => {
  it('starts simulate-research-query over Streamable HTTP; after kill -9 of the host the task completes on the same session', async function () {
    if (!hasWorkbenchControl) this.skip();
    const api = await backgroundApi();
    const server = await waitFor(() => api.registry.all().find((s) => s.label === 'everything'), { timeoutMs: 20_000, what: 'the everything server' });
    await server.connect();
    await waitFor(() => server.tools?.some((t) => t.name === 'simulate-research-query'), { timeoutMs: 30_000, what: 'simulate-research-query to be listed' });
    const record = await api.tasks.call(server.id, 'simulate-research-query', { topic: 'tides' }, { mode: 'task' });
    const killed = await hostPid(api);
    console.log(`  started task ${record.taskId}; killing the task host (pid ${killed})`);
    await vscode.commands.executeCommand('workbench.view.extension.mcpTasks');
    const lost = new Promise<void>((resolve) => { const sub = api.tasks.onDidChangeTask((r) => { if (r.key === record.key && r.status === 'connection_lost') { sub.dispose(); resolve(); } }); });
    process.kill(killed, 'SIGKILL');
    // The window notices at once (the task is shown as lost until a host follows it again), starts
    // a new host, hands the server over again and says so.
    await lost;
    const shown = await notifications.waitFor('The MCP task host ended unexpectedly', 20_000);
    await workbench.screenshot('host-killed');
    // Said once for the host, not once more per task as a lost server connection.
    assert.equal(await workbench.count('.notifications-center .notification-list-item', 'connection to the server was lost'), 0);
    const successor = await hostPid(api);
    assert.notEqual(successor, killed, 'a new task host');
    assert.match(shown, new RegExp(`A new one \\(pid ${successor}\\) took over`));
    const done = await waitFor(() => { const r = api.tasks.get(record.key); return r && (r.status === 'completed' || r.status === 'expired' || r.status === 'failed') && r; }, { timeoutMs: 40_000, what: 'the task to end' });
    assert.equal(done.status, 'completed', `ended ${done.status}: ${done.error?.message ?? ''}`);
    assert.equal(done.taskId, record.taskId, 'the same task, not run again');
    await waitFor(() => server.state.kind === 'running' || undefined, { timeoutMs: 10_000, what: 'the server running again' });
    fs.writeFileSync(handOverFile(), JSON.stringify({ key: record.key, taskId: record.taskId, hostPid: killed, successor }));
  });
});
