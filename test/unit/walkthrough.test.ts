import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: {
    commands: { command: string }[];
    walkthroughs: { id: string; steps: { id: string; description: string; media: { image?: string; markdown?: string }; completionEvents: string[] }[] }[];
    viewsWelcome: { view: string; contents: string; when?: string }[];
  };
};
const ours = new Set(manifest.contributes.commands.map((c) => c.command));
/** Command links of our own (mcpTasks.*) in a text of the manifest. */
const linkedCommands = (text: string) => [...text.matchAll(/\(command:(mcpTasks\.[\w.]+)/g)].map((m) => m[1]);

describe('the walkthrough and the welcome views', () => {
  const [walkthrough] = manifest.contributes.walkthroughs;

  it('has four steps whose media are files the .vsix carries', () => {
    assert.deepEqual(walkthrough.steps.map((s) => s.id), ['addServer', 'callTool', 'answerQuestion', 'findResult']);
    const shipped = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n').filter((l) => l.startsWith('!')).map((l) => l.slice(1));
    for (const step of walkthrough.steps) {
      const file = step.media.image ?? step.media.markdown ?? '';
      assert.ok(fs.existsSync(path.join(root, file)), `${step.id}: ${file} exists`);
      assert.ok(shipped.some((pattern) => pattern === file || (pattern.endsWith('/**') && file.startsWith(pattern.slice(0, -2)))), `${step.id}: ${file} is packaged`);
    }
  });

  it('links and completes on commands the extension contributes (a view focus command aside)', () => {
    for (const step of walkthrough.steps) {
      for (const command of linkedCommands(step.description)) {
        assert.ok(ours.has(command) || command.endsWith('.focus'), `${step.id} links ${command}`);
      }
      for (const event of step.completionEvents.filter((e) => e.startsWith('onCommand:'))) {
        assert.ok(ours.has(event.slice('onCommand:'.length)), `${step.id} completes on ${event}`);
      }
      assert.ok(step.completionEvents.length > 0, `${step.id} completes on something`);
    }
  });

  it('the Servers view says how to create an mcp.json only while there is none', () => {
    const servers = manifest.contributes.viewsWelcome.filter((w) => w.view === 'mcpTasks.servers');
    const none = servers.find((w) => w.when === 'mcpTasks.configFile == none');
    assert.ok(none && linkedCommands(none.contents).includes('mcpTasks.createConfig'));
    assert.ok(servers.filter((w) => w !== none).every((w) => w.when === 'mcpTasks.configFile != none'), 'the other contents never show beside it');
  });
});
