import * as assert from 'node:assert/strict';
import { LineIndex, parseJsonc, toValue } from '../../src/core/config/jsonc';

function value(text: string): unknown {
  const result = parseJsonc(text);
  assert.ok(result.ok, JSON.stringify(result));
  return toValue(result.root);
}

function error(text: string): string {
  const result = parseJsonc(text);
  assert.ok(!result.ok, 'expected a syntax error');
  const { line, column } = new LineIndex(text).position(result.error.offset);
  return `${line}:${column} ${result.error.message}`;
}

describe('JSONC', () => {
  it('parses plain JSON like JSON.parse', () => {
    const text = '{"a":[1,-2.5e3,true,false,null,"x\\n\\u00e9\\"/"],"b":{}}';
    assert.deepEqual(value(text), JSON.parse(text));
  });

  it('accepts comments, trailing commas and a byte-order mark', () => {
    assert.deepEqual(value('\uFEFF{\n // line\n "a": [1, 2,], /* block\n over lines */ "b": "//not a comment",\n}'), { a: [1, 2], b: '//not a comment' });
  });

  it('reports syntax errors at their line and column', () => {
    assert.equal(error('{\n  "a": 1\n  "b": 2\n}'), '3:3 Expected "," or "}" after a property value.');
    assert.equal(error('{ "a": }'), '1:8 Unexpected character "}"; expected a value.');
    assert.equal(error('{ a: 1 }'), '1:3 Expected a property name in double quotes.');
    assert.equal(error('{ "a" 1 }'), '1:7 Expected ":" after the property name "a".');
    assert.equal(error('{ "a": "open\n" }'), '1:8 Unterminated string.');
    assert.equal(error('{ "a": [1 2] }'), '1:11 Expected "," or "]" after an array element.');
    assert.equal(error('{ "a": 1 } x'), '1:12 Unexpected text after the end of the JSON value.');
    assert.equal(error('{ "a": 1'), '1:9 Unexpected end of file; expected "}".');
    assert.equal(error('  // only a comment\n'), '2:1 The file is empty; expected a JSON object.');
    assert.equal(error('{ "a": "\\x" }'), '1:9 Invalid escape sequence in a string.');
  });

  it('words the other syntax errors for a person, at the character to fix', () => {
    assert.equal(error("{ 'a': 1 }"), '1:3 Strings must use double quotes.');
    assert.equal(error('[1, 2'), '1:6 Unexpected end of file; expected "]".');
    assert.equal(error('{ "a": /* open'), '1:8 Unterminated /* comment.');
    assert.equal(error('{ "a": "\\u12" }'), '1:9 Invalid \\u escape in a string.');
    assert.equal(error(''), '1:1 The file is empty; expected a JSON object.');
    assert.equal(error('\uFEFF{ "a": }'), '1:9 Unexpected character "}"; expected a value.');
  });

  it('keeps where every value and key is', () => {
    const text = '{\n  "servers": { "a": [1, "x"] }\n}';
    const result = parseJsonc(text);
    assert.ok(result.ok && result.root.kind === 'object');
    const servers = result.root.properties[0];
    assert.equal(text.slice(servers.keyOffset, servers.keyOffset + 9), '"servers"');
    assert.ok(servers.value.kind === 'object');
    const list = servers.value.properties[0].value;
    assert.ok(list.kind === 'array');
    assert.deepEqual(list.items.map((item) => text.slice(item.offset, item.end)), ['1', '"x"']);
  });

  it('keeps the first of duplicate keys in plain values', () => {
    assert.deepEqual(value('{ "a": 1, "a": 2 }'), { a: 1 });
  });

  it('maps offsets to 1-based line and column', () => {
    const index = new LineIndex('ab\ncd\r\nef');
    assert.deepEqual(index.position(0), { line: 1, column: 1 });
    assert.deepEqual(index.position(3), { line: 2, column: 1 });
    assert.deepEqual(index.position(8), { line: 3, column: 2 });
  });
});
