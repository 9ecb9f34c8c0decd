import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { McpTasksApi } from '../../src/extension';
import { waitFor } from '../support/waitFor';
import { answerConsent, connectUntilListed, demoServer, everythingServer, extensionApi, leaveUserServers, repoRoot, useUserServers, workspaceFolder, writeWorkspaceConfig } from './support/extensionApi';
import { hasWorkbenchControl, notifications, rowTooltip, workbench } from './support/workbench';

const sidebarRow = '.part.sidebar .monaco-list-row';

describe('servers from the workspace mcp.json', function () {
  let api: McpTasksApi;
  const stateOf = (name: string) => api.registry.all().find((c) => c.label === name)?.state.kind;

  before(async function () {
    if (!hasWorkbenchControl) this.skip();
    api = await extensionApi();
    await vscode.commands.executeCommand('workbench.view.extension.mcpTasks');
  });

  after(async () => {
    await writeWorkspaceConfig({ servers: {} });
    if (api) await waitFor(() => api.registry.all().length === 0, { timeoutMs: 20_000, what: 'servers removed' });
  });

  it("asks before starting a workspace server, showing the command; Don't Start leaves it stopped", async () => {
    await writeWorkspaceConfig({ servers: { demo: { ...demoServer(), autoStart: true } } });
    const text = await notifications.waitFor("Start MCP server 'demo'");
    assert.match(text, /It will run: .*demo-server\.js/, 'the prompt shows the exact command line');
    await workbench.screenshot('servers-consent-prompt');
    await answerConsent('demo', "Don't Start");
    const state = await waitFor(() => {
      const s = api.registry.all().find((c) => c.label === 'demo')?.state;
      return s?.kind === 'stopped' && s.reason ? s : undefined;
    }, { timeoutMs: 20_000, what: 'demo stopped with a reason' });
    assert.match(state.reason ?? '', /not allowed/);
    await notifications.clearAll();
  });

  it('shows both servers with their tools; editing one restarts only that one', async () => {
    await writeWorkspaceConfig({ servers: { demo: { ...demoServer(), autoStart: true }, everything: { ...everythingServer(), autoStart: true } } });
    await answerConsent('everything', 'Allow and Start');
    // demo's definition did not change, so it stays stopped (as the user left it) until started.
    const demoId = api.registry.all().find((c) => c.label === 'demo')!.id;
    const starting = vscode.commands.executeCommand('mcpTasks.startServer', { kind: 'server', server: api.registry.snapshot().find((s) => s.id === demoId) });
    await answerConsent('demo', 'Allow and Start');
    await starting;
    await notifications.hide();
    await waitFor(() => stateOf('demo') === 'running' && stateOf('everything') === 'running', { timeoutMs: 60_000, what: 'both servers running' });
    const everything = api.registry.all().find((c) => c.label === 'everything')!;
    await waitFor(() => everything.tools?.some((t) => t.name === 'simulate-research-query'), { timeoutMs: 30_000, what: 'everything tools' });
    const firstSession = everything.session;

    await expandRow('demo');
    await workbench.waitFor(sidebarRow, { text: 'slow_report' });
    await expandRow('everything');
    // The list is virtualised: check a tool that sorts early enough to be on screen.
    await workbench.waitFor(sidebarRow, { text: 'get-sum' });
    // The view catches up with the state asynchronously (a row's text is its label then its description).
    await workbench.waitFor(sidebarRow, { text: 'demorunning', timeoutMs: 10_000 });
    const rows = await workbench.texts(sidebarRow);
    console.log(`  Servers view rows: ${rows.slice(0, 6).map((r) => r.replace(/\s+/g, ' ')).join(' | ')}`);
    assert.ok(rows.some((r) => /demo/.test(r) && /running/.test(r)), 'demo shows as running');
    assert.ok(rows.some((r) => /slow_report/.test(r) && /task: required/.test(r)), 'tools show their task support');
    await workbench.screenshot('servers-view');

    const demoBefore = api.registry.all().find((c) => c.label === 'demo')!;
    await writeWorkspaceConfig({ servers: { demo: { ...demoServer({ DEMO_EDITED: '1' }), autoStart: true }, everything: { ...everythingServer(), autoStart: true } } });
    await answerConsent('demo', 'Allow and Start');
    await notifications.hide();
    const demoAfter = await waitFor(() => {
      const c = api.registry.all().find((s) => s.label === 'demo');
      return c && c !== demoBefore && c.state.kind === 'running' ? c : undefined;
    }, { timeoutMs: 30_000, what: 'the edited server restarted' });
    assert.notEqual(demoAfter, demoBefore);
    assert.equal(api.registry.all().find((c) => c.label === 'everything'), everything, 'the other server kept its connection');
    assert.equal(everything.session, firstSession, 'the other server kept its session');
    assert.equal(everything.state.kind, 'running');
  });

  it('a server waiting for permission says so on its row, with the command that will run; Allow on the row starts it and the notification stops counting', async () => {
    await writeWorkspaceConfig({ servers: { asking: askingServer() } });
    const note = await notifications.waitFor("Start MCP server 'asking'");
    console.log(`  consent notification: ${note.replace(/\n/g, ' | ')}`);
    const resolved = `${workspaceFolder()}/${demoScriptFromWorkspace()}`;
    assert.ok(note.includes(`It will run: ${process.execPath} ${resolved}`), 'the command line as it will run');
    assert.ok(note.includes(`(written as: ${process.execPath} \${workspaceFolder}/${demoScriptFromWorkspace()})`), 'and as written');
    await notifications.hide();
    const row = await workbench.waitFor(sidebarRow, { text: 'waiting for your permission' });
    // With the background task host (this suite's mode) the connection stays stopped until the hand-over.
    console.log(`  row: ${row.text.replace(/\n/g, ' ')} (tasks in the ${api.mode} host; the connection is ${stateOf('asking')})`);
    assert.match(row.text, /asking\s*waiting for your permission/);
    assert.notEqual(stateOf('asking'), 'running');
    await workbench.screenshot('servers-consent-waiting');
    // Pointing at the row shows its answers and its tooltip.
    const tip = await rowTooltip(sidebarRow, 'asking', 'It will run');
    console.log(`  tooltip: ${tip.replace(/\n/g, ' | ')}`);
    assert.ok(tip.includes('waiting for your permission to start'));
    assert.ok(tip.includes(resolved), 'the tooltip shows what will run');
    assert.ok(tip.includes('Written as:'));
    assert.match(tip, /Allow and Start · Don't Start/);
    await workbench.waitFor(`${sidebarRow} .actions .action-label`, { text: 'Allow' });
    await workbench.screenshot('servers-consent-row');
    await workbench.click(`${sidebarRow} .actions .action-label`, 'Allow');
    await waitFor(() => stateOf('asking') === 'running', { timeoutMs: 30_000, what: 'the allowed server running' });
    await workbench.waitFor(sidebarRow, { text: 'askingrunning', timeoutMs: 10_000 });
    // The notification is still in the centre (VS Code cannot take one back); its answer no longer counts.
    await answerConsent('asking', "Don't Start");
    await notifications.hide();
    assert.equal(stateOf('asking'), 'running', 'a late answer in the notification changes nothing');
    assert.equal(await workbench.count(sidebarRow, 'waiting for your permission'), 0);
    await notifications.clearAll();
  });

  it("answering in the notification ends the row's question too", async () => {
    await writeWorkspaceConfig({ servers: { asking: askingServer({ DEMO_EDITED: '1' }) } });
    await workbench.waitFor(sidebarRow, { text: 'waiting for your permission', timeoutMs: 20_000 });
    await answerConsent('asking', "Don't Start");
    await notifications.hide();
    await workbench.waitFor(sidebarRow, { text: 'not allowed', timeoutMs: 10_000 });
    assert.equal(await workbench.count(sidebarRow, 'waiting for your permission'), 0);
    assert.equal(stateOf('asking'), 'stopped');
    await notifications.clearAll();
  });

  it("the row's tooltip answers too: its Don't Start link ends the question", async () => {
    await writeWorkspaceConfig({ servers: { asking: askingServer({ DEMO_EDITED: '2' }) } });
    await workbench.waitFor(sidebarRow, { text: 'waiting for your permission', timeoutMs: 20_000 });
    await notifications.hide();
    await rowTooltip(sidebarRow, 'asking', 'It will run');
    await workbench.click('.monaco-hover a, .workbench-hover a', "Don't Start");
    await workbench.waitFor(sidebarRow, { text: 'not allowed', timeoutMs: 10_000 });
    assert.equal(stateOf('asking'), 'stopped');
    assert.equal(await workbench.count(sidebarRow, 'waiting for your permission'), 0);
    await notifications.clearAll();
  });

  it('a workspace cannot make its own file the user configuration (whose servers start without asking)', async () => {
    const settingsFile = path.join(workspaceFolder(), '.vscode', 'settings.json');
    const planted = path.join(workspaceFolder(), '.vscode', 'planted-mcp.json');
    await fs.writeFile(planted, JSON.stringify({ servers: { planted: { ...demoServer(), autoStart: true } } }));
    // A setting a workspace may set rides along: once it is in effect, VS Code has read the file.
    await fs.writeFile(settingsFile, JSON.stringify({ 'mcpTasks.userConfigPath': planted, 'mcpTasks.alerts.completed': false }));
    try {
      const section = () => vscode.workspace.getConfiguration('mcpTasks');
      await waitFor(() => section().inspect<boolean>('alerts.completed')?.workspaceValue === false, { timeoutMs: 20_000, what: 'VS Code to read the workspace settings' });
      assert.equal(section().inspect<string>('userConfigPath')?.workspaceValue, undefined, 'the workspace value is ignored');
      assert.equal(section().get<string>('userConfigPath'), '', 'the workspace value is not in effect');
      // A server added to mcp.json after the setting shows that the configuration was read again since.
      await writeWorkspaceConfig({ servers: { marker: { ...demoServer() } } });
      await waitFor(() => api.registry.all().some((s) => s.label === 'marker'), { timeoutMs: 20_000, what: 'the marker server' });
      assert.deepEqual(api.registry.all().map((s) => s.label), ['marker'], 'no server from the planted file');
      await workbench.waitFor(sidebarRow, { text: 'marker' });
      // A tooltip an earlier test left open would cover the list.
      await workbench.hover('[id="workbench.parts.statusbar"]');
      await workbench.screenshot('servers-planted-user-config-ignored');
    } finally {
      await fs.rm(settingsFile, { force: true });
      await fs.rm(planted, { force: true });
      await writeWorkspaceConfig({ servers: {} });
      await waitFor(() => api.registry.all().length === 0, { timeoutMs: 20_000, what: 'servers removed' });
    }
  });

  it('reports a broken mcp.json precisely in the Servers view and the Problems panel, keeping valid servers', async () => {
    const file = await writeWorkspaceConfig({ servers: { good: { ...demoServer() }, bad: { type: 'stdio' }, worse: { type: 'carrier-pigeon', url: 'x' } } });
    const problems = await waitFor(() => {
      const list = vscode.languages.getDiagnostics(vscode.Uri.file(file));
      return list.length >= 2 ? list : undefined;
    }, { timeoutMs: 20_000, what: 'diagnostics for mcp.json' });
    const messages = problems.map((d) => d.message).join('\n');
    console.log(`  diagnostics:\n    ${messages.split('\n').join('\n    ')}`);
    assert.match(messages, /server "bad"/);
    assert.match(messages, /server "worse"/);
    assert.ok(api.registry.all().some((c) => c.label === 'good'), 'the valid server is still there');
    await workbench.waitFor(sidebarRow, { text: 'server "bad"' });
    await workbench.screenshot('servers-config-problems');
    await fs.writeFile(file, '{ "servers": { "good": ');
    await waitFor(() => vscode.languages.getDiagnostics(vscode.Uri.file(file)).some((d) => /JSON|expected|end/i.test(d.message)),
      { timeoutMs: 20_000, what: 'a diagnostic for invalid JSON' });
  });

  it("the ▶ on a tool's row starts Call Tool at that tool's first argument, without asking for the tool", async () => {
    await writeWorkspaceConfig({ servers: {} });
    await useUserServers(api, 'user-mcp-inline-call.json', { inlinedemo: demoServer() });
    try {
      await connectUntilListed(api, 'inlinedemo', 'echo');
      await vscode.commands.executeCommand('workbench.view.extension.mcpTasks');
      await expandRow('inlinedemo');
      // The row's inline actions show while the pointer is on it.
      const CALL = '.actions .action-label[aria-label^="Call Tool"]';
      await workbench.hover(sidebarRow, 'echo');
      await workbench.click(CALL, undefined, 10_000, { selector: sidebarRow, text: 'echo' });
      const title = await workbench.waitFor('.quick-input-widget .quick-input-title', { text: 'echo', timeoutMs: 20_000 });
      const message = await workbench.waitFor('.quick-input-widget .quick-input-message', { text: 'text', timeoutMs: 10_000 });
      console.log(`  first step: ${title.text} | ${message.text.replace(/\n/g, ' ')}`);
      assert.match(title.text, /inlinedemo · echo/);
      assert.equal(await workbench.count('.quick-input-widget .quick-input-list .monaco-list-row', 'slow_report'), 0, 'no tool picker');
      await workbench.screenshot('servers-inline-call-tool');
      await workbench.press('Escape');
      await workbench.waitFor('.quick-input-widget', { state: 'hidden', timeoutMs: 10_000 });
    } finally {
      await leaveUserServers(api, ['inlinedemo']);
    }
  });
});

function demoScriptFromWorkspace(): string {
  return path.relative(workspaceFolder(), path.join(repoRoot, 'dist/demo-server.js')).split(path.sep).join('/');
}

/** The demo server written with a variable, as a workspace would: `${workspaceFolder}/…/demo-server.js`. */
function askingServer(env: Record<string, string> = {}) {
  return { type: 'stdio', command: process.execPath, args: [`\${workspaceFolder}/${demoScriptFromWorkspace()}`], env, autoStart: true };
}

/**
 * Expands a server's row. A click that lands while the tree re-renders (a state change) can be
 * lost, and a second click would collapse a row the first one did expand: go by aria-expanded.
 */
async function expandRow(label: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await workbench.count(`${sidebarRow}[aria-expanded="true"]`, label) > 0) return;
    await workbench.click(`${sidebarRow}[aria-expanded="false"]`, label).catch(() => undefined);
    const expanded = await workbench.waitFor(`${sidebarRow}[aria-expanded="true"]`, { text: label, timeoutMs: 3_000 }).then(() => true, () => false);
    if (expanded) return;
  }
  throw new Error(`the ${label} row did not expand`);
}
