/**
 * Renders a task's result as a markdown document: text as Markdown with nothing that reaches out,
 * structured content and unknown blocks as pretty JSON, images inline from their own data,
 * resource addresses as inert code, errors at the top. Everything a server chose is escaped where
 * it is written into the document's own lines.
 */
import type { TaskRecord } from '../../../core/model/taskRecord';
import { markdownCode, markdownFence, markdownText } from '../../inertText';
import { inertMarkdown } from './inertMarkdown';
import { STATUS_LABELS, formatDuration } from './taskText';

interface ContentBlock {
  type?: unknown;
  [key: string]: unknown;
}

/** The document's first line: tool (or task id) and server. */
export function resultHeading(record: TaskRecord): string {
  return `# ${markdownText(record.tool || record.taskId)} — ${markdownText(record.serverLabel)}`;
}

export function renderResultMarkdown(record: TaskRecord, result: unknown): string {
  const out: string[] = [];
  const value = (typeof result === 'object' && result !== null ? result : {}) as Record<string, unknown>;
  const isError = value.isError === true;
  out.push(resultHeading(record), '');
  if (isError || record.status === 'failed') {
    out.push(`> **⚠ ${isError ? 'The tool reported an error' : 'The task failed'}**${record.error?.message ? `: ${markdownText(record.error.message)}` : ''}`, '');
  }
  out.push(`*${STATUS_LABELS[record.status]}* · ${formatDuration((record.finishedAt ?? record.updatedAt) - record.createdAt)} · task ${markdownCode(record.taskId)}`, '');
  const content = Array.isArray(value.content) ? (value.content as ContentBlock[]) : [];
  for (const block of content) out.push(...renderBlock(block), '');
  if (value.structuredContent !== undefined) {
    out.push('## Structured content', '', markdownFence(JSON.stringify(value.structuredContent, null, 2), 'json'), '');
  }
  if (content.length === 0 && value.structuredContent === undefined) {
    out.push('## Result', '', markdownFence(JSON.stringify(result, null, 2) ?? 'null', 'json'), '');
  }
  return out.join('\n');
}

function renderBlock(block: ContentBlock): string[] {
  switch (block.type) {
    case 'text':
      return [typeof block.text === 'string' ? inertMarkdown(block.text) : ''];
    case 'image':
      return [inlineImage(block)];
    case 'audio':
      return [`*Audio (${markdownText(String(block.mimeType ?? 'unknown type'))}, ${typeof block.data === 'string' ? Math.round(block.data.length * 0.75) : 0} bytes) — not shown.*`];
    case 'resource_link': {
      const name = String(block.title ?? block.name ?? block.uri);
      const desc = typeof block.description === 'string' ? ` — ${markdownText(block.description)}` : '';
      return [`🔗 ${markdownText(name)} ${markdownCode(String(block.uri))}${desc}`];
    }
    case 'resource': {
      const res = (block.resource ?? {}) as Record<string, unknown>;
      const head = `**Resource** ${markdownCode(String(res.uri ?? ''))}`;
      if (typeof res.text === 'string') return [head, '', markdownFence(res.text, languageOf(res.mimeType))];
      return [head, '', `*binary content (${markdownText(String(res.mimeType ?? 'unknown type'))})*`];
    }
    default:
      return [markdownFence(JSON.stringify(block, null, 2), 'json')];
  }
}

const IMAGE_MIME = /^image\/[\w.+-]+$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * An image shown from the data the server sent, never from an address: a type or data that could
 * not be a data URI of its own (and so could end the link and start another) is not shown.
 */
function inlineImage(block: ContentBlock): string {
  const mime = typeof block.mimeType === 'string' ? block.mimeType : 'image/png';
  const data = typeof block.data === 'string' ? block.data.replace(/\s+/g, '') : '';
  if (!IMAGE_MIME.test(mime) || !BASE64.test(data)) return `*Image (${markdownText(mime)}) — not shown: it is not inline image data.*`;
  return `![image (${mime})](data:${mime};base64,${data})`;
}

function languageOf(mime: unknown): string {
  if (mime === 'application/json') return 'json';
  if (mime === 'text/markdown') return 'markdown';
  return '';
}
