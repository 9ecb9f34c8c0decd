/**
 * Plans how to ask for a JSON object described by a JSON Schema: one simple step per property
 * (text, number, yes/no, pick one, pick several) when every property is simple, a JSON document
 * otherwise. Used for tool arguments and for the server's questions (elicitation forms).
 */

import { asSchema, choicesOf, formatProblem, isChoiceValue, isSchemaObject, itemChoicesOf, type Choice, type JsonSchema } from '../../../core/schema/schemaFields';

export type { JsonSchema } from '../../../core/schema/schemaFields';
export type PickOption = Choice;

export interface FieldStep {
  readonly name: string;
  readonly title: string;
  readonly description?: string;
  readonly required: boolean;
  readonly kind: 'string' | 'number' | 'integer' | 'boolean' | 'pick' | 'multiPick';
  readonly options?: readonly PickOption[];
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly minItems?: number;
  readonly maxItems?: number;
}

export type ArgumentPlan =
  | { readonly kind: 'none' }
  | { readonly kind: 'steps'; readonly steps: readonly FieldStep[] }
  | { readonly kind: 'json'; readonly reason: string; readonly template: Record<string, unknown> };

export function planArguments(schema: JsonSchema | undefined): ArgumentPlan {
  const properties = isSchemaObject(schema?.properties) ? schema.properties : undefined;
  if (!schema || !properties || Object.keys(properties).length === 0) {
    if (schema && (schema.additionalProperties === true || isSchemaObject(schema.additionalProperties) || schema.anyOf || schema.oneOf || schema.allOf)) {
      return { kind: 'json', reason: 'the tool takes free-form arguments', template: {} };
    }
    return { kind: 'none' };
  }
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
  const steps: FieldStep[] = [];
  for (const [name, raw] of Object.entries(properties)) {
    const property = asSchema(raw);
    const step = simpleStep(name, property, required.has(name));
    if (!step) return { kind: 'json', reason: `“${name}” is not a simple value`, template: jsonTemplate(schema) };
    steps.push(step);
  }
  return { kind: 'steps', steps };
}

function simpleStep(name: string, p: JsonSchema, required: boolean): FieldStep | undefined {
  const base = {
    name,
    title: typeof p.title === 'string' && p.title ? p.title : name,
    ...(typeof p.description === 'string' && p.description ? { description: p.description } : {}),
    required,
    ...('default' in p ? { default: p.default } : {}),
  };
  const options = choicesOf(p);
  if (options) return { ...base, kind: 'pick', options };
  const type = primaryType(p.type);
  switch (type) {
    case 'string':
      return { ...base, kind: 'string', ...numbers(p, ['minLength', 'maxLength']), ...strings(p, ['pattern', 'format']) };
    case 'number':
    case 'integer':
      return { ...base, kind: type, ...numbers(p, ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']) };
    case 'boolean':
      return { ...base, kind: 'boolean' };
    case 'array': {
      const itemOptions = itemChoicesOf(p);
      if (!itemOptions) return undefined;
      return { ...base, kind: 'multiPick', options: itemOptions, ...numbers(p, ['minItems', 'maxItems']) };
    }
    default:
      return undefined;
  }
}

function primaryType(type: unknown): string | undefined {
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) {
    const real = type.filter((t) => t !== 'null');
    return real.length === 1 && typeof real[0] === 'string' ? real[0] : undefined;
  }
  return undefined;
}

export type ParsedInput = { ok: true; value: unknown } | { ok: false; message: string };

/** Turns what a person typed into the field's value; `undefined` value = leave the field out. */
export function parseFieldInput(step: FieldStep, text: string): ParsedInput {
  if (text === '') {
    return step.required ? { ok: false, message: `${step.title} is required.` } : { ok: true, value: undefined };
  }
  if (step.kind === 'number' || step.kind === 'integer') {
    const value = Number(text.trim());
    if (text.trim() === '' || !Number.isFinite(value)) return { ok: false, message: 'Enter a number.' };
    if (step.kind === 'integer' && !Number.isInteger(value)) return { ok: false, message: 'Enter a whole number.' };
    if (step.minimum !== undefined && value < step.minimum) return { ok: false, message: `Enter at least ${step.minimum}.` };
    if (step.maximum !== undefined && value > step.maximum) return { ok: false, message: `Enter at most ${step.maximum}.` };
    if (step.exclusiveMinimum !== undefined && value <= step.exclusiveMinimum) return { ok: false, message: `Enter more than ${step.exclusiveMinimum}.` };
    if (step.exclusiveMaximum !== undefined && value >= step.exclusiveMaximum) return { ok: false, message: `Enter less than ${step.exclusiveMaximum}.` };
    return { ok: true, value };
  }
  if (step.kind === 'string') {
    if (step.minLength !== undefined && text.length < step.minLength) return { ok: false, message: `Enter at least ${step.minLength} characters.` };
    if (step.maxLength !== undefined && text.length > step.maxLength) return { ok: false, message: `Enter at most ${step.maxLength} characters.` };
    if (step.pattern !== undefined && !safePattern(step.pattern).test(text)) return { ok: false, message: `The value must match ${step.pattern}.` };
    const problem = formatProblem(step.format, text);
    if (problem) return { ok: false, message: problem };
    return { ok: true, value: text };
  }
  return { ok: false, message: `${step.title} is chosen from a list.` };
}

/** The text an input box starts with: the default, or nothing. */
export function initialText(step: FieldStep, previous?: unknown): string {
  const value = previous !== undefined ? previous : step.default;
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : String(value);
}

/** Values from defaults alone, and the required fields that have none. */
export function acceptDefaults(steps: readonly FieldStep[]): { values: Record<string, unknown>; missing: string[] } {
  const values: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const step of steps) {
    if (step.default !== undefined) values[step.name] = step.default;
    else if (step.required) missing.push(step.title);
  }
  return { values, missing };
}

/** "steps=5, stepMs=1000, topic=demo" for a one-line summary. */
export function describeValues(values: Record<string, unknown>, max = 100): string {
  const text = Object.entries(values).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ');
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A JSON object to start editing from: defaults where given, a placeholder of the right type elsewhere. */
export function jsonTemplate(schema: JsonSchema, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(asSchema(schema.properties))) out[name] = templateValue(asSchema(raw), depth + 1);
  return out;
}

function templateValue(p: JsonSchema, depth: number): unknown {
  if ('default' in p) return p.default;
  if (isChoiceValue(p.const)) return p.const;
  const options = choicesOf(p);
  if (options) return options[0].value;
  if (depth > 6) return null;
  switch (primaryType(p.type)) {
    case 'string': return '';
    case 'number':
    case 'integer': return typeof p.minimum === 'number' ? p.minimum : 0;
    case 'boolean': return false;
    case 'array': {
      const items = isSchemaObject(p.items) ? p.items : undefined;
      const min = typeof p.minItems === 'number' ? p.minItems : 0;
      return items && min > 0 ? Array.from({ length: Math.min(min, 3) }, () => templateValue(items, depth + 1)) : [];
    }
    case 'object': return jsonTemplate(p, depth);
    default: return null;
  }
}

function safePattern(pattern: string): RegExp {
  try { return new RegExp(pattern, 'u'); } catch { return /[\s\S]*/; }
}

function numbers(p: JsonSchema, names: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of names) if (typeof p[n] === 'number' && Number.isFinite(p[n])) out[n] = p[n] as number;
  return out;
}

function strings(p: JsonSchema, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) if (typeof p[n] === 'string') out[n] = p[n] as string;
  return out;
}
