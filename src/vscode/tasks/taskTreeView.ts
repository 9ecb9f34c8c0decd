/**
 * The Tasks view: the tree, its badge (tasks that need input), the active filter in the view's
 * description, and elapsed times that tick once a second while something runs.
 */
import * as vscode from 'vscode';
import type { ServerLookup } from '../../core/servers/types';
import type { TaskFeed } from './model/taskFeed';
import { describeFilter, isFilterActive, type TaskFilter } from './model/taskFilter';
import { isActive } from './model/taskState';
import { TaskTreeProvider, type TaskNode } from './taskTreeProvider';

export const TASKS_VIEW_ID = 'mcpTasks.tasks';
const FILTER_KEY = 'mcpTasks.taskFilter';

export class TaskTreeView implements vscode.Disposable {
  readonly provider: TaskTreeProvider;
  readonly view: vscode.TreeView<TaskNode>;
  private readonly disposables: vscode.Disposable[] = [];
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly feed: TaskFeed, private readonly servers: ServerLookup, private readonly memento: vscode.Memento) {
    this.provider = new TaskTreeProvider(feed, Date.now, (serverId) => servers.get(serverId)?.serverCapabilities);
    this.view = vscode.window.createTreeView(TASKS_VIEW_ID, { treeDataProvider: this.provider, showCollapseAll: true });
    this.disposables.push(this.view, this.provider);
    const saved = memento.get<TaskFilter>(FILTER_KEY);
    if (saved && isFilterActive(saved)) this.provider.setFilter(saved);
    this.disposables.push(feed.onDidChange((keys) => {
      this.provider.update(keys);
      this.updateChrome();
    }));
    this.updateChrome();
  }

  setFilter(filter: TaskFilter): void {
    this.provider.setFilter(filter);
    void this.memento.update(FILTER_KEY, isFilterActive(filter) ? filter : undefined);
    this.updateChrome();
  }

  get filter(): TaskFilter {
    return this.provider.currentFilter;
  }

  /** Shows and selects a task (e.g. one just started). */
  async reveal(key: string): Promise<void> {
    this.feed.flushNow();
    const node = this.provider.nodeOf(key);
    if (!node) return;
    try {
      await this.view.reveal(node, { select: true, focus: false, expand: true });
    } catch {
      // Revealing fails while the view is hidden; the task is there when the view opens.
    }
  }

  dispose(): void {
    if (this.ticker) clearInterval(this.ticker);
    for (const d of this.disposables) d.dispose();
  }

  private updateChrome(): void {
    const waiting = this.feed.records().filter((r) => isActive(r) && (this.feed.hasQuestion(r) || r.status === 'input_required')).length
      + this.feed.orphanQuestionCount();
    this.view.badge = waiting > 0 ? { value: waiting, tooltip: vscode.l10n.t('{0} task(s) need your input', waiting) } : undefined;
    const filter = this.provider.currentFilter;
    const active = isFilterActive(filter);
    this.view.description = active ? vscode.l10n.t('Filter: {0}', describeFilter(filter, (id) => this.servers.get(id)?.label ?? id)) : undefined;
    this.view.message = active && this.provider.visibleCount === 0 && this.feed.records().length > 0
      ? vscode.l10n.t('No tasks match the filter. Use "Clear Filter" to show all tasks.') : undefined;
    void vscode.commands.executeCommand('setContext', 'mcpTasks.taskFilterActive', active);
    this.updateTicker();
  }

  /** Elapsed times tick only while a row shows one; only those rows are refreshed. */
  private updateTicker(): void {
    const running = this.provider.tickingKeys().length > 0;
    if (running && !this.ticker) {
      this.ticker = setInterval(() => {
        for (const key of this.provider.tickingKeys()) this.feed.touch(key);
      }, 1000);
    } else if (!running && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }
}
