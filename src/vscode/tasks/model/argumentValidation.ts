/** Checks arguments against a tool's input schema before they are sent. */
import { SchemaValidator } from '../../../core/schemaValidator';
import type { JsonSchemaType } from '@modelcontextprotocol/sdk/validation/types.js';

const ajv = new SchemaValidator();

/** Undefined when `args` fits the schema; otherwise what is wrong, in words. */
export function checkArguments(schema: Record<string, unknown> | undefined, args: unknown): string | undefined {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return 'The arguments must be a JSON object.';
  if (!schema) return undefined;
  let validate;
  try {
    validate = ajv.getValidator(schema as JsonSchemaType);
  } catch (err) {
    // A schema we cannot compile is the server's problem; let the server judge the arguments.
    void err;
    return undefined;
  }
  const outcome = validate(args);
  return outcome.valid ? undefined : outcome.errorMessage ?? 'The arguments do not match the tool\'s input schema.';
}

/** Parses the JSON a person edited; the message names the line when it is not JSON. */
export function parseArgumentsJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const pos = /position (\d+)/.exec(message);
    if (pos) {
      const line = text.slice(0, Number(pos[1])).split('\n').length;
      return { ok: false, message: `Not valid JSON (line ${line}): ${message}` };
    }
    return { ok: false, message: `Not valid JSON: ${message}` };
  }
}
