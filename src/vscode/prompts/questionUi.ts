/**
 * The question UI: asks the person a server's question and returns the answer, or undefined to
 * keep the question pending. Two front ends: one form with every field (the default) and
 * QuickInput steps (`mcpTasks.elicitation.ui: "quickInput"`); URL-mode questions go through a
 * notification in both.
 */
import * as vscode from 'vscode';
import type { ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { planArguments, type JsonSchema } from '../tasks/model/argumentPlan';
import { askFields } from './fieldSteps';
import { plainText } from '../inertText';
import { ElicitationForms } from './form/elicitationForm';
import { createFormModel } from './form/formModel';
import type { PendingQuestion } from './pendingQuestions';
import { askToOpenUrl } from './urlElicitation';

export type QuestionUi = (question: PendingQuestion, toolName: string | undefined) => Promise<ElicitResult | undefined>;

/** Who asks, as shown: names from the configuration and the server, never links or icons. */
function who(question: PendingQuestion, toolName: string | undefined): string {
  return plainText(toolName ? `${question.serverLabel} · ${toolName}` : question.serverLabel);
}

function urlQuestion(question: PendingQuestion, toolName: string | undefined): Promise<ElicitResult | undefined> {
  const params = question.params as Record<string, unknown>;
  return askToOpenUrl({
    who: who(question, toolName), message: typeof params.message === 'string' ? params.message : '',
    url: String(params.url ?? ''), signal: question.signal, ...(question.completed ? { completed: question.completed } : {}),
  });
}

export const askQuestionWithQuickInput: QuestionUi = async (question, toolName) => {
  const params = question.params as Record<string, unknown>;
  const asker = who(question, toolName);
  const message = plainText(typeof params.message === 'string' ? params.message : '');
  if (params.mode === 'url') return urlQuestion(question, toolName);
  const plan = planArguments(params.requestedSchema as JsonSchema | undefined);
  if (plan.kind === 'json') {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} asked a question this version cannot show ({1}); it was declined.', asker, plainText(plan.reason)));
    return { action: 'decline' };
  }
  if (plan.kind === 'none') {
    // A question without fields is a confirmation.
    const yes = vscode.l10n.t('Accept');
    const no = vscode.l10n.t('Decline');
    const choice = await vscode.window.showInformationMessage(`${asker}: ${message}`, yes, no);
    return choice === yes ? { action: 'accept', content: {} } : choice === no ? { action: 'decline' } : undefined;
  }
  const outcome = await askFields(plan.steps, {
    title: `${asker}: ${message}`,
    signal: question.signal,
    buttons: [{ id: 'decline', icon: 'circle-slash', tooltip: vscode.l10n.t('Decline to answer') }],
  });
  if (outcome.kind === 'done') return { action: 'accept', content: outcome.values as Record<string, string | number | boolean | string[]> };
  if (outcome.kind === 'button' && outcome.id === 'decline') return { action: 'decline' };
  return undefined;
};

const formModel = createFormModel();

/** The form front end; `forms` keeps one form per question. */
export function askQuestionWithForm(forms: ElicitationForms): QuestionUi {
  return async (question, toolName) => {
    const params = question.params as Record<string, unknown>;
    if (params.mode === 'url') return urlQuestion(question, toolName);
    const plan = formModel.plan(params.requestedSchema);
    if (plan.problems.length > 0) {
      void vscode.window.showErrorMessage(vscode.l10n.t('{0} asked a question a form cannot show ({1}); it was declined.', who(question, toolName), plainText(plan.problems.join('; '))));
      return { action: 'decline' };
    }
    return forms.ask({ question, fields: plan.fields, ...(toolName ? { toolName } : {}) });
  };
}

/** Picks the front end from `mcpTasks.elicitation.ui` each time a question is answered. */
export function questionUiFromSettings(forms: ElicitationForms): QuestionUi {
  const form = askQuestionWithForm(forms);
  return (question, toolName) => {
    const choice = vscode.workspace.getConfiguration('mcpTasks.elicitation').get<string>('ui', 'form');
    return choice === 'quickInput' ? askQuestionWithQuickInput(question, toolName) : form(question, toolName);
  };
}
