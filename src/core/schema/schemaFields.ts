/**
 * How the product reads the fields of a JSON Schema object: the choices a field offers (enum with
 * optional enumNames, or oneOf/anyOf of titled consts, also as an array's items) and whether text
 * fits a string format. One reader for tool arguments, the elicitation form (also in its webview
 * page) and the defaults the command line and hosted tasks fill in. Pure: runs in Node and in a
 * browser.
 */

export type JsonSchema = Record<string, unknown>;
export type ChoiceValue = string | number | boolean;

export interface Choice {
  readonly value: ChoiceValue;
  readonly label: string;
}

/** The string formats a person can be told how to write. */
export const TEXT_FORMATS = ['email', 'uri', 'date', 'date-time'] as const;
export type TextFormat = (typeof TEXT_FORMATS)[number];

export function isSchemaObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asSchema(value: unknown): JsonSchema {
  return isSchemaObject(value) ? value : {};
}

export function isChoiceValue(value: unknown): value is ChoiceValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * The choices of a single-select field, in order: a non-empty enum of plain values (labelled by
 * enumNames where given), or a oneOf/anyOf whose every alternative is a const (labelled by its
 * title). Undefined for any other field.
 */
export function choicesOf(field: JsonSchema): Choice[] | undefined {
  if (Array.isArray(field.enum) && field.enum.length > 0 && field.enum.every(isChoiceValue)) {
    const names = Array.isArray(field.enumNames) ? field.enumNames : [];
    return field.enum.map((value, i) => ({ value, label: typeof names[i] === 'string' ? names[i] : String(value) }));
  }
  const alternatives = Array.isArray(field.oneOf) ? field.oneOf : Array.isArray(field.anyOf) ? field.anyOf : undefined;
  if (!alternatives || alternatives.length === 0) return undefined;
  const choices: Choice[] = [];
  for (const alternative of alternatives) {
    if (!isSchemaObject(alternative) || !isChoiceValue(alternative.const)) return undefined;
    choices.push({ value: alternative.const, label: typeof alternative.title === 'string' && alternative.title ? alternative.title : String(alternative.const) });
  }
  return choices;
}

/** The choices of a multi-select field: an array whose items offer choices. */
export function itemChoicesOf(field: JsonSchema): Choice[] | undefined {
  return field.type === 'array' && isSchemaObject(field.items) ? choicesOf(field.items) : undefined;
}

/** Undefined when `text` fits the format (or the format is not one we check); otherwise how to fix it. */
export function formatProblem(format: string | undefined, text: string): string | undefined {
  switch (format) {
    case 'email':
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text) ? undefined : 'Enter an email address, like name@example.com.';
    case 'uri': {
      if (!/^[a-z][a-z0-9+.-]*:\S+$/i.test(text)) return 'Enter a full address, like https://example.com.';
      try { new URL(text); return undefined; } catch { return 'Enter a full address, like https://example.com.'; }
    }
    case 'date':
      return validDate(text) ? undefined : 'Enter a date as YYYY-MM-DD.';
    case 'date-time': {
      const m = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i.exec(text);
      return m && validDate(m[1]) ? undefined : 'Enter a date and time, like 2025-01-31T14:30:00Z.';
    }
    default:
      return undefined;
  }
}

function validDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}
