/**
 * Every command the Command Palette offers, run from the palette with nothing chosen: each must
 * show something (a pick, an input, a message, an editor, a panel, a dialog), never nothing and
 * never an error. The list comes from package.json, so a new command is covered when it is added.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { connectUntilListed, demoServer, extensionApi, leaveUserServers, repoRoot, useUserServers, workspaceFolder } from './support/extensionApi';
import { hasWorkbenchControl, notifications, resetWorkbench, workbench } from './support/workbench';

interface CommandEntry { command: string; title: string; category?: string }
interface Manifest { contributes: { commands: CommandEntry[]; menus: { commandPalette?: { command: string; when?: string }[] } } }

/** Palette conditions other than "always" and "never", and why they are false in this test. */
const CONDITIONAL: Record<string, string> = {
  'resourceScheme == mcp-task': 'only with a result document in the editor; every editor is closed here',
};

/**
 * Commands that open something the test has to close, and what that is. Stop Task Host asks in
 * a notification that is dismissed, never answered (the rest of the suite uses the host).
 */
const OPENS: Record<string, readonly Outcome[]> = {
  'mcpTasks.callTool': ['quick input', 'notification'],
  'mcpTasks.filterTasks': ['quick input'],
  'mcpTasks.stopTaskHost': ['notification'],
  'mcpTasks.createConfig': ['editor'],
  'mcpTasks.openUserConfig': ['editor'],
  'mcpTasks.showOutput': ['panel'],
};

type Outcome = 'quick input' | 'dialog' | 'editor' | 'panel' | 'chat' | 'status bar message' | 'notification';

const SERVER = 'palettedemo';
const QUICK_INPUT = '.quick-input-widget:visible';
const QUICK_ROW = '.quick-input-widget .quick-input-list .monaco-list-row';
// Messages sit on the left; the right side changes with the editor (line, column, language).
const STATUS = '[id="workbench.parts.statusbar"] .left-items .statusbar-item';
const NOTE = '.notifications-center .notification-list-item';

function paletteCommands(): CommandEntry[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
  const when = new Map((manifest.contributes.menus.commandPalette ?? []).map((e) => [e.command, e.when]));
  const unknown = [...when.values()].filter((w) => w !== undefined && w !== 'false' && !(w in CONDITIONAL));
  assert.deepEqual(unknown, [], 'a palette condition this test does not know: say in CONDITIONAL whether it holds here');
  return manifest.contributes.commands.filter((c) => !when.has(c.command) || when.get(c.command) === undefined);
}

const isVisible = async (selector: string, text?: string) => (await workbench.count(selector, text)) > 0;

/**
 * What the command showed, looked for until `timeoutMs`; notifications are looked at last (the
 * centre takes focus). With `only`, nothing else counts: a status bar item that earlier tests'
 * tasks change meanwhile is not what a command that opens a pick showed.
 */
async function whatShowed(paletteLabel: string, statusBefore: ReadonlySet<string>, only?: readonly Outcome[], timeoutMs = 15_000): Promise<{ outcome: Outcome; text: string } | undefined> {
  const deadline = Date.now() + timeoutMs;
  const may = (outcome: Outcome) => !only || only.includes(outcome);
  const started = Date.now();
  while (Date.now() < deadline) {
    // The palette itself is a quick input: a new one no longer lists the command that was run.
    if (may('quick input') && await isVisible(QUICK_INPUT) && !(await isVisible(QUICK_ROW, paletteLabel))) {
      return { outcome: 'quick input', text: (await workbench.texts('.quick-input-widget:visible')).join(' ') };
    }
    if (may('dialog') && await isVisible('.monaco-dialog-box:visible')) return { outcome: 'dialog', text: (await workbench.texts('.monaco-dialog-box')).join(' ') };
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    if (may('editor') && tabs.length > 0) return { outcome: 'editor', text: tabs.map((t) => t.label).join(', ') };
    if (may('panel') && await isVisible('[id="workbench.parts.panel"]:visible')) return { outcome: 'panel', text: (await workbench.texts('[id="workbench.parts.panel"] .composite.title')).join(' ') };
    if (may('chat') && await isVisible('[id="workbench.parts.auxiliarybar"]:visible', 'Chat')) return { outcome: 'chat', text: 'chat view' };
    // Counters on the left (problems, ports) change by themselves: a message has words.
    const fresh = (await workbench.texts(STATUS)).map((t) => t.trim()).filter((t) => /\p{L}{2,}/u.test(t) && !statusBefore.has(t));
    if (may('status bar message') && fresh.length > 0) return { outcome: 'status bar message', text: fresh.join(' | ') };
    if (may('notification') && Date.now() - started > 1_500) {
      await notifications.show();
      const notes = await workbench.texts(NOTE);
      if (notes.length > 0) return { outcome: 'notification', text: notes.join(' | ') };
    }
  }
  return undefined;
}

