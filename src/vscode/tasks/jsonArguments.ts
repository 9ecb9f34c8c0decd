/**
 * Arguments for tools with nested schemas: a JSON document pre-filled with a template, checked
 * against the schema when the person chooses Run; problems are shown and the document stays open.
 */
import * as vscode from 'vscode';
import { checkArguments, parseArgumentsJson } from './model/argumentValidation';
import { plainText } from '../inertText';

export async function editArgumentsAsJson(
  title: string, schema: Record<string, unknown> | undefined, template: Record<string, unknown>, reason: string,
): Promise<Record<string, unknown> | undefined> {
  const doc = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(template, null, 2) + '\n' });
  await vscode.window.showTextDocument(doc, { preview: false });
  const RUN = vscode.l10n.t('Run');
  const CANCEL = vscode.l10n.t('Cancel');
  let problem: string | undefined;
  try {
    for (;;) {
      // The problem and the reason name fields of the server's schema: text only.
      const prompt = problem
        ? vscode.l10n.t('{0}: {1} Fix the arguments, then choose Run.', plainText(title), plainText(problem))
        : vscode.l10n.t('{0}: edit the arguments in the JSON editor ({1}), then choose Run.', plainText(title), plainText(reason));
      const choice = problem
        ? await vscode.window.showErrorMessage(prompt, RUN, CANCEL)
        : await vscode.window.showInformationMessage(prompt, RUN, CANCEL);
      if (choice !== RUN) return undefined;
      if (doc.isClosed) return undefined;
      const parsed = parseArgumentsJson(doc.getText());
      if (!parsed.ok) {
        problem = parsed.message;
        continue;
      }
      problem = checkArguments(schema, parsed.value);
      if (!problem) return parsed.value as Record<string, unknown>;
    }
  } finally {
    await closeWithoutSaving(doc);
  }
}

async function closeWithoutSaving(doc: vscode.TextDocument): Promise<void> {
  if (doc.isClosed) return;
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
  if (!editor) return;
  await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: false, viewColumn: editor.viewColumn });
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}
