import * as assert from 'node:assert/strict';
import { canonicalJson, definitionHash, diffDefinitions, serverId } from '../../src/core/config/configDiff';

describe('configuration diff', () => {
  it('gives a stable id per source file and name', () => {
    assert.equal(serverId('/ws/.vscode/mcp.json', 'a'), serverId('/ws/.vscode/mcp.json', 'a'));
    assert.notEqual(serverId('/ws/.vscode/mcp.json', 'a'), serverId('/other/.vscode/mcp.json', 'a'));
    assert.match(serverId('/ws/.vscode/mcp.json', 'a'), /^[0-9a-f]{12}\/a$/);
  });

  it('hashes content, not key order', () => {
    assert.equal(definitionHash({ a: 1, b: { c: [1, 2], d: 'x' } }), definitionHash({ b: { d: 'x', c: [1, 2] }, a: 1 }));
    assert.notEqual(definitionHash({ a: 1 }), definitionHash({ a: 2 }));
    assert.notEqual(definitionHash({ args: ['a', 'b'] }), definitionHash({ args: ['b', 'a'] }));
    assert.equal(canonicalJson({ b: 1, a: undefined, c: null }), '{"b":1,"c":null}');
  });

  it('tells added, removed, changed and unchanged servers apart', () => {
    const before = new Map<string, unknown>([
      ['keep', { type: 'stdio', command: 'a' }],
      ['edit', { type: 'http', url: 'http://h/1' }],
      ['drop', { type: 'stdio', command: 'b' }],
    ]);
    const after = new Map<string, unknown>([
      ['keep', { command: 'a', type: 'stdio' }],
      ['edit', { type: 'http', url: 'http://h/2' }],
      ['new', { type: 'stdio', command: 'c' }],
    ]);
    assert.deepEqual(diffDefinitions(before, after), { added: ['new'], removed: ['drop'], changed: ['edit'], unchanged: ['keep'] });
  });
});
