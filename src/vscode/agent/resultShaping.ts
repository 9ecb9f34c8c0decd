/**
 * A tool's result as the parts of a language model tool's reply: text as text, images as image
 * data, structured content as compact JSON, links and resources as short lines. A model's context
 * is small and costly, so the text is held to a budget and images to a count and a size; whatever
 * is left out is counted, with a pointer to the whole result.
 */
import type { ReplyPart } from './agentReply';

export interface ResultLimits {
  /** Characters of text in all (content, structured content, notes). */
  readonly textChars: number;
  /** Images included at most… */
  readonly images: number;
  /** …each no larger than this many bytes (decoded). */
  readonly imageBytes: number;
}

export const DEFAULT_RESULT_LIMITS: ResultLimits = { textChars: 8_000, images: 3, imageBytes: 1_000_000 };

/** Text budget for a model's token budget: about three characters a token, never below 1,000. */
export function limitsForTokenBudget(tokenBudget: number | undefined, base: ResultLimits = DEFAULT_RESULT_LIMITS): ResultLimits {
  if (tokenBudget === undefined || !Number.isFinite(tokenBudget) || tokenBudget <= 0) return base;
  return { ...base, textChars: Math.max(1_000, Math.min(base.textChars, Math.floor(tokenBudget * 3))) };
}

type Segment = { kind: 'text'; text: string } | { kind: 'image'; mimeType: string; data: Uint8Array };

interface Block {
  type?: unknown;
  [key: string]: unknown;
}

/**
 * The parts for `result` (a CallToolResult, or anything a server sent). `whole` says where the
 * complete result is; it is added whenever something was left out.
 */
export function shapeResult(result: unknown, whole: string, limits: ResultLimits = DEFAULT_RESULT_LIMITS): ReplyPart[] {
  const value = (typeof result === 'object' && result !== null ? result : { value: result }) as Record<string, unknown>;
  const content = Array.isArray(value.content) ? (value.content as Block[]) : [];
  const segments: Segment[] = [];
  const omitted = { chars: 0, images: 0 };
  let images = 0;
  for (const block of content) {
    if (block?.type === 'image') {
      const image = decodeImage(block);
      if (image && images < limits.images && image.data.byteLength <= limits.imageBytes) {
        segments.push({ kind: 'image', ...image });
        images++;
      } else {
        omitted.images++;
        segments.push({ kind: 'text', text: `[image ${String(block.mimeType ?? '')}${image ? `, ${formatBytes(image.data.byteLength)}` : ''}: not included]` });
      }
    } else {
      segments.push({ kind: 'text', text: blockText(block) });
    }
  }
  if (value.structuredContent !== undefined) {
    const json = JSON.stringify(value.structuredContent);
    // SDK servers repeat structured content as a text block for older clients: say it once.
    if (!content.some((b) => b?.type === 'text' && typeof b.text === 'string' && b.text.trim() === json)) {
      segments.push({ kind: 'text', text: `structured content (JSON): ${json}` });
    }
  }
  if (content.length === 0 && value.structuredContent === undefined) {
    segments.push({ kind: 'text', text: `result (JSON): ${JSON.stringify(result) ?? 'null'}` });
  }
  return toParts(budgeted(segments, limits.textChars, omitted), omitted, whole);
}

/** Cuts the text segments to the budget, counting what was cut. */
function budgeted(segments: Segment[], budget: number, omitted: { chars: number }): Segment[] {
  let left = budget;
  const out: Segment[] = [];
  for (const segment of segments) {
    if (segment.kind !== 'text') {
      out.push(segment);
      continue;
    }
    if (left <= 0) {
      omitted.chars += segment.text.length;
      continue;
    }
    if (segment.text.length <= left) {
      out.push(segment);
      left -= segment.text.length;
      continue;
    }
    // Cut at a line end when there is one near the limit, so the model does not read half a line.
    const cutAt = segment.text.lastIndexOf('\n', left);
    const keep = cutAt > left * 0.8 ? cutAt : left;
    out.push({ kind: 'text', text: segment.text.slice(0, keep) });
    omitted.chars += segment.text.length - keep;
    left = 0;
  }
  return out;
}

/** Neighbouring text segments become one part; a note on what was left out comes last. */
function toParts(segments: Segment[], omitted: { chars: number; images: number }, whole: string): ReplyPart[] {
  const parts: ReplyPart[] = [];
  let text: string[] = [];
  const flush = () => {
    if (text.length > 0) parts.push({ kind: 'text', text: text.join('\n\n') });
    text = [];
  };
  for (const segment of segments) {
    if (segment.kind === 'text') {
      text.push(segment.text);
    } else {
      flush();
      parts.push({ kind: 'image', mimeType: segment.mimeType, data: segment.data });
    }
  }
  if (omitted.chars > 0 || omitted.images > 0) {
    const what = [
      omitted.chars > 0 ? `${omitted.chars.toLocaleString('en-US')} more characters` : undefined,
      omitted.images > 0 ? `${omitted.images} image${omitted.images === 1 ? '' : 's'}` : undefined,
    ].filter(Boolean).join(' and ');
    text.push(`[${what} not shown. ${whole}]`);
  }
  flush();
  return parts;
}

function blockText(block: Block): string {
  switch (block?.type) {
    case 'text':
      return typeof block.text === 'string' ? block.text : '';
    case 'audio':
      return `[audio ${String(block.mimeType ?? '')}: not included]`;
    case 'resource_link': {
      const name = String(block.title ?? block.name ?? block.uri);
      return `link: ${name} <${String(block.uri)}>${typeof block.description === 'string' ? ` — ${block.description}` : ''}`;
    }
    case 'resource': {
      const resource = (block.resource ?? {}) as Record<string, unknown>;
      const head = `resource ${String(resource.uri ?? '')}${resource.mimeType ? ` (${String(resource.mimeType)})` : ''}`;
      return typeof resource.text === 'string' ? `${head}:\n${resource.text}` : `${head}: binary, not included`;
    }
    default:
      return JSON.stringify(block) ?? '';
  }
}

function decodeImage(block: Block): { mimeType: string; data: Uint8Array } | undefined {
  const mimeType = typeof block.mimeType === 'string' ? block.mimeType : '';
  if (!mimeType.startsWith('image/') || typeof block.data !== 'string' || block.data.length === 0) return undefined;
  const data = Buffer.from(block.data, 'base64');
  return data.byteLength > 0 ? { mimeType, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) } : undefined;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
