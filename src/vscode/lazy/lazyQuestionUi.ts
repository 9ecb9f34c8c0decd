/**
 * The question UI as the Tasks UI holds it from activation: the form and the QuickInput steps
 * load when the first question is answered (a bundle of their own), and the forms it opened
 * close with the extension.
 */
import type * as vscode from 'vscode';
import { questionUiBundle } from './siblingBundles';
import type { ElicitationForms } from '../prompts/form/elicitationForm';
import type { QuestionUi } from '../prompts/questionUi';

export class LazyQuestionUi implements vscode.Disposable {
  private loaded: { forms: ElicitationForms; ui: QuestionUi } | undefined;

  constructor(private readonly extensionUri: vscode.Uri) {}

  /** Picks the front end from `mcpTasks.elicitation.ui` each time, as questionUiFromSettings does. */
  readonly ask: QuestionUi = (question, toolName) => {
    if (!this.loaded) {
      const bundle = questionUiBundle();
      const forms = new bundle.ElicitationForms(this.extensionUri);
      this.loaded = { forms, ui: bundle.questionUiFromSettings(forms) };
    }
    return this.loaded.ui(question, toolName);
  };

  dispose(): void {
    this.loaded?.forms.dispose();
  }
}
