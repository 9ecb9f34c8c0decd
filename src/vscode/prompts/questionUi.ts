/**
 * The question UI: asks the person a server's question and returns the answer, or undefined to
 * keep the question pending (Escape). One function so a richer form can replace it.
 */
import * as vscode from 'vscode';
import type { ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { planArguments, type JsonSchema } from '../tasks/model/argumentPlan';
import { askFields } from './fieldSteps';
import type { PendingQuestion } from './pendingQuestions';

export type QuestionUi = (question: PendingQuestion, toolName: string | undefined) => Promise<ElicitResult | undefined>;

export const askQuestionWithQuickInput: QuestionUi = async (question, toolName) => {
  const params = question.params as Record<string, unknown>;
  const who = toolName ? `${question.serverLabel} · ${toolName}` : question.serverLabel;
  const message = typeof params.message === 'string' ? params.message : '';
  if (params.mode === 'url') return askToOpenUrl(who, message, String(params.url ?? ''));
  const plan = planArguments(params.requestedSchema as JsonSchema | undefined);
  if (plan.kind === 'json') {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} asked a question this version cannot show ({1}); it was declined.', who, plan.reason));
    return { action: 'decline' };
  }
  if (plan.kind === 'none') {
    // A question without fields is a confirmation.
    const yes = vscode.l10n.t('Accept');
    const no = vscode.l10n.t('Decline');
    const choice = await vscode.window.showInformationMessage(`${who}: ${message}`, { modal: true }, yes, no);
    return choice === yes ? { action: 'accept', content: {} } : choice === no ? { action: 'decline' } : undefined;
  }
  const outcome = await askFields(plan.steps, {
    title: `${who}: ${message}`,
    signal: question.signal,
    buttons: [{ id: 'decline', icon: 'circle-slash', tooltip: vscode.l10n.t('Decline to answer') }],
  });
  if (outcome.kind === 'done') return { action: 'accept', content: outcome.values as Record<string, string | number | boolean | string[]> };
  if (outcome.kind === 'button' && outcome.id === 'decline') return { action: 'decline' };
  return undefined;
};

async function askToOpenUrl(who: string, message: string, url: string): Promise<ElicitResult | undefined> {
  const open = vscode.l10n.t('Open');
  const decline = vscode.l10n.t('Decline');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('{0} asks you to open a web page: {1}', who, message), { modal: true, detail: url }, open, decline);
  if (choice === open) {
    const opened = await vscode.env.openExternal(vscode.Uri.parse(url, true));
    return opened ? { action: 'accept' } : undefined;
  }
  return choice === decline ? { action: 'decline' } : undefined;
}
