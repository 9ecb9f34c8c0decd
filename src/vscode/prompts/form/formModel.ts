/**
 * The elicitation form's model: which fields a `requestedSchema` asks for, what the form starts
 * with (the schema's defaults), and how what a person entered becomes the `content` of an accept
 * (validated: required, lengths, ranges, formats, enum membership, item counts).
 *
 * The form page in the webview runs this very module (its browser bundle includes it), and the
 * extension judges the posted entries again with it, so both sides judge them the same way.
 * It must run in a browser too: nothing from Node or 'vscode'.
 */
import { asSchema, choicesOf, formatProblem, itemChoicesOf, TEXT_FORMATS, type Choice, type JsonSchema, type TextFormat } from '../../../core/schema/schemaFields';

export type { TextFormat } from '../../../core/schema/schemaFields';

export type FieldValue = string | number | boolean | string[];

/** What a person entered: text for text and number fields, true/false, a choice, several choices. */
export type Entry = string | boolean | string[] | undefined;
export type Entries = Record<string, Entry>;

export type FieldKind = 'text' | 'number' | 'integer' | 'boolean' | 'select' | 'multiselect';

export interface FieldOption {
  readonly value: string;
  readonly label: string;
}

export interface FormField {
  readonly name: string;
  readonly title: string;
  readonly description?: string;
  readonly required: boolean;
  readonly kind: FieldKind;
  readonly format?: TextFormat;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly options?: readonly FieldOption[];
  readonly default?: FieldValue;
}

export interface FormPlan {
  readonly fields: readonly FormField[];
  /** Properties the form cannot show (not one of the primitive kinds elicitation allows). */
  readonly problems: readonly string[];
}

export interface FormOutcome {
  /** What an accept sends: entered values, defaults for untouched fields, empty optional fields left out. */
  readonly content: Record<string, FieldValue>;
  /** Field name → what is wrong, in words. */
  readonly errors: Record<string, string>;
  readonly valid: boolean;
}

export interface FormModel {
  plan(schema: unknown): FormPlan;
  /** The entries a form starts with: the defaults. */
  initialEntries(fields: readonly FormField[]): Entries;
  evaluate(fields: readonly FormField[], entries: Entries): FormOutcome;
  /** Undefined when `text` fits the format; otherwise how to fix it. */
  formatProblem(format: TextFormat | undefined, text: string): string | undefined;
}

