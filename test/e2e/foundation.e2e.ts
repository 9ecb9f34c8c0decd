import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hasWorkbenchControl, workbench } from './support/workbench';

const EXTENSION_ID = 'mcp-tasks.mcp-tasks';

describe('the extension in a real VS Code', () => {
  it('runs in VS Code 1.139 and activates', async function () {
    console.log(`  VS Code ${vscode.version} (${vscode.env.appName}), remote: ${vscode.env.remoteName ?? 'none'}, ui: ${vscode.UIKind[vscode.env.uiKind]}`);
    assert.match(vscode.version, /^1\.139\./);
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    const started = performance.now();
    await ext.activate();
    console.log(`  activation took ${(performance.now() - started).toFixed(1)} ms (already active: ${ext.isActive})`);
    assert.equal(ext.isActive, true);
  });

  it('registers every contributed command', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed: { command: string }[] = ext.packageJSON.contributes.commands;
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((c) => c.command).filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], 'commands contributed but not registered');
    console.log(`  ${contributed.length} commands registered`);
  });

  it('shows the MCP Tasks container with the Servers and Tasks views', async function () {
    if (!hasWorkbenchControl) this.skip();
    await vscode.commands.executeCommand('workbench.view.extension.mcpTasks');
    const headers = '.part.sidebar .pane-header';
    await workbench.waitFor(headers, { text: 'Servers' });
    await workbench.waitFor(headers, { text: 'Tasks' });
    const title = await workbench.waitFor('.part.sidebar .composite.title', { text: 'MCP TASKS' });
    assert.match(title.text, /MCP TASKS/i);
    const shot = await workbench.screenshot('workbench-mcp-tasks');
    console.log(`  screenshot: ${shot.path}`);
  });
});
