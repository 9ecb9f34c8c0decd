/** ServerRegistry applying real configuration text to real fixture servers. */
import * as assert from 'node:assert/strict';
import { formatProblem } from '../../src/core/config/problemSink';
import type { ConfigSource } from '../../src/core/config/types';
import { serverId } from '../../src/core/config/configDiff';
import { ServerConnection, StartRefusedError } from '../../src/core/servers/serverConnection';
import { ServerRegistry, type ConfigFile } from '../../src/core/servers/serverRegistry';
import { everythingEntry, fixtureServer } from '../support/httpServerProcess';
import { RecordingLogger } from '../support/recordingLogger';
import { UnhandledRejectionMonitor } from '../support/unhandledRejections';
import { waitFor } from '../support/waitFor';
import { silentLogger } from '../../src/core/ports';

const workspace: ConfigSource = { file: '/ws/.vscode/mcp.json', kind: 'workspace', workspaceFolder: process.cwd() };
const user: ConfigSource = { file: '/home/me/mcp.json', kind: 'user' };

function server(name: string, extra = ''): string {
  return `"${name}": { "command": ${JSON.stringify(process.execPath)}, "args": [${JSON.stringify(fixtureServer('connectionCrashing'))}${extra}] }`;
}

function files(workspaceServers: string[], userServers: string[] = []): ConfigFile[] {
  return [
    { source: workspace, text: `{ "servers": { ${workspaceServers.join(',\n')} } }` },
    { source: user, text: `{ "servers": { ${userServers.join(',\n')} } }` },
  ];
}

describe('ServerRegistry', function () {
  this.timeout(60_000);
  const rejections = new UnhandledRejectionMonitor();
  let registry: ServerRegistry;
  const refused = new Set<string>();

  before(() => {
    rejections.install();
    registry = new ServerRegistry({
      environment: { env: { ...process.env }, userHome: '/home/me' },
      createConnection: (options) => new ServerConnection(options),
      loggerFor: () => silentLogger,
      beforeStart: async (info) => {
        if (refused.has(info.name)) throw new StartRefusedError(`The workspace server "${info.name}" is not trusted.`);
      },
    });
  });
  after(async () => {
    await registry.stopAll();
    registry.dispose();
    rejections.uninstall();
    rejections.assertNone();
  });

  const autoId = serverId(workspace.file, 'auto');
  const manualId = serverId(workspace.file, 'manual');
  const userId = serverId(user.file, 'mine');

  it('builds servers from every file, starts autoStart ones and reports broken ones', async () => {
    const changes: number[] = [];
    registry.onDidChangeServers(() => changes.push(registry.all().length));
    const diff = await registry.applyConfig([
      { source: workspace, text: `{ "servers": {\n ${server('auto')}, \n ${server('manual')},\n "broken": { "type": "tcp" } } }`.replace('"auto": {', '"auto": { "autoStart": true,') },
      { source: user, text: `{ "servers": { ${server('mine')} } }` },
      { source: { file: '/missing/mcp.json', kind: 'workspace' }, text: undefined },
    ]);
    assert.deepEqual([...diff.added].sort(), [autoId, manualId, userId].sort());
    assert.deepEqual(registry.problems.map(formatProblem), [
      '/ws/.vscode/mcp.json:4:22: server "broken", field "type": Unknown server type "tcp"; expected "stdio", "http" or "sse".',
    ]);
    await waitFor(() => registry.get(autoId)?.state.kind === 'running', { what: 'the autoStart server running' });
    assert.equal(registry.get(manualId)?.state.kind, 'stopped');
    assert.equal(registry.get(userId)?.state.kind, 'stopped');
    assert.deepEqual(changes, [3]);
    const snapshot = registry.snapshot().find((s) => s.id === autoId)!;
    assert.equal(snapshot.source.kind, 'workspace');
    assert.equal(snapshot.toolCount, 2);
  });

  it('restarts only the servers whose definition changed', async () => {
    const manual = registry.get(manualId)!;
    await manual.connect();
    const auto = registry.get(autoId)!;
    const user = registry.get(userId)!;
    const manualPid = manual.pid;
    const diff = await registry.applyConfig(files(
      [server('auto', ', "--changed"').replace('"auto": {', '"auto": { "autoStart": true,'), server('manual')],
      [server('mine')],
    ));
    assert.deepEqual(diff.changed, [autoId]);
    assert.deepEqual([...diff.unchanged].sort(), [manualId, userId].sort());
    assert.equal(registry.get(manualId), manual, 'unchanged servers keep their connection');
    assert.equal(manual.pid, manualPid, 'and their process');
    assert.equal(registry.get(userId), user);
    assert.notEqual(registry.get(autoId), auto, 'a changed server gets a new connection');
    assert.deepEqual(auto.state, { kind: 'stopped', reason: 'Definition changed' });
    await waitFor(() => registry.get(autoId)?.state.kind === 'running', { what: 'the changed server running again' });
    const definition = registry.get(autoId)!.definition;
    assert.ok(definition?.type === 'stdio');
    assert.deepEqual([definition.command, definition.args, definition.cwd], [process.execPath, [fixtureServer('connectionCrashing'), '--changed'], process.cwd()]);
  });

  it('stops removed servers', async () => {
    const manual = registry.get(manualId)!;
    const diff = await registry.applyConfig(files([server('auto', ', "--changed"').replace('"auto": {', '"auto": { "autoStart": true,')], [server('mine')]));
    assert.deepEqual(diff.removed, [manualId]);
    assert.equal(registry.get(manualId), undefined);
    assert.deepEqual(manual.state, { kind: 'stopped', reason: 'Removed from the configuration' });
  });

  it('applies configurations saved in quick succession one after the other: one connection per server', async () => {
    const quickId = serverId(workspace.file, 'quick');
    // Whatever the tests before left (or did not, when only this one runs): the user's server only.
    await registry.applyConfig(files([], [server('mine')]));
    const auto = (extra: string) => server('quick', extra).replace('"quick": {', '"quick": { "autoStart": true,');
    // The second save arrives while the first is still stopping the changed server.
    const first = registry.applyConfig(files([auto(', "--one"')], [server('mine')]));
    const second = registry.applyConfig(files([auto(', "--two"')], [server('mine')]));
    const [a, b] = await Promise.all([first, second]);
    assert.deepEqual(a.added, [quickId]);
    assert.deepEqual(b.changed, [quickId], 'the second save is compared with the first one\'s result');
    const quick = registry.get(quickId)!;
    await waitFor(() => quick.state.kind === 'running', { what: 'the quick server running' });
    const definition = quick.definition;
    assert.ok(definition?.type === 'stdio');
    assert.deepEqual(definition.args, [fixtureServer('connectionCrashing'), '--two']);
    assert.equal(registry.all().filter((s) => s.id === quickId).length, 1);
    await registry.applyConfig(files([], [server('mine')]));
  });

  it('keeps a refused server stopped with the reason', async () => {
    refused.add('mine');
    const mine = registry.get(userId)!;
    await assert.rejects(mine.connect(), /not trusted/);
    assert.deepEqual(mine.state, { kind: 'stopped', reason: 'The workspace server "mine" is not trusted.' });
    refused.delete('mine');
  });

  it('puts a server whose variables cannot be resolved in the error state and lists the problem', async () => {
    await registry.applyConfig(files([], [`"envy": { "command": "\${env:MCP_TASKS_SURELY_UNSET}" }`]));
    const envy = registry.get(serverId(user.file, 'envy'))!;
    await assert.rejects(envy.connect());
    assert.deepEqual(envy.state, { kind: 'error', message: 'Environment variable "MCP_TASKS_SURELY_UNSET" is not set.' });
    assert.deepEqual(registry.problems.map(formatProblem), [
      '/home/me/mcp.json:1:37: server "envy", field "command": Environment variable "MCP_TASKS_SURELY_UNSET" is not set.',
    ]);
  });
});

