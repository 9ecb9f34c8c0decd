import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseMcpConfig } from '../../src/core/config/configParser';
import { resolveServer, type VariableEnvironment } from '../../src/core/config/definitionResolver';
import { InputResolver, storageKey, type KeyValueStore } from '../../src/core/config/inputResolver';
import { formatProblem } from '../../src/core/config/problemSink';
import { MASK, Redactor } from '../../src/core/config/redactor';
import type { ConfigSource, InputDefinition, ParsedConfig } from '../../src/core/config/types';
import type { SecretStore } from '../../src/core/ports';

class MapStore implements KeyValueStore, SecretStore {
  readonly map = new Map<string, string>();
  async get(key: string) { return this.map.get(key); }
  async set(key: string, value: string) { this.map.set(key, value); }
  async store(key: string, value: string) { this.map.set(key, value); }
  async delete(key: string) { this.map.delete(key); }
}

class ScriptedPrompter {
  readonly asked: string[] = [];
  constructor(private readonly answers: Record<string, string | undefined>) {}
  async prompt(input: InputDefinition) {
    this.asked.push(input.id);
    await new Promise((resolve) => setImmediate(resolve));
    return this.answers[input.id];
  }
}

describe('configuration variables', () => {
  let tmp: string;
  let source: ConfigSource;
  const environment = (): VariableEnvironment => ({ env: { HOME_REGION: 'eu', PATH: '/bin' }, userHome: '/home/me', inheritEnv: false });

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-vars-'));
    source = { file: path.join(tmp, '.vscode/mcp.json'), kind: 'workspace', workspaceFolder: tmp };
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const parse = (text: string): ParsedConfig => {
    const config = parseMcpConfig(text, source);
    assert.deepEqual(config.problems, []);
    return config;
  };

  it('substitutes env, workspace, home, path separator and inputs; asks each input once', async () => {
    const config = parse(`{
  "inputs": [
    { "type": "promptString", "id": "token", "description": "Token", "password": true },
    { "type": "pickString", "id": "stage", "options": ["dev", "prod"] }
  ],
  "servers": {
    "s": {
      "command": "\${workspaceFolder}\${pathSeparator}run",
      "args": ["--home=\${userHome}", "--region=\${env:HOME_REGION}", "--stage=\${input:stage}", "\${workspaceFolderBasename}"],
      "env": { "TOKEN": "\${input:token}", "AGAIN": "\${input:token}" },
      "cwd": "sub"
    }
  }
}`);
    const secrets = new MapStore();
    const store = new MapStore();
    const prompter = new ScriptedPrompter({ token: 'tok-123456', stage: 'prod' });
    const redactor = new Redactor();
    const inputs = new InputResolver({ prompter, secrets, store, redactor });
    const result = await resolveServer(config.servers[0], config.inputs, inputs, environment(), redactor);
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.definition, {
      type: 'stdio',
      command: `${tmp}${path.sep}run`,
      args: ['--home=/home/me', '--region=eu', '--stage=prod', path.basename(tmp)],
      env: { TOKEN: 'tok-123456', AGAIN: 'tok-123456' },
      cwd: path.join(tmp, 'sub'),
    });
    assert.deepEqual(prompter.asked.sort(), ['stage', 'token']);
    assert.equal(secrets.map.get(storageKey(source.file, 'token')), 'tok-123456', 'password input in the secret store');
    assert.equal(store.map.get(storageKey(source.file, 'stage')), 'prod', 'plain input in the plain store');
    assert.equal(store.map.has(storageKey(source.file, 'token')), false, 'a password never lands in the plain store');
    assert.equal(redactor.redact('TOKEN=tok-123456'), `TOKEN=${MASK}`);

    // A second resolution (a restart) asks nobody; after clear() the user is asked again.
    await resolveServer(config.servers[0], config.inputs, inputs, environment(), redactor);
    assert.equal(prompter.asked.length, 2);
    await inputs.clear();
    assert.equal(secrets.map.size + store.map.size, 0);
    await resolveServer(config.servers[0], config.inputs, inputs, environment(), redactor);
    assert.equal(prompter.asked.length, 4);
  });

  it('clears values stored by an earlier run too (a new resolver over the same stores)', async () => {
    const config = parse('{ "inputs": [ { "type": "promptString", "id": "k" }, { "type": "promptString", "id": "pw", "password": true } ], "servers": { "a": { "url": "http://h/${input:k}", "headers": { "A": "${input:pw}" } } } }');
    const secrets = new MapStore();
    const store = new MapStore();
    const before = new InputResolver({ prompter: new ScriptedPrompter({ k: 'v', pw: 'secret-1' }), secrets, store });
    await resolveServer(config.servers[0], config.inputs, before, environment());
    assert.equal(secrets.map.size, 1);
    // After a reload nothing was asked yet in this run, but "Clear Stored Input Values" still finds both.
    const after = new InputResolver({ prompter: new ScriptedPrompter({}), secrets, store });
    await after.clear();
    assert.equal(secrets.map.size + store.map.size, 0);
  });

  it('shares one prompt between concurrent starts', async () => {
    const config = parse('{ "inputs": [ { "type": "promptString", "id": "k" } ], "servers": { "a": { "url": "http://h/${input:k}" } } }');
    const prompter = new ScriptedPrompter({ k: 'mcp' });
    const inputs = new InputResolver({ prompter, secrets: new MapStore(), store: new MapStore() });
    const results = await Promise.all([1, 2, 3].map(() => resolveServer(config.servers[0], config.inputs, inputs, environment())));
    assert.deepEqual(results.map((r) => r.ok && r.definition), [1, 2, 3].map(() => ({ type: 'http', url: 'http://h/mcp', headers: {} })));
    assert.deepEqual(prompter.asked, ['k']);
  });

  it('reports unresolved variables at their field', async () => {
    const config = parseMcpConfig(`{ "inputs": [ { "type": "promptString", "id": "k" } ],
  "servers": { "a": { "command": "x", "args": ["\${env:NOPE}"], "env": { "K": "\${input:k}" } } } }`, { file: '/u/mcp.json', kind: 'user' });
    const inputs = new InputResolver({ prompter: new ScriptedPrompter({}), secrets: new MapStore(), store: new MapStore() });
    const result = await resolveServer(config.servers[0], config.inputs, inputs, environment());
    assert.ok(!result.ok);
    assert.deepEqual(result.problems.map(formatProblem), [
      '/u/mcp.json:2:48: server "a", field "args[0]": Environment variable "NOPE" is not set.',
      '/u/mcp.json:2:78: server "a", field "env.K": No value was given for input "k".',
    ]);
    const folderless = parseMcpConfig('{ "servers": { "a": { "url": "http://h", "headers": { "X": "${workspaceFolder}" } } } }', { file: '/u/mcp.json', kind: 'user' });
    const r2 = await resolveServer(folderless.servers[0], [], undefined, environment());
    assert.ok(!r2.ok);
    assert.deepEqual(r2.problems.map(formatProblem), [
      '/u/mcp.json:1:60: server "a", field "headers.X": ${workspaceFolder} cannot be resolved: this configuration does not belong to a workspace folder.',
    ]);
  });

  it('reads envFile relative to the workspace; env entries override it and null removes', async () => {
    fs.writeFileSync(path.join(tmp, '.env'), '# settings\nFROM_FILE=1\nOVERRIDDEN=file\nexport QUOTED="a b"\n');
    const config = parse('{ "servers": { "a": { "command": "x", "envFile": "${workspaceFolder}/.env", "env": { "OVERRIDDEN": "config", "PATH": null } } } }');
    const result = await resolveServer(config.servers[0], [], undefined, { ...environment(), inheritEnv: true });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.definition.type, 'stdio');
    assert.deepEqual((result.definition as { env: Record<string, string> }).env, { HOME_REGION: 'eu', FROM_FILE: '1', OVERRIDDEN: 'config', QUOTED: 'a b' });
  });

  it('reports an envFile that cannot be read or has bad lines', async () => {
    fs.writeFileSync(path.join(tmp, 'bad.env'), 'OK=1\nthis is wrong\n');
    const config = parse('{ "servers": {\n  "a": { "command": "x", "envFile": "missing.env" },\n  "b": { "command": "x", "envFile": "bad.env" } } }');
    const [a, b] = await Promise.all(config.servers.map((s) => resolveServer(s, [], undefined, environment())));
    assert.ok(!a.ok && !b.ok);
    assert.deepEqual([...a.problems, ...b.problems].map(formatProblem), [
      `${source.file}:2:37: server "a", field "envFile": Could not read envFile "${path.join(tmp, 'missing.env')}": ENOENT.`,
      `${source.file}:3:37: server "b", field "envFile": ${path.join(tmp, 'bad.env')}:2: Expected KEY=VALUE.`,
    ]);
  });

  it('registers credential header values with the redactor', async () => {
    const config = parse('{ "inputs": [ { "type": "promptString", "id": "t" } ], "servers": { "a": { "url": "https://h/mcp", "headers": { "Authorization": "Bearer ${input:t}" } } } }');
    const redactor = new Redactor();
    const inputs = new InputResolver({ prompter: new ScriptedPrompter({ t: 'plain-but-secret' }), secrets: new MapStore(), store: new MapStore(), redactor });
    const result = await resolveServer(config.servers[0], config.inputs, inputs, environment(), redactor);
    assert.ok(result.ok);
    assert.equal(redactor.redact('got plain-but-secret back'), `got ${MASK} back`);
  });
});
