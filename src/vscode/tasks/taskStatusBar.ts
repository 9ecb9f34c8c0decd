/** One status bar item while anything runs: count, aggregate progress, warning while input is needed. */
import * as vscode from 'vscode';
import type { TaskRecord } from '../../core/model/taskRecord';
import type { TaskFeed } from './model/taskFeed';
import { lastFinished, RECENT_RESULT_MS, summariseRunning } from './model/statusSummary';
import { TASKS_VIEW_ID } from './taskTreeView';
import { markdownText, plainText } from '../inertText';
import { untrustedMarkdown } from '../untrustedMarkdown';

export const ALWAYS_SHOW_SETTING = 'mcpTasks.statusBar.alwaysShow';

export class TaskStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  /** The last text shown, for tests and logs. */
  text = '';
  /** Ends the offer of the last finished task's result. */
  private recentTimer: NodeJS.Timeout | undefined;

  constructor(private readonly feed: TaskFeed) {
    this.item = vscode.window.createStatusBarItem('mcpTasks.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = vscode.l10n.t('MCP Tasks');
    this.item.command = { command: `${TASKS_VIEW_ID}.focus`, title: vscode.l10n.t('Show Tasks') };
    this.disposables.push(this.item, feed.onDidChange(() => this.update()));
    this.disposables.push(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(ALWAYS_SHOW_SETTING)) this.update();
    }));
    this.update();
  }

  update(): void {
    const summary = summariseRunning(this.feed.records(), (r) => this.feed.hasQuestion(r), this.feed.orphanQuestionCount());
    const alwaysShow = vscode.workspace.getConfiguration().get<boolean>(ALWAYS_SHOW_SETTING, false);
    clearTimeout(this.recentTimer);
    const recent = summary.active ? undefined : lastFinished(this.feed.records(), Date.now());
    if (recent) {
      this.showRecent(recent);
      return;
    }
    this.item.command = { command: `${TASKS_VIEW_ID}.focus`, title: vscode.l10n.t('Show Tasks') };
    if (!summary.active && !alwaysShow) {
      this.item.hide();
      this.text = '';
      return;
    }
    this.text = summary.active ? summary.text : `$(checklist) ${vscode.l10n.t('No tasks running')}`;
    this.item.text = this.text;
    this.item.backgroundColor = summary.needsInput ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const tooltip = untrustedMarkdown();
    if (summary.tooltipLines.length === 0) tooltip.appendMarkdown(vscode.l10n.t('No MCP tasks are running.'));
    else {
      tooltip.appendMarkdown(`**${vscode.l10n.t('Running MCP tasks')}**\n\n`);
      for (const line of summary.tooltipLines.slice(0, 15)) tooltip.appendMarkdown(`- ${markdownText(line)}\n`);
      if (summary.tooltipLines.length > 15) tooltip.appendMarkdown(`- ${vscode.l10n.t('… and {0} more', summary.tooltipLines.length - 15)}\n`);
    }
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: summary.active ? summary.text.replace(/\$\([^)]*\)\s*/g, '') : this.text };
    this.item.show();
  }

  /** Nothing runs and a task finished a moment ago: its result is one click away for a while. */
  private showRecent(record: TaskRecord): void {
    const icon = record.status === 'completed' ? '$(pass)' : '$(error)';
    this.text = `${icon} ${vscode.l10n.t('{0} {1}', plainText(record.tool || record.taskId), record.status)}`;
    this.item.text = this.text;
    this.item.backgroundColor = undefined;
    this.item.command = { command: 'mcpTasks.openResult', title: vscode.l10n.t('Open Result'), arguments: [record.key] };
    const tooltip = untrustedMarkdown();
    tooltip.appendMarkdown(vscode.l10n.t('{0} · {1} {2}. Click to open the result.', markdownText(record.serverLabel), markdownText(record.tool || record.taskId), record.status));
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: vscode.l10n.t('{0} {1}; open the result', record.tool || record.taskId, record.status) };
    this.item.show();
    this.recentTimer = setTimeout(() => this.update(), Math.max(0, record.updatedAt + RECENT_RESULT_MS - Date.now()) + 50);
  }

  dispose(): void {
    clearTimeout(this.recentTimer);
    for (const d of this.disposables) d.dispose();
  }
}
