import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
  contributes: { menus: { commandPalette: { command: string; when: string }[] } };
};

describe('the command palette', () => {
  const paletteWhen = (command: string) => manifest.contributes.menus.commandPalette.find((m) => m.command === command)?.when;

  it('hides commands that only make sense on a Tasks row', () => {
    for (const command of ['mcpTasks.rerunTask', 'mcpTasks.copyTaskId', 'mcpTasks.removeTask']) assert.equal(paletteWhen(command), 'false', command);
  });

  it('offers result commands only while a result document is in front', () => {
    for (const command of ['mcpTasks.copyResult', 'mcpTasks.saveResultAs']) assert.equal(paletteWhen(command), 'resourceScheme == mcp-task', command);
  });
});
