/**
 * What the CLI prints on stdout: a finished call's text content or (--json) its whole result
 * object, and text made for reading (listings, states, help). A result is data: piped, it keeps
 * every byte the server sent; only on a terminal is it cut down to printable text.
 */
import type { TaskRecord } from '../core/model/taskRecord';
import type { TaskRecordStore } from '../core/model/recordStore';
import { printable, printableJson } from './terminalText';

/** Where stdout output goes (a parameter so that a terminal can stand in for it). */
export type Stdout = NodeJS.WritableStream & { readonly isTTY?: boolean };

interface ContentItem {
  type: string;
  text?: string;
  mimeType?: string;
  data?: string;
  uri?: string;
  name?: string;
  resource?: { uri?: string; text?: string; mimeType?: string };
}

export async function storedResult(store: TaskRecordStore, record: TaskRecord): Promise<Record<string, unknown> | undefined> {
  if (!record.result) return undefined;
  return (await store.readResult(record.result)) as Record<string, unknown>;
}

/** Text items verbatim, other items as a one-line placeholder; structured content if nothing else. */
export function resultText(result: Record<string, unknown>): string {
  const content = Array.isArray(result.content) ? (result.content as ContentItem[]) : [];
  const parts = content.map((item) => {
    switch (item.type) {
      case 'text': return item.text ?? '';
      case 'image':
      case 'audio': return `[${item.type} ${item.mimeType ?? ''}, ${Math.round(((item.data?.length ?? 0) * 3) / 4)} bytes]`;
      case 'resource_link': return `[resource link ${item.uri ?? ''}${item.name ? ` (${item.name})` : ''}]`;
      case 'resource': return item.resource?.text ?? `[resource ${item.resource?.uri ?? ''}]`;
      default: return `[${item.type}]`;
    }
  });
  if (parts.length === 0 && result.structuredContent !== undefined) return JSON.stringify(result.structuredContent, null, 2);
  return parts.join('\n');
}

/** Text made for reading (a listing, a state, help): printable, piped or not. */
export function writeStdout(text: string, out: Stdout = process.stdout): Promise<void> {
  return write(printable(text, { multiline: true }), out);
}

/** A result's text: as the server sent it when piped, printable on a terminal. */
export function writeResult(text: string, out: Stdout = process.stdout): Promise<void> {
  return write(out.isTTY ? printable(text, { multiline: true }) : text, out);
}

/** Pretty JSON: exact when piped; on a terminal the same JSON with every control character escaped. */
export function writeJson(value: unknown, out: Stdout = process.stdout): Promise<void> {
  const json = JSON.stringify(value, null, 2);
  return write(out.isTTY ? printableJson(json) : json, out);
}

/** Pieces a long text is written in: a result of many megabytes is never copied whole for the write. */
const WRITE_PIECE = 1 << 20;

/** Resolves once the data is handed to the OS (before the process exits). */
async function write(text: string, out: Stdout): Promise<void> {
  if (text === '') return;
  const newline = text.endsWith('\n') ? '' : '\n';
  if (text.length <= WRITE_PIECE) {
    await new Promise<void>((resolve) => out.write(text + newline, () => resolve()));
    return;
  }
  let start = 0;
  while (text.length - start > WRITE_PIECE) {
    let end = start + WRITE_PIECE;
    // Each piece is encoded on its own: a surrogate pair must not be cut in two.
    const last = text.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end--;
    // A slice shares the text's memory; waiting for 'drain' keeps only a piece or two queued.
    if (!out.write(text.slice(start, end))) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    start = end;
  }
  await new Promise<void>((resolve) => out.write(text.slice(start) + newline, () => resolve()));
}