/** The model as one object (the form page receives it; the extension uses the same functions). */
export function createFormModel(): FormModel {
  return { plan, initialEntries, evaluate, formatProblem };
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
/** Elicitation choices are strings: other values cannot be chosen in a form. */
const stringChoices = (choices: Choice[] | undefined): FieldOption[] | undefined =>
  choices?.filter((c): c is Choice & { value: string } => typeof c.value === 'string');

function fieldOf(name: string, p: JsonSchema, required: boolean): FormField | string {
  const base: Record<string, unknown> = { name, title: str(p.title) ?? name, required };
  if (str(p.description)) base.description = p.description;
  const limits = (...keys: string[]) => { for (const k of keys) if (num(p[k]) !== undefined) base[k] = p[k]; };
  if (p.type === 'array') {
    const options = stringChoices(itemChoicesOf(p));
    if (!options || options.length === 0) return `“${name}” is a list without choices`;
    limits('minItems', 'maxItems');
    if (Array.isArray(p.default)) base.default = p.default.filter((v) => typeof v === 'string');
    return { ...base, kind: 'multiselect', options } as unknown as FormField;
  }
  const options = stringChoices(choicesOf(p));
  if (options && options.length > 0) {
    if (typeof p.default === 'string') base.default = p.default;
    return { ...base, kind: 'select', options } as unknown as FormField;
  }
  switch (p.type) {
    case 'string':
      limits('minLength', 'maxLength');
      if ((TEXT_FORMATS as readonly unknown[]).includes(p.format)) base.format = p.format;
      if (typeof p.default === 'string') base.default = p.default;
      return { ...base, kind: 'text' } as unknown as FormField;
    case 'number':
    case 'integer':
      limits('minimum', 'maximum');
      if (num(p.default) !== undefined) base.default = p.default;
      return { ...base, kind: p.type } as unknown as FormField;
    case 'boolean':
      if (typeof p.default === 'boolean') base.default = p.default;
      return { ...base, kind: 'boolean' } as unknown as FormField;
    default:
      return `“${name}” has a type a form cannot show (${JSON.stringify(p.type ?? null)})`;
  }
}

function plan(schema: unknown): FormPlan {
  const s = asSchema(schema);
  const properties = asSchema(s.properties);
  const required = Array.isArray(s.required) ? s.required : [];
  const fields: FormField[] = [];
  const problems: string[] = [];
  for (const [name, raw] of Object.entries(properties)) {
    const field = fieldOf(name, asSchema(raw), required.includes(name));
    if (typeof field === 'string') problems.push(field);
    else fields.push(field);
  }
  return { fields, problems };
}

function initialEntries(fields: readonly FormField[]): Entries {
  const entries: Entries = {};
  for (const f of fields) {
    const d = f.default;
    if (f.kind === 'boolean') entries[f.name] = typeof d === 'boolean' ? d : undefined;
    else if (f.kind === 'multiselect') entries[f.name] = Array.isArray(d) ? [...d] : [];
    else entries[f.name] = d === undefined ? '' : String(d);
  }
  return entries;
}

/** The value of one field, or an error, or undefined to leave it out. */
function judge(f: FormField, entry: Entry): { value?: FieldValue; error?: string } {
  const missing = `${f.title} is required.`;
  if (f.kind === 'boolean') {
    if (typeof entry === 'boolean') return { value: entry };
    return f.required ? { value: false } : {};
  }
  if (f.kind === 'multiselect') {
    const chosen = Array.isArray(entry) ? entry : [];
    const allowed = (f.options ?? []).map((o) => o.value);
    const stranger = chosen.find((v) => !allowed.includes(v));
    if (stranger !== undefined) return { error: `“${stranger}” is not one of the choices.` };
    if (chosen.length === 0 && !f.required) return {};
    if (chosen.length === 0 && f.minItems === undefined) return { error: missing };
    if (f.minItems !== undefined && chosen.length < f.minItems) return { error: `Choose at least ${f.minItems}.` };
    if (f.maxItems !== undefined && chosen.length > f.maxItems) return { error: `Choose at most ${f.maxItems}.` };
    return { value: [...chosen] };
  }
  const text = typeof entry === 'string' ? entry : '';
  if (f.kind === 'select') {
    if (text === '') return f.required ? { error: `Choose a value for ${f.title}.` } : {};
    return (f.options ?? []).some((o) => o.value === text) ? { value: text } : { error: `“${text}” is not one of the choices.` };
  }
  if (f.kind === 'number' || f.kind === 'integer') {
    const t = text.trim();
    if (t === '') return f.required ? { error: missing } : {};
    const n = Number(t);
    if (!Number.isFinite(n)) return { error: 'Enter a number.' };
    if (f.kind === 'integer' && !Number.isInteger(n)) return { error: 'Enter a whole number.' };
    if (f.minimum !== undefined && n < f.minimum) return { error: `Enter ${f.maximum !== undefined ? `a number from ${f.minimum} to ${f.maximum}` : `at least ${f.minimum}`}.` };
    if (f.maximum !== undefined && n > f.maximum) return { error: `Enter ${f.minimum !== undefined ? `a number from ${f.minimum} to ${f.maximum}` : `at most ${f.maximum}`}.` };
    return { value: n };
  }
  if (text === '') return f.required ? { error: missing } : {};
  const length = [...text].length;
  if (f.minLength !== undefined && length < f.minLength) return { error: `Enter at least ${f.minLength} characters.` };
  if (f.maxLength !== undefined && length > f.maxLength) return { error: `Enter at most ${f.maxLength} characters.` };
  const problem = formatProblem(f.format, text);
  return problem ? { error: problem } : { value: text };
}

function evaluate(fields: readonly FormField[], entries: Entries): FormOutcome {
  const content: Record<string, FieldValue> = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const entry = Object.prototype.hasOwnProperty.call(entries, f.name) ? entries[f.name] : initialEntries([f])[f.name];
    const { value, error } = judge(f, entry);
    if (error) errors[f.name] = error;
    else if (value !== undefined) content[f.name] = value;
  }
  return { content, errors, valid: Object.keys(errors).length === 0 };
}
