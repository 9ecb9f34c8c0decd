import * as assert from 'node:assert/strict';
import { parseMcpConfig } from '../../src/core/config/configParser';
import { formatProblem } from '../../src/core/config/problemSink';
import type { ConfigSource } from '../../src/core/config/types';

const source: ConfigSource = { file: '/ws/.vscode/mcp.json', kind: 'workspace', workspaceFolder: '/ws' };
const parse = (text: string) => parseMcpConfig(text, source);
/** Problems as one-line strings: file:line:column: where: message. */
const problems = (text: string) => parse(text).problems.map(formatProblem);

describe('mcp.json parsing', () => {
  it('reads stdio and remote servers, inferring the type, with line ranges', () => {
    const config = parse(`{
  // comments and trailing commas are fine
  "servers": {
    "local": { "command": "node", "args": ["server.js", "--flag"], "env": { "A": "1", "N": 2, "DROP": null }, "autoStart": true, },
    "remote": {
      "url": "https://example.com/mcp",
      "headers": { "Authorization": "Bearer \${input:token}" }
    },
    "legacy": { "type": "sse", "url": "http://127.0.0.1:3001/sse" }
  },
  "inputs": [ { "type": "promptString", "id": "token", "description": "API token", "password": true } ],
}`);
    assert.deepEqual(config.problems, []);
    assert.deepEqual(config.servers.map((s) => [s.name, s.definition.type, s.range.startLine, s.range.endLine]), [
      ['local', 'stdio', 4, 4], ['remote', 'http', 5, 8], ['legacy', 'sse', 9, 9],
    ]);
    assert.deepEqual(config.servers[0].definition, {
      type: 'stdio', command: 'node', args: ['server.js', '--flag'], env: { A: '1', N: '2', DROP: null }, headers: {}, autoStart: true,
    });
    assert.deepEqual(config.servers[1].definition.headers, { Authorization: 'Bearer ${input:token}' });
    assert.deepEqual(config.servers[1].locations.url, { line: 6, column: 14 });
    assert.deepEqual(config.inputs, [{ type: 'promptString', id: 'token', description: 'API token', password: true }]);
  });

  it('accepts the legacy "mcpServers" key', () => {
    const config = parse('{ "mcpServers": { "a": { "command": "x" } } }');
    assert.deepEqual(config.servers.map((s) => s.name), ['a']);
    assert.deepEqual(config.problems, []);
  });

  it('reports invalid JSON with its position', () => {
    assert.deepEqual(problems('{\n  "servers": {\n    "a": { "command": "x" }\n    "b": {}\n  }\n}'), [
      '/ws/.vscode/mcp.json:4:5: Invalid JSON: Expected "," or "}" after a property value.',
    ]);
    assert.deepEqual(problems(''), ['/ws/.vscode/mcp.json:1:1: Invalid JSON: The file is empty; expected a JSON object.']);
    assert.deepEqual(problems('{ "servers": { "a": { "command": \'x\' } } }'), [
      '/ws/.vscode/mcp.json:1:34: Invalid JSON: Strings must use double quotes.',
    ]);
    assert.deepEqual(problems('{ "servers": {} /* never closed'), ['/ws/.vscode/mcp.json:1:17: Invalid JSON: Unterminated /* comment.']);
    assert.deepEqual(problems('[]'), ['/ws/.vscode/mcp.json:1:1: The configuration must be a JSON object with a "servers" object.']);
  });

  it('reports an unknown type and keeps the other servers', () => {
    const config = parse('{ "servers": {\n  "bad": { "type": "websocket", "url": "ws://x" },\n  "good": { "command": "node" }\n} }');
    assert.deepEqual(config.problems.map(formatProblem), [
      '/ws/.vscode/mcp.json:2:20: server "bad", field "type": Unknown server type "websocket"; expected "stdio", "http" or "sse".',
    ]);
    assert.deepEqual(config.servers.map((s) => s.name), ['good']);
  });

  it('reports a missing command or url', () => {
    assert.deepEqual(problems('{ "servers": {\n  "a": { "type": "stdio", "args": [] },\n  "b": { "type": "http" },\n  "c": { "env": {} }\n} }'), [
      '/ws/.vscode/mcp.json:2:3: server "a", field "command": "command" is required for a server of type "stdio".',
      '/ws/.vscode/mcp.json:3:3: server "b", field "url": "url" is required for a server of type "http".',
      '/ws/.vscode/mcp.json:4:3: server "c": Server "c" needs either "command" (a local process) or "url" (a remote server).',
    ]);
  });

  it('reports a bad url', () => {
    assert.deepEqual(problems('{ "servers": {\n  "a": { "url": "localhost:3000/mcp" },\n  "b": { "url": "not a url" },\n  "c": { "type": "http", "url": "ftp://host/mcp" }\n} }'), [
      '/ws/.vscode/mcp.json:2:17: server "a", field "url": "url" must start with http:// or https://; got "localhost:3000/mcp".',
      '/ws/.vscode/mcp.json:3:17: server "b", field "url": "url" must be an absolute http:// or https:// URL; got "not a url".',
      '/ws/.vscode/mcp.json:4:33: server "c", field "url": "url" must start with http:// or https://; got "ftp://host/mcp".',
    ]);
  });

  it('reports fields of the wrong type', () => {
    assert.deepEqual(problems(`{ "servers": {
  "a": { "command": ["node"], "args": "x", "env": { "A": true }, "cwd": 3, "autoStart": "yes" },
  "b": { "url": "http://h/mcp", "headers": { "X": 1 } },
  "c": { "command": "node", "env": [] }
} }`), [
      '/ws/.vscode/mcp.json:2:21: server "a", field "command": "command" must be a string.',
      '/ws/.vscode/mcp.json:2:39: server "a", field "args": "args" must be an array of strings.',
      '/ws/.vscode/mcp.json:2:58: server "a", field "env.A": "env.A" must be a string, a number or null.',
      '/ws/.vscode/mcp.json:2:73: server "a", field "cwd": "cwd" must be a string.',
      '/ws/.vscode/mcp.json:2:89: server "a", field "autoStart": "autoStart" must be true or false.',
      '/ws/.vscode/mcp.json:3:51: server "b", field "headers.X": "headers.X" must be a string.',
      '/ws/.vscode/mcp.json:4:36: server "c", field "env": "env" must be an object whose values are strings, numbers or null.',
    ]);
  });

  it('reports unknown variable forms and undeclared inputs', () => {
    assert.deepEqual(problems(`{ "servers": {
  "a": { "command": "node", "args": ["\${config:x}", "\${input:missing}"], "env": { "P": "\${env:}" } }
} }`), [
      '/ws/.vscode/mcp.json:2:38: server "a", field "args[0]": Unknown variable "${config:x}"; use ${input:id}, ${env:NAME}, ${workspaceFolder}, ${workspaceFolderBasename}, ${userHome} or ${pathSeparator}.',
      '/ws/.vscode/mcp.json:2:53: server "a", field "args[1]": Input "missing" is not declared in "inputs".',
      '/ws/.vscode/mcp.json:2:88: server "a", field "env.P": Unknown variable "${env:}"; use ${input:id}, ${env:NAME}, ${workspaceFolder}, ${workspaceFolderBasename}, ${userHome} or ${pathSeparator}.',
    ]);
  });

  it('reports duplicate server names and uses the first definition', () => {
    const config = parse('{ "servers": {\n  "a": { "command": "first" },\n  "a": { "command": "second" }\n},\n"mcpServers": { "a": { "command": "third" } } }');
    assert.deepEqual(config.problems.map(formatProblem), [
      '/ws/.vscode/mcp.json:3:3: server "a": Server "a" is defined more than once; this definition is ignored (first defined on line 2).',
      '/ws/.vscode/mcp.json:5:17: server "a": Server "a" is defined more than once; this definition is ignored (first defined on line 2).',
    ]);
    assert.equal(config.servers.length, 1);
    assert.equal(config.servers[0].definition.command, 'first');
  });

  it('warns about unknown fields and fields of the other kind without dropping the server', () => {
    const config = parse('{ "servers": { "a": { "command": "node", "url": "http://x", "comand": "typo", "dev": {} } } }');
    assert.deepEqual(config.problems.map(formatProblem), [
      '/ws/.vscode/mcp.json:1:49: warning: server "a", field "url": "url" is ignored for a server of type "stdio".',
      '/ws/.vscode/mcp.json:1:61: warning: server "a", field "comand": Unknown field "comand" is ignored.',
    ]);
    assert.equal(config.servers.length, 1);
  });

  it('reports broken inputs precisely and keeps the good ones', () => {
    const config = parse(`{ "servers": {}, "inputs": [
  { "type": "promptString", "id": "ok" },
  { "type": "prompt", "id": "x" },
  { "type": "pickString", "id": "p" },
  { "type": "promptString", "id": "ok" },
  { "type": "promptString", "description": "no id", "password": "yes" }
] }`);
    assert.deepEqual(config.problems.map(formatProblem), [
      '/ws/.vscode/mcp.json:3:13: field "inputs[1].type": Unknown input type "prompt"; expected "promptString" or "pickString".',
      '/ws/.vscode/mcp.json:4:3: field "inputs[2].options": "options" is required for a pickString input.',
      '/ws/.vscode/mcp.json:5:3: field "inputs[3].id": Input "ok" is declared more than once; this declaration is ignored.',
      '/ws/.vscode/mcp.json:6:3: field "inputs[4].id": "id" is required for an input.',
      '/ws/.vscode/mcp.json:6:65: field "inputs[4].password": "password" must be true or false.',
    ]);
    assert.deepEqual(config.inputs.map((i) => i.id), ['ok']);
  });

  it('reads pickString options as strings or label/value pairs', () => {
    const config = parse('{ "inputs": [ { "type": "pickString", "id": "env", "options": ["dev", { "label": "Production", "value": "prod" }], "default": "dev" } ] }');
    assert.deepEqual(config.inputs[0].options, [{ label: 'dev', value: 'dev' }, { label: 'Production', value: 'prod' }]);
    assert.equal(config.inputs[0].default, 'dev');
  });
});
