/** The commands on the task list as a whole: removing finished tasks, refreshing, filtering, alerts. */
import * as vscode from 'vscode';
import { isTerminalStatus, type TaskRecord } from '../../core/model/taskRecord';
import type { CommandGuard, CommandTargets, TaskTarget } from './commandTargets';
import { isFilterActive } from './model/taskFilter';
import { resetMutedAlerts } from './taskAlerts';
import { pickTaskFilter } from './taskFilterPicker';
import type { TaskUiParts } from './taskUiParts';
import { plainText } from '../inertText';

export function registerHistoryCommands(parts: TaskUiParts, targets: CommandTargets, guard: CommandGuard): vscode.Disposable[] {
  const { services, feed, tree } = parts;
  const { tasks, servers, log } = services;
  const forget = (record: TaskRecord): Promise<boolean> => tasks.forget(record.key);

  return [
    guard('mcpTasks.removeTask', async (target?: TaskTarget) => {
      const record = targets.require(target);
      if (!record) return;
      if (!isTerminalStatus(record.status)) {
        void vscode.window.showWarningMessage(vscode.l10n.t('{0} is still running; cancel it before removing it.', plainText(record.tool)));
        return;
      }
      await forget(record);
    }),
    guard('mcpTasks.clearFinished', async () => {
      const finished = feed.records().filter((r) => isTerminalStatus(r.status));
      if (finished.length === 0) {
        vscode.window.setStatusBarMessage(vscode.l10n.t('No finished task to clear'), 3000);
        return;
      }
      for (const record of finished) await forget(record);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Removed {0} finished task(s)', finished.length), 3000);
    }),
    guard('mcpTasks.refreshTasks', async () => {
      const running = servers.all().filter((s) => s.state.kind === 'running');
      if (running.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('No MCP server is running; there are no tasks to refresh.'));
        return;
      }
      const outcomes = await Promise.allSettled(running.map((s) => tasks.discover(s.id)));
      outcomes.forEach((o, i) => {
        if (o.status === 'rejected') log.warn(`${running[i].label}: listing tasks failed: ${o.reason instanceof Error ? o.reason.message : String(o.reason)}`);
      });
      for (const record of feed.records()) feed.touch(record.key);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Refreshed tasks from {0} server(s)', running.length), 3000);
    }),
    guard('mcpTasks.filterTasks', async () => {
      const next = await pickTaskFilter(tree.filter, servers, feed.records());
      if (next) tree.setFilter(next);
    }),
    guard('mcpTasks.clearTaskFilter', () => {
      if (!isFilterActive(tree.filter)) {
        void vscode.window.showInformationMessage(vscode.l10n.t('No task filter is set.'));
        return;
      }
      tree.setFilter({});
      vscode.window.setStatusBarMessage(vscode.l10n.t('Task filter cleared'), 3000);
    }),
    guard('mcpTasks.resetMutedAlerts', async () => {
      await resetMutedAlerts(services.context.globalState);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Alerts are on again for every tool'), 3000);
    }),
  ];
}
