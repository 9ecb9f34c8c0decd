/**
 * The servers' tools as a model reads them: name, how it runs (background task or plain call),
 * a one-line description and the input schema. Schemas are kept whole while they are small; a
 * large one is cut down to its argument names, with the call that shows it whole.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { McpServerHandle } from '../../core/servers/types';
import { oneLine } from '../tasks/model/taskText';
import { AGENT_TOOLS } from './agentToolNames';
import { taskSupportOf, type TaskSupport } from './serverTargets';

export interface CatalogLimits {
  /** A schema longer than this (as compact JSON) is shortened, unless one tool was asked for. */
  readonly schemaChars: number;
  /** The whole listing; servers beyond it are named but their tools left out. */
  readonly totalChars: number;
}

export const DEFAULT_CATALOG_LIMITS: CatalogLimits = { schemaChars: 1500, totalChars: 12_000 };

export interface CatalogEntry {
  readonly server: McpServerHandle;
  /** Why its tools are not known (not started, refused, still starting). */
  readonly problem?: string;
}

export const TASK_SUPPORT_WORDS: Readonly<Record<TaskSupport, string>> = {
  required: 'background task',
  optional: 'background task (task support optional)',
  forbidden: 'plain call (no task support; still returns a handle if it takes longer than waitSeconds)',
};

export function describeCatalog(entries: readonly CatalogEntry[], onlyTool?: string, limits: CatalogLimits = DEFAULT_CATALOG_LIMITS): string {
  const out: string[] = [];
  let used = 0;
  let left = 0;
  for (const { server, problem } of entries) {
    const tools = (server.tools ?? []).filter((t) => onlyTool === undefined || t.name === onlyTool);
    const head = `## ${server.label}${server.id !== server.label ? ` (id "${server.id}")` : ''} — ${problem ? `tools unknown: ${problem}` : `${tools.length} tool${tools.length === 1 ? '' : 's'}`}`;
    out.push(head);
    used += head.length;
    for (const tool of tools) {
      const text = describeTool(server, tool, onlyTool !== undefined ? Infinity : limits.schemaChars);
      if (used + text.length > limits.totalChars && onlyTool === undefined) {
        left++;
        continue;
      }
      out.push(text);
      used += text.length;
    }
    out.push('');
  }
  if (left > 0) out.push(`${left} more tool${left === 1 ? '' : 's'} not shown to keep this short: call ${AGENT_TOOLS.list} with "server" (and "tool") to see them.`);
  out.push(`Start one with ${AGENT_TOOLS.start} {"server": "<server>", "tool": "<tool>", "arguments": {…}}.`);
  return out.join('\n').trim();
}

function describeTool(server: McpServerHandle, tool: Tool, schemaChars: number): string {
  const title = tool.title && tool.title !== tool.name ? ` (${tool.title})` : '';
  const description = tool.description ? ` ${oneLine(tool.description, 300)}` : '';
  const lines = [`- ${tool.name}${title} — runs as: ${TASK_SUPPORT_WORDS[taskSupportOf(server, tool)]}.${description}`];
  lines.push(`  input schema: ${compactSchema(tool.inputSchema, schemaChars, server.label, tool.name)}`);
  return lines.join('\n');
}

/** The schema as compact JSON, or its argument names and types when longer than `max`. */
export function compactSchema(schema: unknown, max: number, serverLabel: string, toolName: string): string {
  const { $schema: _ignored, ...rest } = (typeof schema === 'object' && schema !== null ? schema : {}) as Record<string, unknown>;
  void _ignored;
  const json = JSON.stringify(rest);
  if (json.length <= max) return json;
  const properties = (rest.properties ?? {}) as Record<string, { type?: unknown; default?: unknown }>;
  const required = new Set(Array.isArray(rest.required) ? rest.required as string[] : []);
  const fields = Object.entries(properties).map(([name, p]) => {
    const type = Array.isArray(p?.type) ? p.type.join('|') : typeof p?.type === 'string' ? p.type : 'any';
    const extra = [required.has(name) ? 'required' : undefined, p?.default !== undefined ? `default ${JSON.stringify(p.default)}` : undefined].filter(Boolean).join(', ');
    return `${name}: ${type}${extra ? ` (${extra})` : ''}`;
  });
  return `{${fields.join('; ')}} — shortened; ${AGENT_TOOLS.list} {"server": "${serverLabel}", "tool": "${toolName}"} shows it whole`;
}
