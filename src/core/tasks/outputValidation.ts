/**
 * Checks a tool's structuredContent against the tool's outputSchema. The SDK's Client does this
 * only inside `callTool`, not for task results (`tasks/result`), so the engine does it for both.
 */
import { SchemaValidator } from '../schemaValidator';
import type { JsonSchemaType, JsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';

export class OutputValidator {
  private readonly ajv = new SchemaValidator();
  private readonly cache = new WeakMap<object, JsonSchemaValidator<unknown>>();

  /** Undefined when the result is acceptable; otherwise what is wrong with it. */
  check(tool: Tool | undefined, result: CallToolResult): string | undefined {
    const schema = tool?.outputSchema;
    if (!schema || result.isError) return undefined;
    if (result.structuredContent === undefined) {
      return `the tool declares an output schema but returned no structuredContent`;
    }
    let validator = this.cache.get(schema);
    if (!validator) {
      try {
        validator = this.ajv.getValidator(schema as JsonSchemaType);
      } catch (err) {
        return `the tool's output schema cannot be compiled: ${err instanceof Error ? err.message : String(err)}`;
      }
      this.cache.set(schema, validator);
    }
    const outcome = validator(result.structuredContent);
    return outcome.valid ? undefined : `structuredContent does not match the tool's output schema: ${outcome.errorMessage}`;
  }
}
