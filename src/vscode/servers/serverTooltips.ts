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

export interface ConsentTooltipInput {
  readonly serverId: string;
  readonly resolved: string;
  readonly written?: string;
}

export interface ConsentWords {
  readonly waiting: string;
  readonly willRun: string;
  readonly writtenAs: string;
  readonly allow: string;
  readonly refuse: string;
}

/**
 * The question of a server waiting for permission, with its two answers as command links. The
 * links are ours: everything the workspace wrote is escaped around them, and the Markdown trusts
 * only these two commands (see serverTree).
 */
export function consentTooltip(server: ServerTooltipInput, consent: ConsentTooltipInput, words: ConsentWords & { definedIn: string }): string {
  const parts = [`**${markdownText(server.name)}** — ${markdownText(words.waiting)}`, `${words.willRun} ${markdownCode(consent.resolved)}`];
  if (consent.written !== undefined) parts.push(`${words.writtenAs} ${markdownCode(consent.written)}`);
  const link = (label: string, command: string) => `[${markdownText(label)}](command:${command}?${commandArgs([consent.serverId])})`;
  parts.push(`${link(words.allow, CONSENT_COMMANDS.allow)} · ${link(words.refuse, CONSENT_COMMANDS.refuse)}`);
  parts.push(`${words.definedIn} ${markdownCode(server.file)} (${markdownText(server.sourceKind)})`);
  return `${parts.join('\n\n')}\n\n`;
}

export const CONSENT_COMMANDS = { allow: 'mcpTasks.allowServer', refuse: 'mcpTasks.refuseServer' } as const;

/** Command arguments in a link target: encoded so that no character of an id can end the link. */
function commandArgs(args: unknown[]): string {
  return encodeURIComponent(JSON.stringify(args)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function toolTooltip(tool: Pick<Tool, 'name' | 'title' | 'description'>, support: string, words: { taskSupport: string }): string {
  const parts = [`**${markdownText(tool.title ?? tool.name)}**`];
  if (tool.description) parts.push(markdownLines(tool.description));
  parts.push(`${words.taskSupport}: ${markdownText(support)}`);
  return parts.join('\n\n');
}
