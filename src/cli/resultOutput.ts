/** What a finished call prints on stdout: its text content, or (--json) the whole result object. */
import type { TaskRecord } from '../core/model/taskRecord';
import type { TaskRecordStore } from '../core/model/recordStore';

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

/** Writes to stdout and resolves once the data is handed to the OS (before the process exits). */
export function writeStdout(text: string): Promise<void> {
  if (text === '') return Promise.resolve();
  const out = text.endsWith('\n') ? text : `${text}\n`;
  return new Promise((resolve) => process.stdout.write(out, () => resolve()));
}
