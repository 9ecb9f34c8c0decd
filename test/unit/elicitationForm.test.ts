import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { createFormModel, type FormField } from '../../src/vscode/prompts/form/formModel';
import { formHtml } from '../../src/vscode/prompts/form/formHtml';
import { repoRoot } from '../support/httpServerProcess';

const model = createFormModel();

// The schema server-everything's trigger-elicitation-request sends (every field kind).
const everythingSchema = {
  type: 'object',
  properties: {
    name: { title: 'String', type: 'string', description: 'Your full, legal name' },
    check: { title: 'Boolean', type: 'boolean' },
    firstLine: { title: 'String with default', type: 'string', default: 'It was a dark and stormy night.' },
    email: { title: 'String with email format', type: 'string', format: 'email' },
    homepage: { type: 'string', format: 'uri', title: 'String with uri format' },
    birthdate: { title: 'String with date format', type: 'string', format: 'date' },
    integer: { title: 'Integer', type: 'integer', minimum: 1, maximum: 100, default: 42 },
    number: { title: 'Number in range 1-1000', type: 'number', minimum: 0, maximum: 1000, default: 3.14 },
    untitledSingleSelectEnum: { type: 'string', title: 'Untitled', enum: ['Monica', 'Rachel', 'Joey'], default: 'Monica' },
    untitledMultipleSelectEnum: { type: 'array', title: 'Instruments', minItems: 1, maxItems: 3, items: { type: 'string', enum: ['Guitar', 'Piano', 'Violin', 'Drums', 'Bass'] }, default: ['Guitar'] },
    titledSingleSelectEnum: { type: 'string', title: 'Hero', oneOf: [{ const: 'hero-1', title: 'Superman' }, { const: 'hero-2', title: 'Green Lantern' }], default: 'hero-1' },
    titledMultipleSelectEnum: { type: 'array', title: 'Fish', minItems: 1, maxItems: 3, items: { anyOf: [{ const: 'fish-1', title: 'Tuna' }, { const: 'fish-2', title: 'Salmon' }] }, default: ['fish-1'] },
    legacyTitledEnum: { type: 'string', title: 'Pet', enum: ['pet-1', 'pet-2'], enumNames: ['Cats', 'Dogs'], default: 'pet-1' },
  },
  required: ['name'],
};

function field(name: string, fields: readonly FormField[]): FormField {
  const f = fields.find((x) => x.name === name);
  assert.ok(f, `no field ${name}`);
  return f;
}

