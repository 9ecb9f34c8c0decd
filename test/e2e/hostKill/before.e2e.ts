import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { waitFor } from '../../support/waitFor';
import { backgroundApi } from '../support/extensionApi';
import { hasWorkbenchControl, notifications, workbench } from '../support/workbench';
import { handOverFile } from './handOver';

// The task host is killed while a task runs on an HTTP server that keeps tasks per session.
describe('task host killed, before: the window says so', () => {
  it('starts simulate-research-query over Streamable HTTP, then the host is killed', async function () {
    if (!hasWorkbenchControl) this.skip();
    const api = await backgroundApi();
    const server = await waitFor(() => api.registry.all().find((s) => s.label === 'everything'), { timeoutMs: 20_000, what: 'the everything server' });
    await server.connect();
    await waitFor(() => server.tools?.some((t) => t.name === 'simulate-research-query'), { timeoutMs: 30_000, what: 'simulate-research-query to be listed' });
    const record = await api.tasks.call(server.id, 'simulate-research-query', { topic: 'tides' }, { mode: 'task' });
    const hostPid = api.host.welcome.pid;
    fs.writeFileSync(handOverFile(), JSON.stringify({ key: record.key, taskId: record.taskId, hostPid }));
    console.log(`  started task ${record.taskId}; killing the task host (pid ${hostPid})`);
    await vscode.commands.executeCommand('workbench.view.extension.mcpTasks');
    process.kill(hostPid, 'SIGKILL');
    // Nothing follows the task or the server until a window reconnects: the views say so, and a
    // warning does (posted as the channel closes; the notification centre opens only once it is there).
    await waitFor(() => api.tasks.get(record.key)?.status === 'connection_lost', { timeoutMs: 10_000, what: 'the task shown as connection lost' });
    assert.equal(server.state.kind, 'error');
    await notifications.waitFor('The MCP task host stopped', 15_000);
    await workbench.screenshot('host-killed');
  });
});
