import * as assert from 'node:assert/strict';
import { acceptDefaults, describeValues, initialText, parseFieldInput, planArguments, type FieldStep } from '../../src/vscode/tasks/model/argumentPlan';
import { checkArguments, parseArgumentsJson } from '../../src/vscode/tasks/model/argumentValidation';

// The demo server's slow_report input schema, as the SDK lists it.
const slowReport = {
  type: 'object',
  properties: {
    steps: { type: 'integer', minimum: 1, maximum: 20, default: 5, description: 'How many steps the report takes (1–20)' },
    stepMs: { type: 'integer', minimum: 0, maximum: 60000, default: 1000 },
    topic: { type: 'string', default: 'demo' },
  },
};

describe('task view: argument steps from a schema', () => {
  it('plans one step per simple property, with defaults, limits and required marks', () => {
    const plan = planArguments({ ...slowReport, required: ['topic'] });
    assert.equal(plan.kind, 'steps');
    if (plan.kind !== 'steps') return;
    assert.deepEqual(plan.steps.map((s) => [s.name, s.kind, s.required, s.default]), [
      ['steps', 'integer', false, 5], ['stepMs', 'integer', false, 1000], ['topic', 'string', true, 'demo'],
    ]);
    assert.equal(plan.steps[0].maximum, 20);
    assert.equal(plan.steps[0].description, 'How many steps the report takes (1–20)');
  });

  it('turns enums, titled consts, booleans and enum arrays into picks', () => {
    const plan = planArguments({
      type: 'object',
      properties: {
        choice: { type: 'string', enum: ['continue', 'pause'], enumNames: ['Continue', 'Pause'] },
        level: { type: 'string', oneOf: [{ const: 'lo', title: 'Low' }, { const: 'hi', title: 'High' }] },
        urgent: { type: 'boolean', default: false },
        tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] }, minItems: 1 },
        maybe: { type: ['string', 'null'] },
      },
      required: ['choice'],
    });
    assert.equal(plan.kind, 'steps');
    if (plan.kind !== 'steps') return;
    const [choice, level, urgent, tags, maybe] = plan.steps;
    assert.deepEqual([choice.kind, choice.options], ['pick', [{ value: 'continue', label: 'Continue' }, { value: 'pause', label: 'Pause' }]]);
    assert.deepEqual(level.options?.map((o) => o.label), ['Low', 'High']);
    assert.equal(urgent.kind, 'boolean');
    assert.deepEqual([tags.kind, tags.minItems], ['multiPick', 1]);
    assert.equal(maybe.kind, 'string');
  });

  it('uses a JSON document for nested objects and arrays, pre-filled from the schema', () => {
    const plan = planArguments({
      type: 'object',
      properties: {
        name: { type: 'string', default: 'x' },
        options: { type: 'object', properties: { depth: { type: 'integer', minimum: 2 }, mode: { enum: ['fast', 'slow'] } } },
        files: { type: 'array', items: { type: 'string' } },
      },
    });
    assert.equal(plan.kind, 'json');
    if (plan.kind !== 'json') return;
    assert.match(plan.reason, /options/);
    assert.deepEqual(plan.template, { name: 'x', options: { depth: 2, mode: 'fast' }, files: [] });
  });

  it('needs no step for a tool without arguments', () => {
    assert.deepEqual(planArguments({ type: 'object', properties: {} }), { kind: 'none' });
    assert.deepEqual(planArguments(undefined), { kind: 'none' });
  });

  it('validates typed values and leaves empty optional fields out', () => {
    const plan = planArguments({ ...slowReport, properties: { ...slowReport.properties, email: { type: 'string', format: 'email' }, name: { type: 'string', minLength: 2 } }, required: ['name'] });
    if (plan.kind !== 'steps') throw new Error('expected steps');
    const [steps, , topic, email, name] = plan.steps as FieldStep[];
    assert.deepEqual(parseFieldInput(steps, '7'), { ok: true, value: 7 });
    assert.deepEqual(parseFieldInput(steps, '7.5'), { ok: false, message: 'Enter a whole number.' });
    assert.deepEqual(parseFieldInput(steps, '21'), { ok: false, message: 'Enter at most 20.' });
    assert.deepEqual(parseFieldInput(steps, 'x'), { ok: false, message: 'Enter a number.' });
    assert.deepEqual(parseFieldInput(steps, ''), { ok: true, value: undefined });
    assert.deepEqual(parseFieldInput(topic, 'weather'), { ok: true, value: 'weather' });
    assert.equal(parseFieldInput(email, 'nope').ok, false);
    assert.equal(parseFieldInput(email, 'a@b.co').ok, true);
    assert.deepEqual(parseFieldInput(name, ''), { ok: false, message: 'name is required.' });
    assert.deepEqual(parseFieldInput(name, 'x'), { ok: false, message: 'Enter at least 2 characters.' });
    assert.equal(initialText(steps), '5');
    assert.equal(initialText(steps, 9), '9');
  });

  it('accepts defaults when every required field has one', () => {
    const plan = planArguments(slowReport);
    if (plan.kind !== 'steps') throw new Error('expected steps');
    assert.deepEqual(acceptDefaults(plan.steps), { values: { steps: 5, stepMs: 1000, topic: 'demo' }, missing: [] });
    assert.equal(describeValues({ steps: 5, stepMs: 1000, topic: 'demo' }), 'steps=5, stepMs=1000, topic=demo');
    const strict = planArguments({ type: 'object', properties: { q: { type: 'string', title: 'Question' } }, required: ['q'] });
    if (strict.kind !== 'steps') throw new Error('expected steps');
    assert.deepEqual(acceptDefaults(strict.steps), { values: {}, missing: ['Question'] });
  });

  it('checks edited JSON against the schema before sending', () => {
    const schema = { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'], additionalProperties: false };
    assert.equal(checkArguments(schema, { n: 1 }), undefined);
    assert.match(checkArguments(schema, { n: 'one' }) ?? '', /integer/);
    assert.match(checkArguments(schema, {}) ?? '', /n/);
    assert.equal(checkArguments(schema, [1]), 'The arguments must be a JSON object.');
    const bad = parseArgumentsJson('{\n  "n": 1,\n}');
    assert.equal(bad.ok, false);
    assert.match(bad.ok ? '' : bad.message, /^Not valid JSON/);
  });
});
