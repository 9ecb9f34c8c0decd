/** `mcp-tasks tools TARGET`: the server's tools with their task support and a summary of their arguments. */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { expectPositionals, parseArgs, TARGET_FLAGS } from '../args';
import type { CliContext } from '../context';
import { EXIT_OK } from '../errors';
import { CliHostRequests } from '../hostRequests';
import { writeJson, writeStdout } from '../resultOutput';
import { CliRuntime } from '../runtime';
import { resolveTarget } from '../target';

export const TOOLS_HELP = `usage: mcp-tasks tools TARGET [--json]

Lists the server's tools: name, task support (forbidden, optional, required) and arguments
("name*" = required, "= value" = default).

TARGET: --url URL [--header K:V]... | --stdio "COMMAND ARG..." | --server NAME [--config FILE]`;

export async function runTools(argv: readonly string[], ctx: CliContext): Promise<number> {
  const parsed = parseArgs(argv, [...TARGET_FLAGS, { name: 'json', kind: 'boolean' }], 'tools');
  if (parsed.booleans.has('help')) {
    await writeStdout(TOOLS_HELP);
    return EXIT_OK;
  }
  expectPositionals(parsed, 0, 'tools');
  const target = await resolveTarget(parsed, ctx.env, ctx.askInput);
  const runtime = new CliRuntime(target, new CliHostRequests({ terminal: ctx.terminal }), ctx.logger);
  try {
    await runtime.connect();
    const tools = await runtime.settledTools();
    await (parsed.booleans.has('json') ? writeJson(tools) : writeStdout(formatTools(tools)));
    return EXIT_OK;
  } finally {
    await runtime.dispose();
  }
}

export function taskSupportOf(tool: Tool): string {
  return tool.execution?.taskSupport ?? 'forbidden';
}

export function formatTools(tools: readonly Tool[]): string {
  if (tools.length === 0) return '(no tools)';
  const width = Math.min(40, Math.max(...tools.map((t) => t.name.length)));
  return tools.map((tool) => {
    const head = `${tool.name.padEnd(width)}  task:${taskSupportOf(tool).padEnd(9)}  ${summarizeSchema(tool.inputSchema)}`.trimEnd();
    const description = tool.description?.split(/\r?\n/).find((l) => l.trim())?.trim();
    return description ? `${head}\n  ${description}` : head;
  }).join('\n');
}

/** "topic*: string, ambiguous: boolean = false" */
export function summarizeSchema(schema: unknown): string {
  const s = (schema ?? {}) as { properties?: Record<string, Record<string, unknown>>; required?: unknown };
  const required = new Set(Array.isArray(s.required) ? s.required : []);
  const fields = Object.entries(s.properties ?? {}).map(([name, field]) => {
    const type = typeOf(field);
    const fallback = field.default !== undefined ? ` = ${JSON.stringify(field.default)}` : '';
    return `${name}${required.has(name) ? '*' : ''}: ${type}${fallback}`;
  });
  return fields.length ? fields.join(', ') : '(no arguments)';
}

function typeOf(field: Record<string, unknown>): string {
  if (Array.isArray(field.enum)) return field.enum.map((v) => JSON.stringify(v)).join('|');
  if (Array.isArray(field.type)) return field.type.join('|');
  if (typeof field.type === 'string') {
    if (field.type === 'array') return `${typeOf((field.items ?? {}) as Record<string, unknown>)}[]`;
    return field.type;
  }
  if (Array.isArray(field.anyOf)) return field.anyOf.map((f) => typeOf(f as Record<string, unknown>)).join('|');
  return 'any';
}

export function unknownToolMessage(tool: string, server: string, tools: readonly Tool[]): string {
  const names = tools.map((t) => t.name);
  const close = names.filter((n) => n.includes(tool) || tool.includes(n)).slice(0, 3);
  const hint = close.length ? ` (did you mean ${close.join(', ')}?)` : names.length ? ` (run mcp-tasks tools to list its ${names.length} tools)` : ' (it has no tools)';
  return `unknown tool "${tool}" on ${server}${hint}`;
}
