import * as assert from 'node:assert/strict';
import { parseEnvFile } from '../../src/core/config/envFile';

describe('envFile', () => {
  it('reads KEY=VALUE lines with comments, export and quotes', () => {
    const result = parseEnvFile([
      '# a comment',
      '',
      'PLAIN=value',
      'SPACED = padded value  ',
      'export EXPORTED=yes',
      'DOUBLE="line\\nbreak \\"quoted\\" # not a comment"',
      "SINGLE='raw \\n stays'",
      'TRAILING=value # comment',
      'EMPTY=',
      'URL=http://host/path#fragment',
    ].join('\r\n'));
    assert.deepEqual(result.values, {
      PLAIN: 'value',
      SPACED: 'padded value',
      EXPORTED: 'yes',
      DOUBLE: 'line\nbreak "quoted" # not a comment',
      SINGLE: 'raw \\n stays',
      TRAILING: 'value',
      EMPTY: '',
      URL: 'http://host/path#fragment',
    });
    assert.deepEqual(result.problems, []);
  });

  it('reports malformed lines by number and keeps the rest', () => {
    const result = parseEnvFile('GOOD=1\nnot an assignment\nOPEN="never closed\nALSO=2');
    assert.deepEqual(result.values, { GOOD: '1', ALSO: '2' });
    assert.deepEqual(result.problems, [
      { line: 2, message: 'Expected KEY=VALUE.' },
      { line: 3, message: 'The value of OPEN has no closing quote.' },
    ]);
  });
});
