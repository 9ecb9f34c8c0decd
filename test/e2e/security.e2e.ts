/**
 * Hostile text in a real VS Code: a server puts a command link, an icon and a remote image into its
 * failure text, its question and its result, and a workspace puts a command link into a server's
 * command line. The notifications show the link as text (no anchor that could run the command),
 * and the result document, in the Markdown preview too, refers to no remote image the preview
 * would fetch.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { McpTasksApi } from '../../src/extension';
import { waitFor } from '../support/waitFor';
import { answerConsent, connectUntilListed, extensionApi, leaveUserServers, repoRoot, setSetting, useUserServers, whenFinished, workspaceFolder, writeWorkspaceConfig } from './support/extensionApi';
import { hasWorkbenchControl, notifications, resetWorkbench, webview, workbench } from './support/workbench';

const SERVER = 'hostile';
const WORKSPACE_SERVER = 'lure';
const COMMAND_LINK = '[Open settings](command:workbench.action.openSettings?%22x%22)';
const REMOTE_IMAGE = '![pixel](https://tracker.invalid/pixel.png)';
/** What the server writes everywhere: its failure, its question, its result. */
const HOSTILE_TEXT = `Build failed: ${COMMAND_LINK} $(alert) ${REMOTE_IMAGE}`;
const MESSAGE = '.notifications-center .notification-list-item-message';

/** The text a notification shows, without the invisible joiners that keep link syntax from forming. */
const visible = (text: string) => text.replace(/\u2060/g, '');

/** Anchors with a command: target and rendered icons inside notification messages. */
async function liveSyntaxInNotifications(): Promise<{ commandLinks: number; icons: number }> {
  return {
    commandLinks: await workbench.count(`${MESSAGE} a[href^="command:"]`),
    icons: await workbench.count(`${MESSAGE} .codicon`),
  };
}

describe('hostile text in a real VS Code', function () {
  let api: McpTasksApi;
  let serverId: string;

  before(async function () {
    if (!hasWorkbenchControl) this.skip();
    this.timeout(90_000);
    api = await extensionApi();
    await useUserServers(api, 'user-mcp-security.json', {
      [SERVER]: {
        type: 'stdio', command: process.execPath,
        args: [path.join(repoRoot, 'out/test/fixtures/servers/hostileTextServer.js')], env: { HOSTILE_TEXT },
      },
    });
    serverId = await connectUntilListed(api, SERVER, 'fail');
    // A question without fields is asked in a notification with this front end.
    await setSetting('mcpTasks.elicitation.ui', 'quickInput');
    await vscode.commands.executeCommand('workbench.view.extension.mcpTasks');
    await resetWorkbench();
  });

  after(async () => {
    await resetWorkbench();
    await setSetting('mcpTasks.elicitation.ui', undefined);
    await leaveUserServers(api, [SERVER]);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await workbench.screenshot(`security-failure-${this.currentTest.title.slice(0, 24)}`);
      await notifications.show();
      console.log(`  [after failure] notifications: ${(await workbench.texts(MESSAGE)).join(' | ')}`);
    }
    await resetWorkbench();
  });

  it('fault: hostile text: a tool\'s error text in the failure alert shows its command link and icon as plain text', async function () {
    this.timeout(60_000);
    const call = await api.tasks.call(serverId, 'fail', {}, { mode: 'task' });
    const final = await whenFinished(api, call.key, 30_000);
    assert.equal(final.status, 'failed');
    const note = visible(await notifications.waitFor(`${SERVER} · fail failed`));
    console.log(`  failure alert: ${note.replace(/\n+/g, ' | ')}`);
    assert.ok(note.includes(`fail failed: ${HOSTILE_TEXT}`), 'the alert reads as the server wrote it');
    assert.deepEqual(await liveSyntaxInNotifications(), { commandLinks: 0, icons: 0 }, 'no link runs a command, no icon is drawn');
    await workbench.screenshot('security-failure-alert');
  });

  it('fault: hostile text: an elicitation message shows its command link as plain text; the result document loads no remote image, in the preview neither', async function () {
    this.timeout(90_000);
    const call = await api.tasks.call(serverId, 'greet', {}, { mode: 'task' });
    await notifications.click(`${SERVER} · greet needs your input`, 'Answer');
    const question = visible(await notifications.waitFor(`${SERVER} · greet: Build failed`));
    console.log(`  question: ${question.replace(/\n+/g, ' | ')}`);
    assert.ok(question.includes(HOSTILE_TEXT), 'the question reads as the server wrote it');
    assert.deepEqual(await liveSyntaxInNotifications(), { commandLinks: 0, icons: 0 });
    await workbench.screenshot('security-question');
    await notifications.click(`${SERVER} · greet: Build failed`, 'Accept');
    const final = await whenFinished(api, call.key, 30_000);
    assert.equal(final.status, 'completed');
    await notifications.hide();

    await vscode.commands.executeCommand('mcpTasks.openResult', call.key);
    const doc = await waitFor(() => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'mcp-task' && d.uri.query.includes(encodeURIComponent(call.taskId))),
      { what: 'the result document', timeoutMs: 10_000 });
    const source = doc.getText();
    console.log(`  result document: ${source.replace(/\n+/g, ' | ')}`);
    assert.match(source, /tracker\.invalid\/pixel\.png/, 'the address is in the document, as text');
    assert.doesNotMatch(source, /\]\(https?:|<img/i, 'no image or link syntax points at it');
    assert.doesNotMatch(source, /\]\(command:/, 'no link runs a command');

    await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
    const shown = await webview.waitFor('body', { text: 'tracker.invalid', timeoutMs: 20_000 });
    console.log(`  preview: ${shown.text.replace(/\n+/g, ' | ')}`);
    assert.ok(visible(shown.text).includes(REMOTE_IMAGE), 'the preview shows the image reference as text');
    assert.equal(await webview.count('img'), 0, 'the preview has no image to fetch');
    assert.equal(await webview.count('a[href^="command:"]'), 0, 'the preview has no command link');
    await workbench.screenshot('security-result-preview');
  });

  it('fault: hostile text: a command link in a workspace server\'s command line is plain text in the consent prompt', async function () {
    this.timeout(60_000);
    const file = path.join(workspaceFolder(), '.vscode', 'mcp.json');
    const before = await fs.readFile(file, 'utf8').catch(() => undefined);
    try {
      await writeWorkspaceConfig({ servers: { [WORKSPACE_SERVER]: { type: 'stdio', command: process.execPath, args: ['-e', '0', COMMAND_LINK, '$(alert)'], autoStart: true } } });
      const prompt = visible(await notifications.waitFor(`Start MCP server '${WORKSPACE_SERVER}'`));
      console.log(`  consent: ${prompt.replace(/\n+/g, ' | ')}`);
      assert.ok(prompt.includes(`${JSON.stringify(COMMAND_LINK)} $(alert)`), 'the prompt shows the command line as written');
      assert.deepEqual(await liveSyntaxInNotifications(), { commandLinks: 0, icons: 0 });
      await workbench.screenshot('security-consent');
      await answerConsent(WORKSPACE_SERVER, "Don't Start");
    } finally {
      // The workspace's own configuration, as the next suites expect it.
      if (before === undefined) await fs.rm(file, { force: true });
      else await fs.writeFile(file, before);
      await waitFor(() => !api.registry.all().some((s) => s.label === WORKSPACE_SERVER), { what: `${WORKSPACE_SERVER} to be removed`, timeoutMs: 20_000 });
    }
  });
});
