/**
 * The Markdown of the Servers view's tooltips. A server's name and file come from a configuration
 * file, its last error from its own output, a tool's title and description from the server: all
 * are escaped, so they show as written and nothing in them becomes a link, an image or an icon.
 * Pure (the words are passed in already translated), so it is unit-tested as it is.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { markdownCode, markdownLines, markdownText } from '../inertText';

export interface ServerTooltipInput {
  readonly name: string;
  readonly state: string;
  readonly file: string;
  readonly sourceKind: string;
  readonly lastError?: string;
}

export function serverTooltip(server: ServerTooltipInput, words: { definedIn: string; lastError: string }): string {
  const parts = [`**${markdownText(server.name)}** — ${markdownText(server.state)}`, `${words.definedIn} ${markdownCode(server.file)} (${markdownText(server.sourceKind)})`];
  if (server.lastError) parts.push(`${words.lastError}: ${markdownLines(server.lastError)}`);
  return `${parts.join('\n\n')}\n\n`;
}

export function toolTooltip(tool: Pick<Tool, 'name' | 'title' | 'description'>, support: string, words: { taskSupport: string }): string {
  const parts = [`**${markdownText(tool.title ?? tool.name)}**`];
  if (tool.description) parts.push(markdownLines(tool.description));
  parts.push(`${words.taskSupport}: ${markdownText(support)}`);
  return parts.join('\n\n');
}
