/**
 * The one JSON Schema validator of the product (tool output checks, argument checks, and the
 * SDK's own checks). @cfworker/json-schema, through the SDK's provider for it: it validates without
 * generating code and is a fraction of Ajv's size, which keeps the extension bundle small. The
 * build routes the SDK's default (Ajv) provider here too (esbuild.js), so only one is bundled.
 */
export { CfWorkerJsonSchemaValidator as SchemaValidator } from '@modelcontextprotocol/sdk/validation/cfworker-provider.js';
