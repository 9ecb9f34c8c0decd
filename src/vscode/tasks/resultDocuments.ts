/**
 * Read-only result documents (`mcp-task:` URIs): one markdown document per task, rendered from the
 * stored result (inline or in its own file). Open documents follow the task while it runs.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TaskService } from '../../core/taskService';
import { isTerminalStatus, type TaskRecord } from '../../core/model/taskRecord';
import type { TaskFeed } from './model/taskFeed';
import { markdownCode, markdownText } from '../inertText';
import { renderResultMarkdown, resultHeading } from './model/resultMarkdown';
import { STATUS_LABELS, describeTask } from './model/taskText';
import { walkthroughSignal } from '../onboarding/walkthroughSignal';

export const RESULT_SCHEME = 'mcp-task';

export function resultUri(record: TaskRecord): vscode.Uri {
  const name = `${safeName(record.tool || 'task')}-${safeName(record.taskId).slice(0, 12)}.md`;
  return vscode.Uri.from({ scheme: RESULT_SCHEME, path: `/${safeName(record.serverLabel)}/${name}`, query: new URLSearchParams({ key: record.key }).toString() });
}

export function keyOfResultUri(uri: vscode.Uri): string | undefined {
  return uri.scheme === RESULT_SCHEME ? new URLSearchParams(uri.query).get('key') ?? undefined : undefined;
}

export class ResultDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly opened = walkthroughSignal('mcpTasks.resultOpened');

  constructor(private readonly feed: TaskFeed, private readonly tasks: TaskService) {
    this.disposables.push(vscode.workspace.registerTextDocumentContentProvider(RESULT_SCHEME, this), this.changed);
    this.disposables.push(feed.onDidChange((keys) => {
      for (const doc of vscode.workspace.textDocuments) {
        const key = keyOfResultUri(doc.uri);
        if (key && keys.has(key)) this.changed.fire(doc.uri);
      }
    }));
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const key = keyOfResultUri(uri);
    const record = key ? this.feed.get(key) : undefined;
    if (!record) return `# Result not available\n\nThe task ${markdownCode(key ?? '')} is no longer in the history.\n`;
    const result = await this.readResult(record);
    if (result.ok && result.value !== undefined) return renderResultMarkdown(record, result.value);
    const lines = [resultHeading(record), ''];
    if (!isTerminalStatus(record.status)) {
      lines.push(`*${STATUS_LABELS[record.status]}* · ${markdownText(describeTask(record, Date.now(), this.feed.hasQuestion(record)))}`, '', 'The result appears here when the task finishes.');
    } else if (!result.ok) {
      lines.push(`> **⚠ The stored result cannot be read**: ${markdownText(result.error)}`);
    } else {
      lines.push(`*${STATUS_LABELS[record.status]}*`, '');
      if (record.error) lines.push(`> **⚠ ${record.error.kind}**: ${markdownText(record.error.message)}`, '');
      lines.push('No result was stored for this task.');
    }
    return lines.join('\n') + '\n';
  }

  /** The raw stored result (for Copy Result and Save Result As…). */
  async readResult(record: TaskRecord): Promise<{ ok: true; value: unknown } | { ok: false; error: string }> {
    if (!record.result) return { ok: true, value: undefined };
    try {
      return { ok: true, value: await this.tasks.readResult(record.result) };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  }

  /**
   * Shows the result rendered, in the Markdown preview; its "Open Source" button (or Open Result
   * Source) shows the document itself. The document holds nothing that loads from the network
   * (resultMarkdown.ts), so rendering it fetches nothing the person did not ask for.
   */
  async open(record: TaskRecord): Promise<void> {
    await vscode.commands.executeCommand('markdown.showPreview', resultUri(record));
    // For the walkthrough's last step, however the result was opened (notification, row, status bar).
    this.opened();
  }

  /** The Markdown source of the result, read-only. */
  async openSource(record: TaskRecord): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(resultUri(record));
    if (doc.languageId !== 'markdown') await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** Plain text of a result: its text blocks when it has only text, pretty JSON otherwise. */
export function resultAsText(value: unknown): string {
  const content = (value as { content?: unknown } | undefined)?.content;
  if (Array.isArray(content) && content.length > 0 && content.every((c) => (c as { type?: unknown })?.type === 'text')
    && (value as { structuredContent?: unknown }).structuredContent === undefined) {
    return content.map((c) => String((c as { text?: unknown }).text ?? '')).join('\n');
  }
  return JSON.stringify(value, null, 2);
}

function safeName(text: string): string {
  return path.basename(text.replace(/[^\w.-]+/g, '_')) || 'task';
}
