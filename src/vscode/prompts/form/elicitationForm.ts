/**
 * Asks a server's question (form mode) with one form in the editor area: every field at once,
 * defaults filled in, errors next to the fields. Accept / Decline / Cancel are the protocol's
 * three answers; closing the tab cancels. The entries the page posts are judged again here with
 * the same model before anything is sent to the server.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import type { PendingQuestion } from '../pendingQuestions';
import { createFormModel, type Entries, type FormField } from './formModel';
import { formHtml } from './formHtml';
import type { FormHostMessage, FormPageMessage } from './formMessages';

export const FORM_VIEW_TYPE = 'mcpTasks.elicitationForm';

/** Where the build puts the page's script and style (esbuild.js), relative to the extension. */
const PAGE_DIR = ['dist', 'webview'];
const PAGE_SCRIPT = 'elicitationForm.js';
const PAGE_STYLE = 'elicitationForm.css';

const model = createFormModel();

export interface FormQuestion {
  readonly question: PendingQuestion;
  readonly fields: readonly FormField[];
  readonly toolName?: string;
}

/** One open form per question: asking again reveals it. Resolves undefined when the server withdrew the question. */
export class ElicitationForms implements vscode.Disposable {
  private readonly open = new Map<number, { panel: vscode.WebviewPanel; answer: Promise<ElicitResult | undefined> }>();
  private readonly pageDir: vscode.Uri;

  constructor(extensionUri: vscode.Uri) {
    this.pageDir = vscode.Uri.joinPath(extensionUri, ...PAGE_DIR);
  }

  ask({ question, fields, toolName }: FormQuestion): Promise<ElicitResult | undefined> {
    const existing = this.open.get(question.id);
    if (existing) {
      existing.panel.reveal(undefined, false);
      return existing.answer;
    }
    const params = question.params as { message?: unknown };
    const panel = vscode.window.createWebviewPanel(FORM_VIEW_TYPE, vscode.l10n.t('{0} asks', question.serverLabel),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      // The page may load the extension's page files and nothing else.
      { enableScripts: true, localResourceRoots: [this.pageDir], enableFindWidget: false });
    const context = [
      question.relatedTaskId ? vscode.l10n.t('task {0}', question.relatedTaskId) : '',
      toolName ? vscode.l10n.t('tool {0}', toolName) : '',
    ].filter(Boolean).join(' · ');
    const { webview } = panel;
    webview.html = formHtml({
      nonce: randomBytes(16).toString('base64'),
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.pageDir, PAGE_SCRIPT)).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.pageDir, PAGE_STYLE)).toString(),
      title: panel.title,
      init: {
        fields, entries: model.initialEntries(fields), server: question.serverLabel,
        message: typeof params.message === 'string' ? params.message : '',
        ...(context ? { context } : {}),
      },
    });
    const answer = new Promise<ElicitResult | undefined>((resolve) => {
      let settled = false;
      const finish = (result: ElicitResult | undefined) => {
        if (settled) return;
        settled = true;
        this.open.delete(question.id);
        subscriptions.forEach((d) => d.dispose());
        question.signal.removeEventListener('abort', onAbort);
        panel.dispose();
        resolve(result);
      };
      const onAbort = () => finish(undefined);
      const subscriptions = [
        panel.webview.onDidReceiveMessage((message: FormPageMessage) => {
          // Opened from a click elsewhere (a tree), the page may not have the keyboard yet: give it.
          if (message?.type === 'ready') panel.reveal(panel.viewColumn, false);
          else if (message?.type === 'decline') finish({ action: 'decline' });
          else if (message?.type === 'cancel') finish({ action: 'cancel' });
          else if (message?.type === 'accept') {
            const outcome = model.evaluate(fields, sanitise(message.entries));
            if (outcome.valid) finish({ action: 'accept', content: outcome.content });
            else void panel.webview.postMessage({ type: 'rejected', errors: outcome.errors } satisfies FormHostMessage);
          }
        }),
        // Closing the tab is a dismissal: the protocol's "cancel".
        panel.onDidDispose(() => finish({ action: 'cancel' })),
      ];
      question.signal.addEventListener('abort', onAbort, { once: true });
      if (question.signal.aborted) onAbort();
    });
    this.open.set(question.id, { panel, answer });
    return answer;
  }

  dispose(): void {
    for (const { panel } of [...this.open.values()]) panel.dispose();
  }
}

/** The page is not trusted: keep only entries of the shapes the model reads. */
function sanitise(entries: unknown): Entries {
  const out: Entries = {};
  if (typeof entries !== 'object' || entries === null) return out;
  for (const [name, value] of Object.entries(entries as Record<string, unknown>)) {
    if (typeof value === 'string' || typeof value === 'boolean') out[name] = value;
    else if (Array.isArray(value)) out[name] = value.filter((v): v is string => typeof v === 'string');
  }
  return out;
}
