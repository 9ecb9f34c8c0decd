/** The pieces of the Tasks UI that commands and alerts share. */
import type * as vscode from 'vscode';
import type { TaskRecord } from '../../core/model/taskRecord';
import type { PendingQuestion, PendingQuestions } from '../prompts/pendingQuestions';
import type { ExtensionServices } from '../services';
import type { TaskFeed } from './model/taskFeed';
import type { ResultDocuments } from './resultDocuments';
import type { TaskAlerts } from './taskAlerts';
import type { TaskTreeView } from './taskTreeView';

export interface TaskUiParts {
  readonly services: ExtensionServices;
  readonly feed: TaskFeed;
  readonly tree: TaskTreeView;
  readonly alerts: TaskAlerts;
  readonly results: ResultDocuments;
  readonly questions: PendingQuestions;
  /** Opens the question UI and sends the answer (or keeps the question when dismissed). */
  answer(question: PendingQuestion): Promise<void>;
  rerun(record: TaskRecord): Promise<void>;
  resultUriOf(record: TaskRecord): vscode.Uri;
}
