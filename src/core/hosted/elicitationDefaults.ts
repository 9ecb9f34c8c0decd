/**
 * Defaults of elicitation forms, shared by every host front end (the editor's form, the command
 * line's `--answer accept-defaults`, hosted elicitation tasks).
 *
 * `defaultContent`: what a form gets when a person accepts it without typing anything. Every
 * schema default is used; a required field without one gets the first option of an enum, false,
 * the minimum (or 0), or "" — optional fields without a default are left out.
 */

import { asSchema, choicesOf, itemChoicesOf, type JsonSchema } from '../schema/schemaFields';

export type FieldValue = string | number | boolean | string[];

export function defaultContent(requestedSchema: unknown): Record<string, FieldValue> {
  const schema = asSchema(requestedSchema);
  const properties = asSchema(schema.properties);
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
  const content: Record<string, FieldValue> = {};
  for (const [name, raw] of Object.entries(properties)) {
    const field = asSchema(raw);
    if (field.default !== undefined) {
      content[name] = field.default as FieldValue;
      continue;
    }
    if (!required.has(name)) continue;
    content[name] = requiredFallback(field);
  }
  return content;
}

/**
 * Accepted content with the schema's defaults filled in for the fields the person left out
 * (what a host declaring `elicitation.form.applyDefaults` promises). The input is not changed.
 */
export function withDefaults(requestedSchema: unknown, content: Record<string, unknown>): Record<string, unknown> {
  const filled = { ...content };
  for (const [name, raw] of Object.entries(asSchema(asSchema(requestedSchema).properties))) {
    const fallback = asSchema(raw).default;
    if (filled[name] === undefined && fallback !== undefined) filled[name] = fallback;
  }
  return filled;
}

/** The options of a single- or multi-select field, in order; [] for other fields. */
export function enumOptions(field: JsonSchema): { value: string; label: string }[] {
  const choices = field.type === 'array' ? itemChoicesOf(field) : choicesOf(field);
  return (choices ?? []).map((c) => ({ value: String(c.value), label: c.label }));
}

function requiredFallback(field: JsonSchema): FieldValue {
  const options = enumOptions(field);
  if (field.type === 'array') {
    const min = typeof field.minItems === 'number' ? field.minItems : 0;
    return options.slice(0, min).map((o) => o.value);
  }
  if (options.length > 0) return options[0].value;
  switch (field.type) {
    case 'boolean': return false;
    case 'number': return typeof field.minimum === 'number' ? field.minimum : 0;
    case 'integer': return typeof field.minimum === 'number' ? Math.ceil(field.minimum) : 0;
    default: return '';
  }
}