describe('ServerRegistry log levels per server', function () {
  this.timeout(60_000);
  const loggers = new Map<string, RecordingLogger>();
  const registry = new ServerRegistry({
    environment: { env: { ...process.env }, userHome: '/home/me' },
    createConnection: (options) => new ServerConnection(options),
    loggerFor: (info) => { const logger = new RecordingLogger(); loggers.set(info.id, logger); return logger; },
    // As if the person set this server's own log to Warning.
    logLevelFor: (info) => (info.name === 'quiet' ? 'warning' : undefined),
  });
  after(async () => {
    await registry.stopAll();
    registry.dispose();
  });
  const setLevels = (id: string) => loggers.get(id)!.matching(/^→ \{"method":"logging\/setLevel"/, 'trace').map((line) => JSON.parse(line.slice(2)).params.level as string);

  it('a server starts at its own log\'s level, and a change of one server\'s level reaches only that server', async () => {
    const everything = (name: string) => `"${name}": { "command": ${JSON.stringify(process.execPath)}, "args": [${JSON.stringify(everythingEntry)}, "stdio"] }`;
    await registry.applyConfig([{ source: user, text: `{ "servers": { ${everything('quiet')}, ${everything('chatty')} } }` }]);
    const quiet = serverId(user.file, 'quiet');
    const chatty = serverId(user.file, 'chatty');
    await Promise.all([registry.get(quiet)!.connect(), registry.get(chatty)!.connect()]);
    await waitFor(() => setLevels(quiet).length === 1, { what: 'the start level sent to quiet' });
    assert.deepEqual(setLevels(quiet), ['warning']);
    registry.setLogLevel('debug', chatty);
    await waitFor(() => setLevels(chatty).includes('debug'), { what: 'the new level sent to chatty' });
    assert.deepEqual(setLevels(quiet), ['warning'], 'the other server is left alone');
  });
});
