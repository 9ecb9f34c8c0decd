/** The arguments a model passes for a tool: checked against the tool's input schema before anything is sent. */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { checkArguments } from '../tasks/model/argumentValidation';
import type { Found } from './agentReply';
import { compactSchema } from './toolCatalog';

/** A JSON object; models sometimes send it as a JSON string, which is accepted. */
export function parseCallArguments(value: unknown): Found<Record<string, unknown>> {
  if (value === undefined || value === null) return { ok: true, value: {} };
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = value.trim() === '' ? {} : JSON.parse(value);
    } catch {
      return { ok: false, message: `"arguments" must be a JSON object, e.g. {"topic": "weather"}; got a string that is not JSON.` };
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, message: `"arguments" must be a JSON object, e.g. {"topic": "weather"}; got ${Array.isArray(parsed) ? 'an array' : typeof parsed}.` };
  }
  return { ok: true, value: parsed as Record<string, unknown> };
}

/** Undefined when the arguments fit; else what is wrong, with the schema to fix them by. */
export function argumentProblem(serverLabel: string, tool: Tool, args: Record<string, unknown>): string | undefined {
  const problem = checkArguments(tool.inputSchema as Record<string, unknown> | undefined, args);
  if (!problem) return undefined;
  return [
    `The arguments do not fit ${tool.name}'s input schema: ${problem}`,
    `input schema: ${compactSchema(tool.inputSchema, 3000, serverLabel, tool.name)}`,
    'Nothing was started. Correct the arguments and call again.',
  ].join('\n');
}
