/** The JSON schema for mcp.json (editor validation) agrees with the parser on what is valid. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parseMcpConfig } from '../../src/core/config/configParser';

const schema = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../schemas/mcp.schema.json'), 'utf8'));
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
const source = { file: '/ws/.vscode/mcp.json', kind: 'workspace' as const, workspaceFolder: '/ws' };

const valid: unknown[] = [
  { servers: { a: { command: 'node', args: ['s.js'], env: { A: '1', B: 2, C: null }, envFile: '.env', cwd: 'x', autoStart: true } } },
  { servers: { b: { type: 'http', url: 'https://h/mcp', headers: { Authorization: 'Bearer ${input:t}' } } }, inputs: [{ type: 'promptString', id: 't', password: true }] },
  { mcpServers: { c: { type: 'sse', url: 'http://127.0.0.1:1/sse' } } },
  { servers: {}, inputs: [{ type: 'pickString', id: 'p', options: ['a', { label: 'B', value: 'b' }], default: 'a' }] },
];

const invalid: unknown[] = [
  { servers: { a: { type: 'tcp', url: 'http://h' } } },
  { servers: { a: { type: 'stdio' } } },
  { servers: { a: { type: 'http' } } },
  { servers: { a: { command: ['node'] } } },
  { servers: { a: { command: 'node', args: 'x' } } },
  { servers: { a: { url: 'ftp://h' } } },
  { servers: { a: { command: 'x', autoStart: 'yes' } } },
  { inputs: [{ type: 'pickString', id: 'p' }] },
  { inputs: [{ type: 'promptString' }] },
];

describe('mcp.json schema', () => {
  it('accepts what the parser accepts', () => {
    for (const config of valid) {
      assert.ok(validate(config), `schema rejects ${JSON.stringify(config)}: ${JSON.stringify(validate.errors)}`);
      const errors = parseMcpConfig(JSON.stringify(config), source).problems.filter((p) => p.severity === 'error');
      assert.deepEqual(errors, [], JSON.stringify(config));
    }
  });

  it('rejects what the parser reports as an error', () => {
    for (const config of invalid) {
      assert.equal(validate(config), false, `schema accepts ${JSON.stringify(config)}`);
      const errors = parseMcpConfig(JSON.stringify(config), source).problems.filter((p) => p.severity === 'error');
      assert.ok(errors.length > 0, `parser accepts ${JSON.stringify(config)}`);
    }
  });
});
