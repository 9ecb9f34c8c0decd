/**
 * URL-mode questions: the server wants the person to finish something in a browser (sign in,
 * pay, authorise). The page is opened only after the person agreed in a notification that names
 * the server and shows the address; then the person says when it is done. The connection does not
 * always pass on `notifications/elicitation/complete`, so "Done" is a completion too.
 */
import * as vscode from 'vscode';
import { untilAborted } from './untilAborted';
import { plainText } from '../inertText';
import type { ElicitResult } from '@modelcontextprotocol/sdk/types.js';

export interface UrlQuestion {
  readonly who: string;
  readonly message: string;
  readonly url: string;
  readonly signal: AbortSignal;
  /** Resolves when the server reports the browser step done. */
  readonly completed?: Promise<void>;
}

const COMPLETED = Symbol('completed by the server');

/** Resolves undefined while nothing was decided (notification closed, question withdrawn). */
export async function askToOpenUrl(question: UrlQuestion): Promise<ElicitResult | undefined> {
  const { url, signal } = question;
  // What is shown: the server's words and address as text, never a link or an icon of their own.
  const [who, message, shownUrl] = [plainText(question.who), plainText(question.message), plainText(question.url)];
  const byServer = (question.completed ?? new Promise<never>(() => undefined)).then(() => COMPLETED);
  let target: vscode.Uri;
  try {
    target = vscode.Uri.parse(url, true);
  } catch {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} asked you to open an address that is not valid ({1}); it was declined.', who, shownUrl));
    return { action: 'decline' };
  }
  if (target.scheme !== 'https' && target.scheme !== 'http') {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} asked you to open {1}; only web pages can be opened. It was declined.', who, shownUrl));
    return { action: 'decline' };
  }
  const OPEN = vscode.l10n.t('Open {0}', target.authority);
  const DECLINE = vscode.l10n.t('Decline');
  const choice = await untilAborted(signal, Promise.race([byServer, vscode.window.showWarningMessage(
    vscode.l10n.t('{0} asks you to open a web page: {1} — {2}', who, message, shownUrl), OPEN, DECLINE)]));
  if (choice === COMPLETED) return completedByServer(who);
  if (choice === DECLINE) return { action: 'decline' };
  if (choice !== OPEN) return undefined;
  if (!(await vscode.env.openExternal(target))) return undefined;
  const DONE = vscode.l10n.t('Done');
  const CANCEL = vscode.l10n.t('Cancel');
  const finished = await untilAborted(signal, Promise.race([byServer, vscode.window.showInformationMessage(
    vscode.l10n.t('Finish in your browser what {0} asked for ({1}), then choose Done.', who, plainText(target.authority)), DONE, CANCEL)]));
  if (finished === COMPLETED) return completedByServer(who);
  if (finished === DONE) return { action: 'accept' };
  if (finished === CANCEL) return { action: 'cancel' };
  return undefined;
}

function completedByServer(who: string): ElicitResult {
  vscode.window.setStatusBarMessage(vscode.l10n.t('{0}: the browser step is done', who), 5000);
  return { action: 'accept' };
}