/** Moves the palette's focus to the row that is exactly `label` (a longer title may sort first) and runs it. */
async function runFocusedRow(label: string): Promise<void> {
  await workbench.waitFor(QUICK_ROW, { text: label });
  for (let moves = 0; moves < 10; moves++) {
    const focused = (await workbench.texts(`${QUICK_ROW}.focused`))[0] ?? '';
    if (focused.split('\n')[0].trim() === label) {
      await workbench.press('Enter');
      return;
    }
    await workbench.press('ArrowDown');
  }
  throw new Error(`no palette row reads exactly "${label}"`);
}

/** Closes whatever a command opened, and waits until it is gone. */
async function closeEverything(): Promise<void> {
  for (let attempt = 0; attempt < 3 && (await isVisible(QUICK_INPUT) || await isVisible('.monaco-dialog-box:visible')); attempt++) {
    await workbench.press('Escape');
  }
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  await workbench.waitFor('.monaco-dialog-box', { state: 'hidden', timeoutMs: 10_000 });
  await workbench.waitFor('.quick-input-widget', { state: 'hidden', timeoutMs: 10_000 });
  await vscode.commands.executeCommand('workbench.action.closePanel');
  await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
  await resetWorkbench();
}

describe('every palette command acts or says why not', function () {
  const createdConfig = path.join(workspaceFolder(), '.vscode', 'mcp.json');
  let hadConfig = true;

  before(async function () {
    if (!hasWorkbenchControl) this.skip();
    hadConfig = fs.existsSync(createdConfig);
    await closeEverything();
  });

  after(async () => {
    // "Add MCP Server Configuration" creates the workspace file; leave the workspace as found.
    if (!hadConfig) fs.rmSync(createdConfig, { force: true });
  });

  it('in the workspace as the suite finds it: each palette command, run with nothing chosen, shows something', async function () {
    this.timeout(60_000 + paletteCommands().length * 30_000);
    await runEveryCommand('as found');
  });

  it('with a running server: each palette command, run with nothing chosen, shows something', async function () {
    this.timeout(120_000 + paletteCommands().length * 30_000);
    const api = await extensionApi();
    await useUserServers(api, 'user-mcp-palette.json', { [SERVER]: demoServer() });
    try {
      await connectUntilListed(api, SERVER, 'echo');
      await runEveryCommand('running server');
    } finally {
      await leaveUserServers(api, [SERVER]);
    }
  });
});

/** Runs every palette command from the palette, one after the other, closing what each opened. */
async function runEveryCommand(state: string): Promise<void> {
  const commands = paletteCommands();
  for (const id of Object.keys(OPENS)) assert.ok(commands.some((c) => c.command === id), `${id} is listed in OPENS but not in the palette`);
  const seen: string[] = [];
  for (const { command, title, category } of commands) {
    const label = `${category ? `${category}: ` : ''}${title}`;
    const statusBefore = new Set((await workbench.texts(STATUS)).map((t) => t.trim()));
    await workbench.press('F1');
    await workbench.waitFor(QUICK_INPUT);
    // The ellipsis is typed as the title is read; matching does not need it.
    await workbench.type(label.replace(/…$/, ''));
    await runFocusedRow(label);
    const expected = OPENS[command];
    const shown = await whatShowed(label, statusBefore, expected);
    if (!shown) await workbench.screenshot(`palette-nothing-${command}`);
    assert.ok(shown, `"${label}" (${command}) showed ${expected ? `no ${expected.join(' or ')}` : 'nothing'} when run from the palette with nothing chosen (${state})`);
    seen.push(`${command}: ${shown.outcome}: ${shown.text.replace(/\s+/g, ' ').slice(0, 110)}`);
    if (shown.outcome === 'notification') {
      assert.equal(await workbench.count(`${NOTE} .codicon-error`), 0, `${command} failed: ${shown.text}`);
    }
    if (['mcpTasks.clearTaskFilter', 'mcpTasks.stopServer'].includes(command)) await workbench.screenshot(`palette-${state.replace(/\W+/g, '-')}-${command.slice('mcpTasks.'.length)}`);
    await closeEverything();
  }
  console.log(`  ${commands.length} palette commands (${state}):\n    ${seen.join('\n    ')}`);
}
