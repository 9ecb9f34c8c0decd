/**
 * Defaults of elicitation forms, shared by every host front end (the editor's form, the command
 * line's `--answer accept-defaults`, hosted elicitation tasks).
 *
 * `defaultContent`: what a form gets when a person accepts it without typing anything. Every
 * schema default is used; a required field without one gets the first option of an enum, false,
 * the minimum (or 0), or "" — optional fields without a default are left out.
 */

export type FieldValue = string | number | boolean | string[];
type Schema = Record<string, unknown>;

export function defaultContent(requestedSchema: unknown): Record<string, FieldValue> {
  const schema = asObject(requestedSchema);
  const properties = asObject(schema.properties);
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
  const content: Record<string, FieldValue> = {};
  for (const [name, raw] of Object.entries(properties)) {
    const field = asObject(raw);
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
  for (const [name, raw] of Object.entries(asObject(asObject(requestedSchema).properties))) {
    const fallback = asObject(raw).default;
    if (filled[name] === undefined && fallback !== undefined) filled[name] = fallback;
  }
  return filled;
}

/** The options of a single- or multi-select field, in order; [] for other fields. */
export function enumOptions(field: Schema): { value: string; label: string }[] {
  const fromEnum = (s: Schema) => {
    if (!Array.isArray(s.enum)) return undefined;
    const names = Array.isArray(s.enumNames) ? s.enumNames : [];
    return s.enum.map((v, i) => ({ value: String(v), label: typeof names[i] === 'string' ? names[i] : String(v) }));
  };
  const fromConsts = (list: unknown) => Array.isArray(list)
    ? list.map(asObject).filter((o) => o.const !== undefined).map((o) => ({ value: String(o.const), label: typeof o.title === 'string' ? o.title : String(o.const) }))
    : undefined;
  if (field.type === 'array') {
    const items = asObject(field.items);
    return fromEnum(items) ?? fromConsts(items.anyOf) ?? fromConsts(items.oneOf) ?? [];
  }
  return fromEnum(field) ?? fromConsts(field.oneOf) ?? fromConsts(field.anyOf) ?? [];
}

function requiredFallback(field: Schema): FieldValue {
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

function asObject(value: unknown): Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Schema) : {};
}
