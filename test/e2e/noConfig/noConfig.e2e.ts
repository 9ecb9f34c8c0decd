/**
 * A workspace with no mcp.json and no user configuration: the Servers view says so and offers to
 * create one; its button writes `.vscode/mcp.json` with no servers and opens it, and the
 * walkthrough's first step is then done.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from '../../support/waitFor';
import { extensionApi, workspaceFolder } from '../support/extensionApi';
import { hasWorkbenchControl, workbench } from '../support/workbench';

const WELCOME = '.part.sidebar .welcome-view-content';
const WALKTHROUGH = 'mcp-tasks.mcp-tasks#gettingStarted';
const ADD_SERVER_STEP = 'button.getting-started-step[data-step-id$="addServer"]';

describe('a workspace without mcp.json', () => {
  it('the Servers view offers to create one, and its button does', async function () {
    if (!hasWorkbenchControl) this.skip();
    this.timeout(90_000);
    const file = path.join(workspaceFolder(), '.vscode', 'mcp.json');
    assert.equal(fs.existsSync(file), false, 'the workspace starts without mcp.json');
    await extensionApi();
    // The walkthrough, open from the start, sees the configuration appear.
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, false);
    await workbench.waitFor(ADD_SERVER_STEP, { timeoutMs: 20_000 });
    assert.equal(await workbench.count(`${ADD_SERVER_STEP}[aria-checked="true"]`), 0, '"Add an MCP server" is not done yet');
    await vscode.commands.executeCommand('workbench.view.extension.mcpTasks');
    const welcome = await workbench.waitFor(WELCOME, { text: 'No mcp.json yet', timeoutMs: 20_000 });
    console.log(`  welcome: ${welcome.text.replace(/\n+/g, ' | ')}`);
    await workbench.screenshot('servers-welcome-no-config');

    await workbench.click(`${WELCOME} .monaco-button`, 'Create mcp.json');
    const editor = await waitFor(() => vscode.window.activeTextEditor?.document.uri.fsPath === file && vscode.window.activeTextEditor,
      { what: 'the new mcp.json in the editor', timeoutMs: 15_000 });
    assert.deepEqual(JSON.parse(editor.document.getText()), { servers: {} });
    const after = await workbench.waitFor(WELCOME, { text: 'No MCP servers are configured', timeoutMs: 15_000 });
    console.log(`  welcome after: ${after.text.replace(/\n+/g, ' | ')}`);
    await workbench.screenshot('servers-welcome-config-created');
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, false);
    await workbench.waitFor(`${ADD_SERVER_STEP}[aria-checked="true"]`, { timeoutMs: 10_000 });
    await workbench.screenshot('onboarding-walkthrough-server-added');
  });
});