describe('elicitation form model', () => {
  const { fields, problems } = model.plan(everythingSchema);

  it('plans one field per property with its kind, format, limits, options and required mark', () => {
    assert.deepEqual(problems, []);
    assert.deepEqual(fields.map((f) => [f.name, f.kind]), [
      ['name', 'text'], ['check', 'boolean'], ['firstLine', 'text'], ['email', 'text'], ['homepage', 'text'], ['birthdate', 'text'],
      ['integer', 'integer'], ['number', 'number'], ['untitledSingleSelectEnum', 'select'], ['untitledMultipleSelectEnum', 'multiselect'],
      ['titledSingleSelectEnum', 'select'], ['titledMultipleSelectEnum', 'multiselect'], ['legacyTitledEnum', 'select'],
    ]);
    assert.equal(field('name', fields).required, true);
    assert.equal(field('email', fields).required, false);
    assert.equal(field('email', fields).format, 'email');
    assert.equal(field('homepage', fields).format, 'uri');
    assert.equal(field('integer', fields).minimum, 1);
    assert.equal(field('integer', fields).maximum, 100);
    assert.equal(field('untitledMultipleSelectEnum', fields).maxItems, 3);
    assert.deepEqual(field('untitledSingleSelectEnum', fields).options?.[1], { value: 'Rachel', label: 'Rachel' });
    assert.deepEqual(field('titledSingleSelectEnum', fields).options?.[1], { value: 'hero-2', label: 'Green Lantern' });
    assert.deepEqual(field('titledMultipleSelectEnum', fields).options?.[1], { value: 'fish-2', label: 'Salmon' });
    assert.deepEqual(field('legacyTitledEnum', fields).options?.[1], { value: 'pet-2', label: 'Dogs' });
  });

  it('starts from the defaults and sends them when the fields are left untouched', () => {
    const entries = model.initialEntries(fields);
    assert.equal(entries.firstLine, 'It was a dark and stormy night.');
    assert.equal(entries.integer, '42');
    assert.deepEqual(entries.untitledMultipleSelectEnum, ['Guitar']);
    const outcome = model.evaluate(fields, { ...entries, name: 'Ada Lovelace' });
    assert.equal(outcome.valid, true, JSON.stringify(outcome.errors));
    assert.deepEqual(outcome.content, {
      name: 'Ada Lovelace', firstLine: 'It was a dark and stormy night.', integer: 42, number: 3.14,
      untitledSingleSelectEnum: 'Monica', untitledMultipleSelectEnum: ['Guitar'], titledSingleSelectEnum: 'hero-1',
      titledMultipleSelectEnum: ['fish-1'], legacyTitledEnum: 'pet-1',
    });
    // Entries missing altogether (a page that sent fewer) fall back to the defaults too.
    assert.deepEqual(model.evaluate(fields, { name: 'Ada' }).content, { ...outcome.content, name: 'Ada' });
  });

  it('enforces required fields before accepting', () => {
    const outcome = model.evaluate(fields, model.initialEntries(fields));
    assert.equal(outcome.valid, false);
    assert.deepEqual(Object.keys(outcome.errors), ['name']);
    assert.match(outcome.errors.name, /String is required/);
    const required = model.plan({ type: 'object', properties: { size: { type: 'string', enum: ['S', 'M'] }, ok: { type: 'boolean' }, n: { type: 'number' } }, required: ['size', 'ok', 'n'] });
    const errors = model.evaluate(required.fields, model.initialEntries(required.fields)).errors;
    assert.match(errors.size, /Choose a value/);
    assert.match(errors.n, /required/);
    // A required checkbox left alone is an answer: false.
    assert.equal(errors.ok, undefined);
    assert.equal(model.evaluate(required.fields, { size: 'M', n: '1' }).content.ok, false);
  });

  it('leaves empty optional fields out, and untouched optional checkboxes too', () => {
    const outcome = model.evaluate(fields, { ...model.initialEntries(fields), name: 'x', firstLine: '', integer: '', untitledMultipleSelectEnum: [] });
    assert.equal(outcome.valid, true, JSON.stringify(outcome.errors));
    for (const name of ['firstLine', 'integer', 'untitledMultipleSelectEnum']) assert.equal(name in outcome.content, false, name);
    const optional = model.plan({ type: 'object', properties: { tags: { type: 'array', items: { enum: ['a', 'b'] } }, flag: { type: 'boolean' }, note: { type: 'string' } } });
    const content = model.evaluate(optional.fields, model.initialEntries(optional.fields)).content;
    assert.deepEqual(content, {});
    assert.deepEqual(model.evaluate(optional.fields, { flag: false, note: 'n', tags: ['b'] }).content, { flag: false, note: 'n', tags: ['b'] });
  });

  it('checks number ranges and whole numbers', () => {
    const base = { ...model.initialEntries(fields), name: 'x' };
    assert.match(model.evaluate(fields, { ...base, integer: '101' }).errors.integer, /from 1 to 100/);
    assert.match(model.evaluate(fields, { ...base, integer: '0' }).errors.integer, /from 1 to 100/);
    assert.match(model.evaluate(fields, { ...base, integer: '4.5' }).errors.integer, /whole number/);
    assert.match(model.evaluate(fields, { ...base, number: 'not a number' }).errors.number, /Enter a number/);
    assert.equal(model.evaluate(fields, { ...base, number: '1000' }).content.number, 1000);
    assert.equal(model.evaluate(fields, { ...base, number: ' 0.5 ' }).content.number, 0.5);
  });

  it('checks string lengths and the email, uri, date and date-time formats', () => {
    const plan = model.plan({ type: 'object', properties: {
      code: { type: 'string', minLength: 2, maxLength: 4 },
      when: { type: 'string', format: 'date-time' },
    } });
    assert.match(model.evaluate(plan.fields, { code: 'a' }).errors.code, /at least 2/);
    assert.match(model.evaluate(plan.fields, { code: 'abcde' }).errors.code, /at most 4/);
    assert.equal(model.evaluate(plan.fields, { code: 'ab😀' }).valid, true, 'lengths count characters, not UTF-16 units');
    const base = { ...model.initialEntries(fields), name: 'x' };
    assert.match(model.evaluate(fields, { ...base, email: 'ada@' }).errors.email, /email address/);
    assert.equal(model.evaluate(fields, { ...base, email: 'ada@example.org' }).content.email, 'ada@example.org');
    assert.match(model.evaluate(fields, { ...base, homepage: 'example.com' }).errors.homepage, /full address/);
    assert.equal(model.evaluate(fields, { ...base, homepage: 'https://example.com/me' }).valid, true);
    assert.match(model.evaluate(fields, { ...base, birthdate: '1815-02-30' }).errors.birthdate, /YYYY-MM-DD/);
    assert.equal(model.evaluate(fields, { ...base, birthdate: '1815-12-10' }).content.birthdate, '1815-12-10');
    assert.equal(model.formatProblem('date-time', '2025-01-31T14:30:00+01:00'), undefined);
    assert.equal(model.formatProblem('date-time', '2025-01-31T14:30:00.250Z'), undefined);
    assert.ok(model.formatProblem('date-time', '2025-01-31T14:30'), 'seconds and an offset are required');
    assert.ok(model.formatProblem('date-time', '2025-02-31T14:30:00Z'));
  });

  it('accepts only listed choices, and honours minItems / maxItems', () => {
    const base = { ...model.initialEntries(fields), name: 'x' };
    assert.match(model.evaluate(fields, { ...base, titledSingleSelectEnum: 'Superman' }).errors.titledSingleSelectEnum, /not one of the choices/);
    assert.match(model.evaluate(fields, { ...base, untitledMultipleSelectEnum: ['Guitar', 'Kazoo'] }).errors.untitledMultipleSelectEnum, /Kazoo/);
    assert.match(model.evaluate(fields, { ...base, untitledMultipleSelectEnum: ['Guitar', 'Piano', 'Violin', 'Drums'] }).errors.untitledMultipleSelectEnum, /at most 3/);
    const required = model.plan({ ...everythingSchema, required: ['name', 'titledMultipleSelectEnum'] }).fields;
    assert.match(model.evaluate(required, { ...base, titledMultipleSelectEnum: [] }).errors.titledMultipleSelectEnum, /at least 1/);
    assert.deepEqual(model.evaluate(fields, { ...base, titledMultipleSelectEnum: ['fish-2', 'fish-1'] }).content.titledMultipleSelectEnum, ['fish-2', 'fish-1']);
  });

  it('names the properties a form cannot show', () => {
    const plan = model.plan({ type: 'object', properties: { ok: { type: 'string' }, nested: { type: 'object' }, list: { type: 'array', items: { type: 'string' } } } });
    assert.deepEqual(plan.fields.map((f) => f.name), ['ok']);
    assert.equal(plan.problems.length, 2);
    assert.match(plan.problems[0], /nested/);
    assert.deepEqual(model.plan(undefined), { fields: [], problems: [] });
  });
});

