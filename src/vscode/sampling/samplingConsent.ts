/**
 * Asks the person whether a server may use a language model for one request: a notification (not
 * a modal dialog) naming the server, the model and the start of the request, with Allow Once /
 * More… / Deny; More… offers every choice (session, always) and the full request in a read-only
 * document. Optionally shows the model's reply for editing before it goes back.
 */
import * as vscode from 'vscode';
import { requestDocument, requestSummary, type SamplingParams } from './samplingRequest';
import type { ConsentAnswer } from './samplingPermissions';
import { untilAborted } from '../prompts/untilAborted';
import { plainText } from '../inertText';

export interface ConsentRequest {
  readonly serverLabel: string;
  readonly params: SamplingParams;
  readonly modelName: string;
  readonly signal: AbortSignal;
}

const DETAILS_SCHEME = 'mcp-sampling-request';
const details = new Map<string, string>();
let detailsSeq = 0;

/** Read-only documents with the full text of sampling requests. */
export function registerSamplingDetails(): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(DETAILS_SCHEME, {
    provideTextDocumentContent: (uri) => details.get(uri.query) ?? 'This request is no longer available.',
  });
}

export async function showRequestDetails(request: Omit<ConsentRequest, 'signal'>): Promise<void> {
  const key = String(++detailsSeq);
  details.set(key, requestDocument(request.params, request.serverLabel, request.modelName));
  if (details.size > 20) details.delete(details.keys().next().value as string);
  const uri = vscode.Uri.from({ scheme: DETAILS_SCHEME, path: `/${request.serverLabel} sampling request ${key}.md`, query: key });
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
  await vscode.window.showTextDocument(doc, { preview: true });
}

/** The person's answer; undefined when the server withdrew the request meanwhile. */
export async function askSamplingConsent(request: ConsentRequest): Promise<ConsentAnswer | undefined> {
  const ALLOW = vscode.l10n.t('Allow Once');
  const MORE = vscode.l10n.t('More…');
  const DENY = vscode.l10n.t('Deny');
  // The request's words are the server's: shown as text, never as a link.
  const message = vscode.l10n.t('{0} wants to use the language model {1}: “{2}”', plainText(request.serverLabel), plainText(request.modelName), plainText(requestSummary(request.params)));
  for (;;) {
    const choice = await untilAborted(request.signal, vscode.window.showInformationMessage(message, ALLOW, MORE, DENY));
    if (request.signal.aborted) return undefined;
    if (choice === ALLOW) return 'once';
    if (choice !== MORE) return 'deny';
    const answer = await pickConsent(request);
    if (answer) return answer;
  }
}

interface ConsentItem extends vscode.QuickPickItem {
  readonly answer: ConsentAnswer | 'details';
}

/** Every choice, with the request's details a pick away; undefined goes back to the notification. */
async function pickConsent(request: ConsentRequest): Promise<ConsentAnswer | undefined> {
  const items: ConsentItem[] = [
    { label: vscode.l10n.t('Allow Once'), description: vscode.l10n.t('only this request'), answer: 'once' },
    { label: vscode.l10n.t('Allow for This Session'), description: vscode.l10n.t('until the window closes'), answer: 'session' },
    { label: vscode.l10n.t('Always Allow'), description: vscode.l10n.t('revoke with "MCP Tasks: Manage Sampling Permissions"'), answer: 'always' },
    { label: vscode.l10n.t('Deny'), answer: 'deny' },
    { label: '', kind: vscode.QuickPickItemKind.Separator, answer: 'deny' },
    { label: vscode.l10n.t('Show Request Details'), description: vscode.l10n.t('open the full request'), answer: 'details' },
  ];
  for (;;) {
    const picked = await untilAborted(request.signal, vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('{0} wants to use {1}', plainText(request.serverLabel), plainText(request.modelName)),
      placeHolder: plainText(requestSummary(request.params, 200)),
      ignoreFocusOut: true,
    }));
    if (!picked) return undefined;
    if (picked.answer !== 'details') return picked.answer;
    await showRequestDetails(request);
  }
}

/**
 * Shows the reply in an editor for changes; resolves the text to send, or undefined when the
 * person discards it (or the server withdrew the request).
 */
export async function reviewReply(serverLabel: string, text: string, signal: AbortSignal): Promise<string | undefined> {
  const doc = await vscode.workspace.openTextDocument({ content: text, language: 'markdown' });
  await vscode.window.showTextDocument(doc, { preview: false });
  const SEND = vscode.l10n.t('Send');
  const DISCARD = vscode.l10n.t('Discard');
  const choice = await untilAborted(signal, vscode.window.showInformationMessage(
    vscode.l10n.t('Review the language model\'s reply to {0} in the editor, then send it.', plainText(serverLabel)), SEND, DISCARD));
  const final = doc.getText();
  if (vscode.window.activeTextEditor?.document === doc) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  return choice === SEND && !signal.aborted ? final : undefined;
}
