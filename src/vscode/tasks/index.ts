/**
 * The Tasks UI: the tree, the status bar item, alerts, result documents, the question flow and the
 * task commands, all rendered from the engine's state. The composition root calls registerTaskUi.
 */
import * as vscode from 'vscode';
import { systemClock } from '../../core/ports';
import type { TaskRecord } from '../../core/model/taskRecord';
import { PendingQuestions, type PendingQuestion } from '../prompts/pendingQuestions';
import type { QuestionUi } from '../prompts/questionUi';
import type { ExtensionServices } from '../services';
import { TaskFeed } from './model/taskFeed';
import { ResultDocuments, resultUri } from './resultDocuments';
import { TaskAlerts } from './taskAlerts';
import { registerTaskCommands } from './taskCommands';
import { TaskStatusBar } from './taskStatusBar';
import { TaskTreeView } from './taskTreeView';
import type { TaskUiParts } from './taskUiParts';
import { registerOnboarding } from '../onboarding';

export interface TaskUi extends vscode.Disposable {
  readonly tree: TaskTreeView;
  readonly statusBar: TaskStatusBar;
  readonly alerts: TaskAlerts;
  readonly feed: TaskFeed;
  /**
   * Wrap `engine.resume()` with this: tasks that finished while the window was closed get one
   * summary notification instead of one each.
   */
  summariseResumed(resume: Promise<void>): Promise<void>;
}

export interface TaskUiOptions {
  /** The questions servers asked (from createVsCodeHostRequests); a private set when absent. */
  readonly questions?: PendingQuestions;
  /** Asks the person a question (the form or the QuickInput steps, loaded at the first question). */
  readonly questionUi: QuestionUi;
}

export function registerTaskUi(services: ExtensionServices, options: TaskUiOptions): TaskUi {
  const questions = options.questions ?? new PendingQuestions();
  const { questionUi } = options;
  const { tasks, log } = services;
  const feed = new TaskFeed(tasks, questions, systemClock, 100);
  const tree = new TaskTreeView(feed, services.servers, services.context.workspaceState);
  const results = new ResultDocuments(feed, tasks);
  const statusBar = new TaskStatusBar(feed);

  const answer = async (question: PendingQuestion): Promise<void> => {
    const record = feed.recordOfQuestion(question);
    const tool = record?.kind === 'hosted' ? undefined : record?.tool;
    const result = await questionUi(question, tool);
    if (!result) return;
    if (!questions.answer(question.id, result)) {
      // Answered elsewhere (another form, the tree) or withdrawn while this form was open.
      void vscode.window.showInformationMessage(questions.outcomeOf(question.id) === 'answered'
        ? vscode.l10n.t('This question was already answered; this answer was not sent.')
        : vscode.l10n.t('The server no longer waits for this answer.'));
    }
  };
  const rerun = async (record: TaskRecord): Promise<void> => {
    const next = await tasks.call(record.serverId, record.tool, record.args ?? {}, { mode: record.kind === 'call' ? 'plain' : 'task' });
    log.info(`re-ran ${record.serverLabel} · ${record.tool} as ${next.taskId}`);
    await tree.reveal(next.key);
  };
  const alerts = new TaskAlerts(tasks, feed, questions, services.context.globalState, {
    openResult: (record) => results.open(record),
    showLog: (serverId) => services.showServerLog(serverId),
    rerun,
    answer,
  }, log);

  const parts: TaskUiParts = { services, feed, tree, alerts, results, questions, answer, rerun, resultUriOf: resultUri };
  const disposables: vscode.Disposable[] = [feed, tree, results, statusBar, alerts, ...registerTaskCommands(parts), ...registerOnboarding(questions, log)];
  if (!options.questions) disposables.push({ dispose: () => questions.dispose() });

  return {
    tree, statusBar, alerts, feed,
    summariseResumed: (resume) => alerts.summariseResumed(resume),
    dispose: () => { for (const d of disposables.reverse()) d.dispose(); },
  };
}

export { createVsCodeHostRequests, type VsCodeHostRequests } from '../prompts';
