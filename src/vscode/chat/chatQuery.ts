/**
 * The text a finished task's result is handed to the chat with: one sentence of our own saying
 * what it is, then the result in a code block, held to a budget. Pure: no 'vscode'.
 *
 * The chat reads `#name` in its input as a reference to a file or a tool (and `@name` as a
 * participant). A server's text must not become one when the person sends the message, so a word
 * joiner goes after those characters: the text reads the same. The query starts with our own
 * words, so nothing in it is read as a slash command.
 */
import type { TaskRecord } from '../../core/model/taskRecord';
import { markdownFence } from '../inertText';

/** About 2,500 tokens: enough for a report, small enough to leave room for the question. */
export const CHAT_RESULT_CHARS = 8_000;

const JOINER = '\u2060';
const CHAT_SYNTAX = /([#@])(?=[\w.-])/g;

interface Block {
  type?: unknown;
  text?: unknown;
}

export function chatQueryFor(record: TaskRecord, result: unknown, maxChars = CHAT_RESULT_CHARS): string {
  const whole = resultText(result);
  const shown = whole.length > maxChars ? whole.slice(0, maxChars) : whole;
  const cut = whole.length - shown.length;
  const lines = [
    `Here is the result of the MCP tool ${record.tool || record.taskId} (server ${record.serverLabel}, task handle ${record.key}, ${record.status}):`,
    '',
    markdownFence(shown, 'text'),
  ];
  if (cut > 0) lines.push('', `(${cut} more characters left out; the whole result is in the MCP Tasks view.)`);
  // The names and the task id are the server's words too.
  return `${defuse(lines.join('\n'))}\n\n`;
}

/** Text blocks as they are; structured content and anything else as JSON; images only counted. */
export function resultText(result: unknown): string {
  const value = (typeof result === 'object' && result !== null ? result : { value: result }) as Record<string, unknown>;
  const content = Array.isArray(value.content) ? (value.content as Block[]) : [];
  const parts: string[] = [];
  let images = 0;
  for (const block of content) {
    if (block.type === 'text' && typeof block.text === 'string') parts.push(block.text);
    else if (block.type === 'image') images++;
    else parts.push(JSON.stringify(block));
  }
  if (images > 0) parts.push(`[${images} image${images === 1 ? '' : 's'} not included]`);
  if (value.structuredContent !== undefined) parts.push(JSON.stringify(value.structuredContent, null, 2));
  if (content.length === 0 && value.structuredContent === undefined) parts.push(JSON.stringify(result, null, 2) ?? 'null');
  return parts.join('\n\n');
}

function defuse(line: string): string {
  return line.replace(CHAT_SYNTAX, `$1${JOINER}`);
}
