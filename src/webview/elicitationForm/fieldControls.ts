/**
 * One builder per kind of form field. Each puts its label, description and control into the
 * field's box, reports what the person enters, and says which element takes the focus.
 */
import type { Entry, FormField } from '../../vscode/prompts/form/formModel';
import { el, requiredMark } from './dom';
import { toLocal, toRfc3339 } from './localTime';

export interface FieldContext {
  readonly field: FormField;
  /** The element id of the field's control (choices get `${id}-${i}`). */
  readonly id: string;
  readonly box: HTMLElement;
  readonly entry: Entry;
  /** The ids of the description (if any) and the error line, for aria-describedby. */
  readonly describedBy: string;
  readonly description: HTMLElement | undefined;
  /** A new entry; `show` says whether its error may show now (after a change, not while typing). */
  readonly changed: (entry: Entry, show: boolean) => void;
  /** The person left the field: its error may show. */
  readonly touched: () => void;
}

type Builder = (ctx: FieldContext) => HTMLElement;

/** Builds the field's control; returns the element that takes the focus. */
export function buildField(ctx: FieldContext): HTMLElement {
  return BUILDERS[ctx.field.kind](ctx);
}

const checkbox: Builder = ({ field, id, box, entry, describedBy, description, changed }) => {
  const input = el('input', { type: 'checkbox', id, name: field.name, 'aria-describedby': describedBy });
  input.checked = entry === true;
  const label = el('label', { class: 'check', for: id });
  label.append(input, el('span', {}, field.title), requiredMark(field.required));
  input.addEventListener('change', () => changed(input.checked, true));
  box.append(label);
  if (description) box.append(description);
  return input;
};

const multiselect: Builder = ({ field, id, box, entry, describedBy, description, changed }) => {
  const set = el('fieldset', { 'aria-describedby': describedBy });
  const legend = el('legend', {}, field.title);
  legend.append(requiredMark(field.required));
  set.append(legend);
  if (description) set.append(description);
  const list = el('div', { class: 'choices' });
  const chosen = Array.isArray(entry) ? entry : [];
  const boxes = (field.options ?? []).map((option, i) => {
    const input = el('input', { type: 'checkbox', id: `${id}-${i}`, value: option.value });
    input.checked = chosen.includes(option.value);
    input.addEventListener('change', () => changed(boxes.filter((b) => b.checked).map((b) => b.value), true));
    const label = el('label', { class: 'check', for: `${id}-${i}` });
    label.append(input, el('span', {}, option.label));
    list.append(label);
    return input;
  });
  const limits = [field.minItems !== undefined ? `at least ${field.minItems}` : '', field.maxItems !== undefined ? `at most ${field.maxItems}` : ''].filter(Boolean).join(', ');
  if (limits) set.append(el('div', { class: 'description' }, `Choose ${limits}.`));
  set.append(list);
  box.append(set);
  return boxes[0] ?? set;
};

/** A labelled control on its own line (select, text, number), with the field's limits under it. */
function labelled(ctx: FieldContext, control: HTMLElement): HTMLElement {
  const { field, id, box, description } = ctx;
  const label = el('label', { for: id }, field.title);
  label.append(requiredMark(field.required));
  box.append(label);
  if (description) box.append(description);
  box.append(control);
  const limits = limitsText(field);
  if (limits) box.append(el('div', { class: 'limits' }, limits));
  return control;
}

const select: Builder = (ctx) => {
  const { field, id, entry, describedBy, changed } = ctx;
  const input = el('select', { id, name: field.name, 'aria-describedby': describedBy });
  const current = typeof entry === 'string' ? entry : '';
  if (!field.required || current === '') input.append(el('option', { value: '' }, field.required ? 'Choose…' : '(none)'));
  for (const option of field.options ?? []) {
    const node = el('option', { value: option.value }, option.label);
    if (option.value === current) node.setAttribute('selected', '');
    input.append(node);
  }
  input.addEventListener('change', () => changed(input.value, true));
  return labelled(ctx, input);
};

const INPUT_TYPES: Record<string, string> = { email: 'email', uri: 'url', date: 'date', 'date-time': 'datetime-local' };

const textOrNumber: Builder = (ctx) => {
  const { field, id, entry, describedBy, changed, touched } = ctx;
  const numeric = field.kind === 'number' || field.kind === 'integer';
  const type = numeric ? 'number' : INPUT_TYPES[field.format ?? ''] ?? 'text';
  const input = el('input', { id, name: field.name, type, 'aria-describedby': describedBy, autocomplete: 'off', spellcheck: 'false' });
  if (numeric) {
    input.setAttribute('step', field.kind === 'integer' ? '1' : 'any');
    if (field.minimum !== undefined) input.setAttribute('min', String(field.minimum));
    if (field.maximum !== undefined) input.setAttribute('max', String(field.maximum));
  }
  if (field.format === 'date-time') input.setAttribute('step', '1');
  if (field.maxLength !== undefined) input.setAttribute('maxlength', String(field.maxLength));
  if (field.required) input.setAttribute('aria-required', 'true');
  const stored = typeof entry === 'string' ? entry : '';
  input.value = field.format === 'date-time' ? toLocal(stored) : stored;
  const read = (): string => {
    // The browser keeps a half-typed number to itself; the model must still see that it is wrong.
    if (numeric && input.validity.badInput) return 'not a number';
    return field.format === 'date-time' ? toRfc3339(input.value) : input.value;
  };
  input.addEventListener('input', () => changed(read(), false));
  input.addEventListener('change', () => changed(read(), true));
  input.addEventListener('blur', touched);
  return labelled(ctx, input);
};

const BUILDERS: Record<FormField['kind'], Builder> = {
  boolean: checkbox,
  multiselect,
  select,
  text: textOrNumber,
  number: textOrNumber,
  integer: textOrNumber,
};

function limitsText(field: FormField): string {
  const range = (lo: number | undefined, hi: number | undefined, unit: string) =>
    lo !== undefined && hi !== undefined ? `${lo} to ${hi}${unit}` : lo !== undefined ? `at least ${lo}${unit}` : hi !== undefined ? `at most ${hi}${unit}` : '';
  if (field.kind === 'integer') return ['Whole number', range(field.minimum, field.maximum, '')].filter(Boolean).join(', ');
  if (field.kind === 'number') { const r = range(field.minimum, field.maximum, ''); return r ? `Number, ${r}` : ''; }
  if (field.kind === 'text') { const r = range(field.minLength, field.maxLength, ' characters'); return r ? r[0].toUpperCase() + r.slice(1) : ''; }
  return '';
}
