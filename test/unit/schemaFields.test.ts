import * as assert from 'node:assert/strict';
import { choicesOf, formatProblem, itemChoicesOf } from '../../src/core/schema/schemaFields';

describe('schema fields', () => {
  it('reads choices from an enum, with enumNames as labels', () => {
    assert.deepEqual(choicesOf({ type: 'string', enum: ['a', 'b'], enumNames: ['Apple'] }), [{ value: 'a', label: 'Apple' }, { value: 'b', label: 'b' }]);
    assert.deepEqual(choicesOf({ type: 'integer', enum: [1, 2] }), [{ value: 1, label: '1' }, { value: 2, label: '2' }]);
  });

  it('reads choices from oneOf or anyOf consts with titles, and refuses a mix with other schemas', () => {
    assert.deepEqual(choicesOf({ oneOf: [{ const: 'x', title: 'Ex' }, { const: 'y' }] }), [{ value: 'x', label: 'Ex' }, { value: 'y', label: 'y' }]);
    assert.deepEqual(choicesOf({ anyOf: [{ const: true, title: 'Yes' }] }), [{ value: true, label: 'Yes' }]);
    assert.equal(choicesOf({ oneOf: [{ const: 'x' }, { type: 'string' }] }), undefined);
    assert.equal(choicesOf({ enum: [] }), undefined);
    assert.equal(choicesOf({ enum: [{ nested: 1 }] }), undefined);
    assert.equal(choicesOf({ type: 'string' }), undefined);
  });

  it('reads the choices of an array from its items', () => {
    assert.deepEqual(itemChoicesOf({ type: 'array', items: { anyOf: [{ const: 'r', title: 'Red' }] } }), [{ value: 'r', label: 'Red' }]);
    assert.equal(itemChoicesOf({ type: 'array', items: { type: 'string' } }), undefined);
    assert.equal(itemChoicesOf({ type: 'string', enum: ['a'] }), undefined);
  });

  it('judges every format one way', () => {
    assert.equal(formatProblem('date-time', '2025-01-31T14:30:00Z'), undefined);
    assert.equal(formatProblem('date-time', '2025-02-30T14:30:00Z'), 'Enter a date and time, like 2025-01-31T14:30:00Z.');
    assert.equal(formatProblem('date-time', '2025-01-31T14:30'), 'Enter a date and time, like 2025-01-31T14:30:00Z.');
    assert.equal(formatProblem('date', '2024-02-29'), undefined);
    assert.equal(formatProblem('date', '2023-02-29'), 'Enter a date as YYYY-MM-DD.');
    assert.equal(formatProblem('email', 'a@b.co'), undefined);
    assert.equal(formatProblem('uri', 'example.com'), 'Enter a full address, like https://example.com.');
    assert.equal(formatProblem('hostname', 'anything'), undefined);
  });
});
