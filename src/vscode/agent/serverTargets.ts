/**
 * Finds the server and tool a model named. Models write names loosely, so a server may be named
 * by its label or its id, case aside; a miss answers with the names that exist (and the closest
 * one), which is what a model needs to correct itself.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { McpServerHandle, ServerLookup } from '../../core/servers/types';
import { toolTaskSupport, type ToolTaskSupport } from '../../core/tasks/callMode';
import { AGENT_TOOLS } from './agentToolNames';
import type { Found } from './agentReply';

export type TaskSupport = ToolTaskSupport;

export function findServer(servers: ServerLookup, name: unknown): Found<McpServerHandle> {
  const all = servers.all();
  if (typeof name !== 'string' || name.trim() === '') {
    return { ok: false, message: `"server" is required: the name of an MCP server${namesHint(all)}.` };
  }
  const wanted = name.trim();
  const byId = servers.get(wanted);
  if (byId) return { ok: true, value: byId };
  for (const same of [(h: McpServerHandle) => h.label === wanted, (h: McpServerHandle) => h.label.toLowerCase() === wanted.toLowerCase()]) {
    const matches = all.filter(same);
    if (matches.length === 1) return { ok: true, value: matches[0] };
    if (matches.length > 1) {
      return { ok: false, message: `Several MCP servers are named "${wanted}": pass one of their ids as "server": ${matches.map((h) => `"${h.id}"`).join(', ')}.` };
    }
  }
  if (all.length === 0) {
    return { ok: false, message: 'No MCP servers are configured. Ask the user to add one to .vscode/mcp.json or to the MCP Tasks user configuration.' };
  }
  const close = closest(wanted, all.map((h) => h.label));
  return {
    ok: false,
    message: `There is no MCP server named "${wanted}".${close ? ` Did you mean "${close}"?` : ''} Configured servers: ${all.map((h) => `"${h.label}"`).join(', ')}.`,
  };
}

/** The tool of a started server (its tools are listed once it runs). */
export function findTool(server: McpServerHandle, name: unknown): Found<Tool> {
  const tools = server.tools ?? [];
  if (typeof name !== 'string' || name.trim() === '') {
    return { ok: false, message: `"tool" is required: the name of one of ${server.label}'s tools${tools.length ? ` (${tools.map((t) => t.name).join(', ')})` : ''}.` };
  }
  const wanted = name.trim();
  const tool = tools.find((t) => t.name === wanted) ?? unique(tools.filter((t) => t.name.toLowerCase() === wanted.toLowerCase()));
  if (tool) return { ok: true, value: tool };
  if (tools.length === 0) return { ok: false, message: `${server.label} offers no tools.` };
  const close = closest(wanted, tools.map((t) => t.name));
  return {
    ok: false,
    message: `${server.label} has no tool named "${wanted}".${close ? ` Did you mean "${close}"?` : ''} Its tools: ${tools.map((t) => t.name).join(', ')}. Call ${AGENT_TOOLS.list} with {"server": "${server.label}"} for their input schemas.`,
  };
}

/** How the tool runs on this server. */
export function taskSupportOf(server: Pick<McpServerHandle, 'serverCapabilities'>, tool: Tool): TaskSupport {
  return toolTaskSupport(server.serverCapabilities, tool);
}

/** The candidate nearest to `wanted` by edit distance, when it is near enough to be a slip. */
export function closest(wanted: string, candidates: readonly string[]): string | undefined {
  const target = wanted.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const lower = name.toLowerCase();
    const distance = lower.includes(target) || target.includes(lower) ? 1 : editDistance(target, lower);
    if (!best || distance < best.distance) best = { name, distance };
  }
  if (!best) return undefined;
  return best.distance <= Math.max(2, Math.floor(wanted.length / 3)) ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

function unique<T>(items: T[]): T | undefined {
  return items.length === 1 ? items[0] : undefined;
}

function namesHint(all: readonly McpServerHandle[]): string {
  return all.length > 0 ? `, one of ${all.map((h) => `"${h.label}"`).join(', ')}` : '';
}
