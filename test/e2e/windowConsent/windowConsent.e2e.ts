// With tasks in the window itself (mcpTasks.taskHost = window) the server's own connection waits
// for consent while it is "starting": its row must still say that it waits for the user.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WindowModeApi } from '../../../src/extension';
import { waitFor } from '../../support/waitFor';
import { repoRoot, windowApi, workspaceFolder, writeWorkspaceConfig } from '../support/extensionApi';
import { hasWorkbenchControl, notifications, workbench } from '../support/workbench';

const ROWS = '.part.sidebar .monaco-list-row';

describe('consent with tasks in the window', function () {
  let api: WindowModeApi;

  before(async function () {
    if (!hasWorkbenchControl) this.skip();
    api = await windowApi();
    await vscode.commands.executeCommand('workbench.view.extension.mcpTasks');
  });

  after(async () => {
    await writeWorkspaceConfig({ servers: {} });
  });

  it('the row of a server waiting for permission says so while its connection is starting; Allow on the row starts it', async () => {
    const script = path.relative(workspaceFolder(), path.join(repoRoot, 'dist/demo-server.js')).split(path.sep).join('/');
    // Written the moment the window is ready, possibly before the config watcher is live: the
    // configuration's catch-up read must still find it.
    await writeWorkspaceConfig({ servers: { asking: { type: 'stdio', command: process.execPath, args: [`\${workspaceFolder}/${script}`], autoStart: true } } });
    await notifications.waitFor("Start MCP server 'asking'");
    await notifications.hide();
    const server = await waitFor(() => api.registry.all().find((s) => s.label === 'asking'), { what: 'the asking server', timeoutMs: 20_000 });
    const row = await workbench.waitFor(ROWS, { text: 'waiting for your permission', timeoutMs: 20_000 });
    console.log(`  row: ${row.text.replace(/\n/g, ' ')} (the connection is ${server.state.kind})`);
    assert.equal(server.state.kind, 'starting', 'in the window the connection starts, then asks');
    assert.doesNotMatch(row.text, /starting/);
    await workbench.hover(ROWS, 'asking');
    await workbench.waitFor(`${ROWS} .actions .action-label`, { text: 'Allow' });
    await workbench.screenshot('servers-consent-row-window');
    await workbench.click(`${ROWS} .actions .action-label`, 'Allow');
    await waitFor(() => server.state.kind === 'running', { what: 'the allowed server running', timeoutMs: 30_000 });
    await workbench.waitFor(ROWS, { text: 'askingrunning', timeoutMs: 10_000 });
  });
});
