/**
 * Notifications when a task ends, fails, expires, loses its connection or needs input, with the
 * actions that fit. Which events alert is a setting; a tool can be muted. Tasks that finished while
 * the window was closed are summarised in one notification.
 */
import * as vscode from 'vscode';
import type { TaskService } from '../../core/taskService';
import { isTerminalStatus, type TaskRecord, type TaskStatus } from '../../core/model/taskRecord';
import type { PendingQuestion, PendingQuestions } from '../prompts/pendingQuestions';
import { alertEventFor, alertMessage, alertSeverity, resumedSummary, type AlertEvent, type AlertSeverity } from './model/alertPolicy';
import type { TaskFeed } from './model/taskFeed';
import { plainText } from '../inertText';
import { TASKS_VIEW_ID } from './taskTreeView';
import { SEND_TO_CHAT_COMMAND } from '../chat/sendResultToChat';

const MUTED_KEY = 'mcpTasks.mutedTools';
const STALE_NOTE_MS = 6_000;

export interface AlertActions {
  openResult(record: TaskRecord): Promise<void> | void;
  showLog(serverId: string): void;
  rerun(record: TaskRecord): Promise<void> | void;
  answer(question: PendingQuestion): Promise<void> | void;
}

export class TaskAlerts implements vscode.Disposable {
  private readonly lastStatus = new Map<string, TaskStatus>();
  /** Cancels the person asked for in this window: no alert needed. */
  private readonly cancelledHere = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  /** While resuming: keys that were unfinished, and those that finished meanwhile. */
  private resuming: { keys: Set<string>; finished: TaskRecord[] } | undefined;
  /** Every notification shown (message text), newest last; for the log and tests. */
  readonly shown: string[] = [];

  constructor(
    private readonly tasks: TaskService,
    private readonly feed: TaskFeed,
    private readonly questions: PendingQuestions,
    private readonly globalState: vscode.Memento,
    private readonly actions: AlertActions,
    private readonly log: vscode.LogOutputChannel,
  ) {
    for (const record of tasks.list()) this.lastStatus.set(record.key, record.status);
    this.disposables.push(tasks.onDidChangeTask((record) => this.onChange(record)));
    this.disposables.push(questions.onDidAdd((q) => this.onQuestion(q)));
  }

  noteCancelledHere(key: string): void {
    this.cancelledHere.add(key);
  }

