/**
 * Renders a task's result as a markdown document: text as is, structured content and unknown
 * blocks as pretty JSON, images inline as data URIs, resource links as links, errors at the top.
 */
import type { TaskRecord } from '../../../core/model/taskRecord';
import { STATUS_LABELS, formatDuration } from './taskText';

interface ContentBlock {
  type?: unknown;
  [key: string]: unknown;
}

export function renderResultMarkdown(record: TaskRecord, result: unknown): string {
  const out: string[] = [];
  const value = (typeof result === 'object' && result !== null ? result : {}) as Record<string, unknown>;
  const isError = value.isError === true;
  out.push(`# ${record.tool || record.taskId} — ${record.serverLabel}`, '');
  if (isError || record.status === 'failed') {
    out.push(`> **⚠ ${isError ? 'The tool reported an error' : 'The task failed'}**${record.error?.message ? `: ${quoteLine(record.error.message)}` : ''}`, '');
  }
  out.push(`*${STATUS_LABELS[record.status]}* · ${formatDuration((record.finishedAt ?? record.updatedAt) - record.createdAt)} · task \`${record.taskId}\``, '');
  const content = Array.isArray(value.content) ? (value.content as ContentBlock[]) : [];
  for (const block of content) out.push(...renderBlock(block), '');
  if (value.structuredContent !== undefined) {
    out.push('## Structured content', '', fence(JSON.stringify(value.structuredContent, null, 2), 'json'), '');
  }
  if (content.length === 0 && value.structuredContent === undefined) {
    out.push('## Result', '', fence(JSON.stringify(result, null, 2) ?? 'null', 'json'), '');
  }
  return out.join('\n');
}

function renderBlock(block: ContentBlock): string[] {
  switch (block.type) {
    case 'text':
      return [typeof block.text === 'string' ? block.text : ''];
    case 'image': {
      const mime = typeof block.mimeType === 'string' ? block.mimeType : 'image/png';
      const data = typeof block.data === 'string' ? block.data : '';
      return [`![image (${mime})](data:${mime};base64,${data})`];
    }
    case 'audio':
      return [`*Audio (${String(block.mimeType ?? 'unknown type')}, ${typeof block.data === 'string' ? Math.round(block.data.length * 0.75) : 0} bytes) — not shown.*`];
    case 'resource_link': {
      const name = String(block.title ?? block.name ?? block.uri);
      const desc = typeof block.description === 'string' ? ` — ${block.description}` : '';
      return [`🔗 [${escapeLinkText(name)}](${String(block.uri)})${desc}`];
    }
    case 'resource': {
      const res = (block.resource ?? {}) as Record<string, unknown>;
      const head = `**Resource** [${escapeLinkText(String(res.uri ?? ''))}](${String(res.uri ?? '')})`;
      if (typeof res.text === 'string') return [head, '', fence(res.text, languageOf(res.mimeType))];
      return [head, '', `*binary content (${String(res.mimeType ?? 'unknown type')})*`];
    }
    default:
      return [fence(JSON.stringify(block, null, 2), 'json')];
  }
}

function languageOf(mime: unknown): string {
  if (mime === 'application/json') return 'json';
  if (mime === 'text/markdown') return 'markdown';
  return '';
}

/** A fence longer than any backtick run inside, so content cannot end it early. */
function fence(text: string, lang: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${lang}\n${text}\n${ticks}`;
}

function quoteLine(text: string): string {
  return text.replace(/\n+/g, ' ');
}

function escapeLinkText(text: string): string {
  return text.replace(/[[\]]/g, (c) => `\\${c}`);
}
