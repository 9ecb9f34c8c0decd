import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from '../../support/waitFor';
import { demoServer, extensionApi, writeWorkspaceConfig } from '../support/extensionApi';
import { hasWorkbenchControl, workbench } from '../support/workbench';

describe('an untrusted workspace', () => {
  it('starts no workspace server, and says why', async function () {
    if (!hasWorkbenchControl) this.skip();
    assert.equal(vscode.workspace.isTrusted, false, 'this window opened the workspace untrusted');
    const api = await extensionApi();
    await writeWorkspaceConfig({ servers: { local: { ...demoServer(), autoStart: true } } });
    const server = await waitFor(() => api.registry.all().find((s) => s.label === 'local'), { timeoutMs: 20_000, what: 'the server from mcp.json' });
    await assert.rejects(server.connect(), /not trusted/);
    const state = server.state;
    assert.equal(state.kind, 'stopped');
    assert.match(state.kind === 'stopped' ? state.reason ?? '' : '', /not trusted/);
    assert.equal(server.pid, undefined, 'no process was started');
    await vscode.commands.executeCommand('workbench.view.extension.mcpTasks');
    await workbench.waitFor('.part.sidebar .monaco-list-row', { text: 'local' });
    await workbench.screenshot('untrusted-workspace');
  });
});
