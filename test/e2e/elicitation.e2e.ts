import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { McpTasksApi } from '../../src/extension';
import { waitFor } from '../support/waitFor';
import type { TaskRecord } from '../../src/core/model/taskRecord';
import { completedResultText, connectUntilListed, demoServer, everythingServer, extensionApi, leaveUserServers, setSetting, useUserServers, whenFinished } from './support/extensionApi';
import { hasWorkbenchControl, notifications, resetWorkbench, webview, workbench } from './support/workbench';

const SERVER = 'everything';
const TOOL = 'trigger-elicitation-request';
const DEMO = 'taskdemo';
const ROWS = '[id="workbench.parts.sidebar"] .monaco-list-row';

describe('elicitation: the form in a real VS Code', function () {
  let api: McpTasksApi;
  let serverId: string;

  before(async function () {
    if (!hasWorkbenchControl) this.skip();
    this.timeout(90_000);
    api = await extensionApi();
    await useUserServers(api, 'user-mcp-elicitation.json', { [SERVER]: everythingServer(), [DEMO]: demoServer() });
    serverId = await connectUntilListed(api, SERVER, TOOL);
    await notifications.clearAll();
    await notifications.hide();
  });

  after(async () => {
    await leaveUserServers(api, [SERVER, DEMO]);
  });

  /** Calls the form tool plainly and opens its question from the "needs your input" notification. */
  async function callAndAnswer(): Promise<TaskRecord> {
    const record = await api.tasks.call(serverId, TOOL, {}, { mode: 'plain' });
    await notifications.click('needs your input', 'Answer');
    await notifications.hide();
    return record;
  }

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await workbench.screenshot(`elicitation-failure-${this.currentTest.title.slice(0, 24)}`);
      console.log(`  [after failure] form: ${(await webview.texts('body').catch(() => [])).join(' ').replace(/\s+/g, ' ').slice(0, 400)}`);
    }
    await resetWorkbench();
  });

  it('shows every field at once, enforces the rules, and sends what was entered through the UI', async function () {
    this.timeout(90_000);
    const record = await callAndAnswer();
    await webview.waitFor('#field-name', { timeoutMs: 20_000 });

    // What the form says: the server, its message, the warning, every field with defaults filled in.
    const header = (await webview.texts('header'))[0];
    console.log(`  form header: ${header.replace(/\n+/g, ' | ')}`);
    assert.match(header, /everything asks for your input/);
    assert.match(header, /Please provide inputs for the following fields/);
    assert.match(header, /Never enter passwords, API keys or other secrets/);
    assert.equal(await webview.count('.field'), 13);
    assert.equal(await webview.count('.field[data-name="name"] .required'), 1, 'the required field is marked');
    assert.equal(await webview.count('#field-email[type="email"]'), 1);
    assert.equal(await webview.count('#field-homepage[type="url"]'), 1);
    assert.equal(await webview.count('#field-birthdate[type="date"]'), 1);
    assert.equal(await webview.count('#field-integer[type="number"][step="1"][min="1"][max="100"]'), 1);
    assert.equal(await webview.count('#field-titledSingleSelectEnum option', 'Green Lantern'), 1);
    assert.equal(await webview.count('#field-legacyTitledEnum option', 'Dogs'), 1);
    // Keyboard first: the first field has the focus.
    await webview.waitFor('#field-name:focus', { timeoutMs: 10_000 });
    await workbench.screenshot('elicitation-form');

    // Accepting without the required name is refused on the page, next to the field.
    await webview.click('#accept');
    const error = await webview.waitFor('.field[data-name="name"] .error', { text: 'required' });
    console.log(`  error shown: ${error.text}`);
    await webview.waitFor('#field-name:focus');
    await workbench.type('Ada Lovelace');
    await webview.click('#field-email');
    await workbench.type('ada@');
    await webview.click('#field-homepage');
    await webview.waitFor('.field[data-name="email"] .error', { text: 'email address' });
    await workbench.screenshot('elicitation-form-errors');
    await webview.click('#field-email');
    await workbench.press('End');
    await workbench.type('example.org');
    await webview.click('#field-check');
    await webview.click('#field-integer');
    await workbench.press('Control+A');
    await workbench.type('7');
    await webview.click('.field[data-name="untitledMultipleSelectEnum"] label', 'Piano');
    await webview.click('.field[data-name="titledMultipleSelectEnum"] label', 'Trout');
    await webview.waitFor('.field[data-name="email"] .error', { state: 'hidden' });
    // Enter accepts (from a text field).
    await webview.click('#field-name');
    await workbench.press('Enter');

    const text = await completedResultText(api, record.key);
    console.log(`  server result: ${text.split('\n').slice(0, 8).join(' | ')}`);
    assert.match(text, /User provided the requested information/);
    assert.match(text, /- Name: Ada Lovelace/);
    assert.match(text, /- Agreed to terms: true/);
    assert.match(text, /- Email: ada@example\.org/);
    assert.match(text, /- Favorite Integer: 7/);
    assert.match(text, /- Favorite Number: 3\.14/, 'an untouched default is sent');
    const raw = JSON.parse(text.slice(text.indexOf('{'))) as { action: string; content: Record<string, unknown> };
    assert.equal(raw.action, 'accept');
    assert.deepEqual(raw.content.untitledMultipleSelectEnum, ['Guitar', 'Piano']);
    assert.deepEqual(raw.content.titledMultipleSelectEnum, ['fish-1', 'fish-3']);
    assert.equal(raw.content.firstLine, 'It was a dark and stormy night.');
    assert.equal(raw.content.legacyTitledEnum, 'pet-1');
    assert.equal('homepage' in raw.content, false, 'an empty optional field is left out');
    await webview.waitFor('#form', { state: 'detached', timeoutMs: 10_000 });
  });

  it('Decline and Escape reach the server as decline and cancel', async function () {
    this.timeout(90_000);
    const declined = await callAndAnswer();
    await webview.click('#decline', undefined, 20_000);
    assert.match(await completedResultText(api, declined.key), /User declined to provide the requested information/);
    await notifications.clearAll();

    const cancelled = await callAndAnswer();
    await webview.waitFor('#field-name:focus', { timeoutMs: 20_000 });
    await workbench.press('Escape');
    assert.match(await completedResultText(api, cancelled.key), /User cancelled the elicitation dialog/);
  });

  it('a question left unanswered for mcpTasks.elicitation.timeoutSeconds is cancelled and its form closes', async function () {
    this.timeout(60_000);
    await setSetting('mcpTasks.elicitation.timeoutSeconds', 3);
    try {
      const record = await callAndAnswer();
      await webview.waitFor('#field-name', { timeoutMs: 20_000 });
      const started = Date.now();
      assert.match(await completedResultText(api, record.key), /User cancelled the elicitation dialog/);
      console.log(`  cancelled after ${Date.now() - started} ms of waiting with the form open`);
      await webview.waitFor('#form', { state: 'detached', timeoutMs: 10_000 });
    } finally {
      await setSetting('mcpTasks.elicitation.timeoutSeconds', undefined);
    }
  });

  it('URL mode: the address is shown first, opened only after consent, and Done completes it', async function () {
    this.timeout(60_000);
    // A local address: the workbench opens it without its own (modal) link prompt.
    const url = 'http://127.0.0.1:9/mcp-tasks-sign-in';
    const declined = await api.tasks.call(serverId, 'trigger-url-elicitation', { url, message: 'Sign in to continue' }, { mode: 'plain' });
    await notifications.click('needs your input', 'Answer');
    const prompt = await notifications.waitFor('asks you to open a web page');
    assert.match(prompt, /everything asks you to open a web page: Sign in to continue — http:\/\/127\.0\.0\.1:9\/mcp-tasks-sign-in/);
    await workbench.screenshot('elicitation-url-consent');
    await notifications.click('asks you to open a web page', 'Decline');
    assert.match(await completedResultText(api, declined.key), /User declined to open the URL/);
    await notifications.clearAll();

    const accepted = await api.tasks.call(serverId, 'trigger-url-elicitation', { url, message: 'Sign in to continue' }, { mode: 'plain' });
    await notifications.click('needs your input', 'Answer');
    await notifications.click('asks you to open a web page', 'Open 127.0.0.1:9');
    await notifications.click('then choose Done', 'Done');
    assert.match(await completedResultText(api, accepted.key), /User completed the URL elicitation flow/);
  });

  it('a task\'s question waits under the task and is answered later from the Tasks tree; the form names the task and tool', async function () {
    this.timeout(60_000);
    const demo = await waitFor(() => api.registry.all().find((s) => s.label === DEMO), { what: `the ${DEMO} server`, timeoutMs: 20_000 });
    const record = await api.tasks.call(demo.id, 'ask_user', {}, { mode: 'task' });
    await vscode.commands.executeCommand('workbench.view.extension.mcpTasks');
    await workbench.waitFor(ROWS, { text: 'Needs input', timeoutMs: 20_000 });
    // Clicking a task that needs input answers it.
    await workbench.click(ROWS, 'ask_user');
    const header = (await webview.waitFor('header', { timeoutMs: 20_000 })).text;
    assert.match(header, new RegExp(`taskdemo asks for your input · task ${record.taskId} · tool ask_user`));
    // The required choice has no default: the form starts on it; the keyboard picks "continue", Enter accepts.
    await webview.waitFor('#field-choice:focus');
    await workbench.press('ArrowDown');
    await webview.click('#field-urgent');
    await webview.waitFor('#field-urgent:focus');
    await workbench.screenshot('elicitation-task-form');
    await workbench.press('Enter'); // from a checkbox too
    const final = await whenFinished(api, record.key);
    assert.equal(final.status, 'completed');
    assert.match(JSON.stringify(final.result), /with: continue \(urgent: yes, note: Looks good\)/);
  });

  it('closing the form tab cancels the question', async function () {
    this.timeout(60_000);
    const record = await callAndAnswer();
    await webview.waitFor('#field-name', { timeoutMs: 20_000 });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    assert.match(await completedResultText(api, record.key), /User cancelled the elicitation dialog/);
  });
});