describe('elicitation form page', () => {
  const init = { fields: model.plan(everythingSchema).fields, entries: {}, server: 'everything', message: 'Hi </script><script>alert(1)</script>' };
  const page = {
    nonce: 'abc123', cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/elicitationForm.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/elicitationForm.css',
  };
  const html = formHtml({ ...page, title: 'everything <asks>', init });

  it('runs only the script that carries the nonce, takes styles only from the extension, and nothing remote', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc123';/);
    assert.ok(csp.includes(`style-src ${page.cspSource};`), csp);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const sources = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(sources.sort(), [page.scriptUri, page.styleUri].sort());
    assert.match(html, new RegExp(`<link rel="stylesheet" href="${page.styleUri.replace(/[.+]/g, '\\$&')}">`));
    assert.doesNotMatch(html, /<style\b/);
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.equal(scripts.length, 2);
    for (const tag of scripts) assert.match(tag, /nonce="abc123"/);
  });

  it('keeps server text from ending the script or the title', () => {
    assert.equal((html.match(/<\/script>/g) ?? []).length, 2);
    assert.match(html, /<title>everything &#60;asks&#62;<\/title>/);
    const json = /<script type="application\/json" id="form-init" nonce="abc123">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    assert.equal(JSON.parse(json).message, init.message);
  });

  it('builds into a browser script that carries the form model and needs nothing from Node or VS Code', async () => {
    const entry = path.join(repoRoot, 'src/webview/elicitationForm/main.ts');
    const built = await esbuild.build({ entryPoints: [entry], bundle: true, write: false, platform: 'browser', format: 'iife', metafile: true, logLevel: 'silent' });
    const inputs = Object.keys(built.metafile.inputs);
    assert.deepEqual(inputs.map((f) => path.basename(f)).sort(), ['dom.ts', 'fieldControls.ts', 'formModel.ts', 'formPage.ts', 'localTime.ts', 'main.ts', 'schemaFields.ts']);
    const code = built.outputFiles[0].text;
    assert.doesNotMatch(code, /\brequire\(/);
    assert.doesNotThrow(() => new Function(code));
  });
});