  /**
   * Wrap the engine's resume: records that were unfinished when it started and finish during it
   * (or within `settleMs` after, while their first poll answers) get one summary notification.
   */
  async summariseResumed(resume: Promise<void>, settleMs = 5_000): Promise<void> {
    const keys = new Set(this.tasks.list().filter((r) => !isTerminalStatus(r.status)).map((r) => r.key));
    const batch = { keys, finished: [] as TaskRecord[] };
    this.resuming = batch;
    try {
      await resume;
      await this.settle(keys, settleMs);
    } finally {
      if (this.resuming === batch) this.resuming = undefined;
      if (batch.finished.length > 0) void this.showResumed(batch.finished);
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private onChange(record: TaskRecord): void {
    const previous = this.lastStatus.get(record.key);
    this.lastStatus.set(record.key, record.status);
    const event = alertEventFor(previous, record, this.cancelledHere.has(record.key));
    if (isTerminalStatus(record.status)) this.cancelledHere.delete(record.key);
    if (!event) return;
    if (this.resuming?.keys.has(record.key) && isTerminalStatus(record.status)) {
      this.resuming.finished.push(record);
      return;
    }
    void this.alert(event, record);
  }

  private async alert(event: AlertEvent, record: TaskRecord): Promise<void> {
    if (!this.enabled(event) || this.isMuted(record)) return;
    const message = alertMessage(event, record);
    const actions: string[] = [];
    const OPEN = vscode.l10n.t('Open Result');
    const LOG = vscode.l10n.t('Show Log');
    const RERUN = vscode.l10n.t('Re-run');
    const CHAT = vscode.l10n.t('Send to Chat');
    const MUTE = vscode.l10n.t("Don't Show Again for This Tool");
    // At most three buttons: more get cut off in the notification.
    const canRerun = (event === 'failed' || event === 'cancelled' || event === 'expired') && record.kind !== 'hosted' && Boolean(record.tool);
    if (record.result) actions.push(OPEN);
    else if (event !== 'completed' && event !== 'expired') actions.push(LOG);
    if (canRerun) actions.push(RERUN);
    else if (event === 'completed' && record.result) actions.push(CHAT);
    actions.push(MUTE);
    this.record(message);
    const choice = await showMessage(alertSeverity(event), message, actions);
    try {
      if (choice === OPEN) await this.actions.openResult(this.tasks.get(record.key) ?? record);
      else if (choice === LOG) this.actions.showLog(record.serverId);
      else if (choice === RERUN) await this.actions.rerun(record);
      else if (choice === CHAT) await vscode.commands.executeCommand(SEND_TO_CHAT_COMMAND, record.key);
      else if (choice === MUTE) await this.mute(record);
    } catch (err) {
      void vscode.window.showErrorMessage(plainText(err instanceof Error ? err.message : String(err)));
    }
  }

  private async onQuestion(question: PendingQuestion): Promise<void> {
    const record = this.feed.recordOfQuestion(question);
    if (!this.enabled('inputNeeded') || (record && this.isMuted(record))) return;
    const asked = record?.tool || question.relatedTaskId;
    const message = vscode.l10n.t('{0} needs your input', `${plainText(question.serverLabel)} · ${asked ? plainText(asked) : vscode.l10n.t('a request')}`);
    this.record(message);
    const ANSWER = vscode.l10n.t('Answer');
    const SHOW = vscode.l10n.t('Show Task');
    const choice = await vscode.window.showWarningMessage(message, ANSWER, ...(record ? [SHOW] : []));
    if (choice === ANSWER) await this.answerFromNotification(question);
    else if (choice === SHOW) await vscode.commands.executeCommand(`${TASKS_VIEW_ID}.focus`);
  }

  /**
   * A notification cannot be taken back once shown, so its Answer may be clicked after the
   * question was answered elsewhere (the tree, the palette) or withdrawn. Then the task's current
   * question is the one to answer, if it asks another; otherwise a quiet note in the status bar
   * says what happened, since nothing is wrong.
   */
  private async answerFromNotification(question: PendingQuestion): Promise<void> {
    const current = this.questions.get(question.id) ?? (question.relatedTaskId ? this.questions.forTask(question.serverId, question.relatedTaskId) : undefined);
    if (current) {
      await this.actions.answer(current);
      return;
    }
    const note = this.questions.outcomeOf(question.id) === 'answered'
      ? vscode.l10n.t('This question was already answered.')
      : vscode.l10n.t('The server no longer asks this question.');
    this.log.info(`a notification's Answer was clicked for a settled question: ${note}`);
    vscode.window.setStatusBarMessage(note, STALE_NOTE_MS);
  }

  private async showResumed(records: TaskRecord[]): Promise<void> {
    const message = resumedSummary(records);
    this.record(message);
    const SHOW = vscode.l10n.t('Show Tasks');
    const anyFailed = records.some((r) => r.status === 'failed');
    if ((await showMessage(anyFailed ? 'warning' : 'info', message, [SHOW])) === SHOW) await vscode.commands.executeCommand(`${TASKS_VIEW_ID}.focus`);
  }

  /** Waits until every resumed key changed once (its first poll answered) or the time is up. */
  private settle(keys: Set<string>, settleMs: number): Promise<void> {
    const waiting = new Set([...keys].filter((k) => { const r = this.tasks.get(k); return r && !isTerminalStatus(r.status); }));
    if (waiting.size === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const finish = () => { clearTimeout(timer); sub.dispose(); resolve(); };
      const timer = setTimeout(finish, settleMs);
      const sub = this.tasks.onDidChangeTask((record) => {
        waiting.delete(record.key);
        if (waiting.size === 0) finish();
      });
    });
  }

  private enabled(event: AlertEvent): boolean {
    return vscode.workspace.getConfiguration('mcpTasks.alerts').get<boolean>(event, true);
  }

  private isMuted(record: TaskRecord): boolean {
    return (this.globalState.get<string[]>(MUTED_KEY) ?? []).includes(muteKey(record));
  }

  private async mute(record: TaskRecord): Promise<void> {
    const muted = new Set(this.globalState.get<string[]>(MUTED_KEY) ?? []);
    muted.add(muteKey(record));
    await this.globalState.update(MUTED_KEY, [...muted]);
    void vscode.window.showInformationMessage(vscode.l10n.t('Alerts for {0} are off. Turn them on again with "MCP Tasks: Reset Muted Alerts".', plainText(record.tool)));
  }

  private record(message: string): void {
    this.shown.push(message);
    if (this.shown.length > 200) this.shown.splice(0, this.shown.length - 200);
    this.log.info(`alert: ${message}`);
  }
}

function showMessage(severity: AlertSeverity, message: string, actions: string[]): Thenable<string | undefined> {
  switch (severity) {
    case 'info': return vscode.window.showInformationMessage(message, ...actions);
    case 'warning': return vscode.window.showWarningMessage(message, ...actions);
    default: return vscode.window.showErrorMessage(message, ...actions);
  }
}

function muteKey(record: TaskRecord): string {
  return `${record.serverLabel}\u0000${record.tool}`;
}

export async function resetMutedAlerts(globalState: vscode.Memento): Promise<void> {
  await globalState.update(MUTED_KEY, undefined);
}
