/**
 * A server's sampling request, read for a language model that has only user and assistant turns:
 * the system prompt becomes the first user turn, text and images become parts, what such a model
 * cannot take (audio, tool use) is named as a problem. Also: the stop-sequence cut the model
 * cannot do itself, and the short and full texts the consent prompt shows. Free of 'vscode'.
 */
import type { CreateMessageRequest } from '@modelcontextprotocol/sdk/types.js';
import { markdownFence, markdownText } from '../inertText';

export type SamplingParams = CreateMessageRequest['params'];

export type TurnPart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'image'; readonly data: string; readonly mimeType: string };

export interface ChatTurn {
  readonly role: 'user' | 'assistant';
  readonly parts: readonly TurnPart[];
}

export interface ConvertedRequest {
  readonly turns: readonly ChatTurn[];
  /** Why the request cannot be sent as it is; empty when it can. */
  readonly problems: readonly string[];
}

export function toChatTurns(params: SamplingParams): ConvertedRequest {
  const turns: ChatTurn[] = [];
  const problems: string[] = [];
  if (params.tools?.length || params.toolChoice) problems.push('tool use in sampling is not supported by this host (it does not declare sampling.tools)');
  if (params.systemPrompt) turns.push({ role: 'user', parts: [{ kind: 'text', text: params.systemPrompt }] });
  params.messages.forEach((message, i) => {
    const blocks = Array.isArray(message.content) ? message.content : [message.content];
    const parts: TurnPart[] = [];
    for (const block of blocks) {
      if (block.type === 'text') parts.push({ kind: 'text', text: block.text });
      else if (block.type === 'image') parts.push({ kind: 'image', data: block.data, mimeType: block.mimeType });
      else if (block.type === 'audio') problems.push(`message ${i + 1} has audio, which VS Code language models do not take`);
      else problems.push(`message ${i + 1} has ${block.type} content, which this host does not send to a language model`);
    }
    turns.push({ role: message.role === 'assistant' ? 'assistant' : 'user', parts });
  });
  if (params.messages.length === 0) problems.push('the request has no messages');
  return { turns, problems };
}

/** The text up to the first stop sequence (the earliest one wins); `stopped` when one occurred. */
export function cutAtStopSequence(text: string, stopSequences: readonly string[] | undefined): { text: string; stopped: boolean } {
  let cut = -1;
  for (const stop of stopSequences ?? []) {
    if (!stop) continue;
    const at = text.indexOf(stop);
    if (at >= 0 && (cut < 0 || at < cut)) cut = at;
  }
  return cut < 0 ? { text, stopped: false } : { text: text.slice(0, cut), stopped: true };
}

function turnText(turn: ChatTurn): string {
  return turn.parts.map((p) => (p.kind === 'text' ? p.text : `[image ${p.mimeType}]`)).join(' ');
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** One line for a notification: the last user message, clipped. */
export function requestSummary(params: SamplingParams, max = 160): string {
  const { turns } = toChatTurns(params);
  const offset = params.systemPrompt ? 1 : 0;
  const users = turns.slice(offset).filter((t) => t.role === 'user');
  const last = users[users.length - 1] ?? turns[turns.length - 1];
  const count = params.messages.length;
  const text = last ? clip(turnText(last), max) : '';
  return count > 1 ? `${text} (${count} messages)` : text;
}

/**
 * The whole request as Markdown, for the read-only "Show details" document. What the server (or
 * the configuration) chose is escaped or fenced, so a preview shows it as written and fetches nothing.
 */
export function requestDocument(params: SamplingParams, serverLabel: string, modelName: string | undefined): string {
  const lines = [`# Sampling request from ${markdownText(serverLabel)}`, ''];
  lines.push(`- Model: ${modelName ?? '(none available)'}`);
  lines.push(`- Maximum tokens: ${params.maxTokens}`);
  if (params.temperature !== undefined) lines.push(`- Temperature: ${params.temperature}`);
  if (params.stopSequences?.length) lines.push(`- Stop sequences: ${markdownText(params.stopSequences.map((s) => JSON.stringify(s)).join(', '))}`);
  const hints = params.modelPreferences?.hints?.map((h) => h.name).filter(Boolean);
  if (hints?.length) lines.push(`- Model hints: ${markdownText(hints.join(', '))}`);
  if (params.includeContext && params.includeContext !== 'none') lines.push(`- Context asked for: ${markdownText(params.includeContext)} (not included by this host)`);
  if (params.systemPrompt) lines.push('', '## System prompt', '', markdownFence(params.systemPrompt, 'text'));
  params.messages.forEach((message, i) => {
    lines.push('', `## ${i + 1}. ${markdownText(message.role)}`, '');
    for (const block of Array.isArray(message.content) ? message.content : [message.content]) {
      if (block.type === 'text') lines.push(markdownFence(block.text, 'text'));
      else if (block.type === 'image' || block.type === 'audio') lines.push(`*[${block.type} ${markdownText(block.mimeType)}, ${Math.round(block.data.length * 0.75 / 1024)} KB]*`);
      else lines.push(markdownFence(JSON.stringify(block, null, 2), 'text'));
    }
  });
  return `${lines.join('\n')}\n`;
}
