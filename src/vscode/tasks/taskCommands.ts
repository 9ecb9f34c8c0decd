/** The commands a person uses on tasks: from the view's title, an item's context menu, or the palette. */
import * as vscode from 'vscode';
import { isTerminalStatus, type TaskRecord } from '../../core/model/taskRecord';
import type { TaskUiParts } from './taskUiParts';
import { keyOfResultUri, resultAsText } from './resultDocuments';
import { callToolInteractively } from './callToolFlow';
import { resetMutedAlerts } from './taskAlerts';
import { pickTaskFilter } from './taskFilterPicker';

/** What a command receives: a tree node, a task key, or a result document URI. */
type TaskTarget = { key?: string } | string | vscode.Uri | undefined;

export function registerTaskCommands(parts: TaskUiParts): vscode.Disposable[] {
  const { services, feed, tree, alerts, results, questions } = parts;
  const { engine, tasks, servers, log } = services;

  const recordOf = (target: TaskTarget): TaskRecord | undefined => {
    let key: string | undefined;
    if (typeof target === 'string') key = target;
    else if (target instanceof vscode.Uri) key = keyOfResultUri(target);
    else if (target && typeof target.key === 'string') key = target.key;
    else {
      const active = vscode.window.activeTextEditor?.document.uri;
      key = active ? keyOfResultUri(active) : undefined;
      key ??= (tree.view.selection[0] as { key?: string } | undefined)?.key;
    }
    return key ? feed.get(key) : undefined;
  };
  const requireRecord = (target: TaskTarget): TaskRecord | undefined => {
    const record = recordOf(target);
    if (!record) void vscode.window.showWarningMessage(vscode.l10n.t('Choose a task in the Tasks view first.'));
    return record;
  };
  /** The record's result for copy/save: says why there is none (not finished) or fails if unreadable. */
  const finishedResult = async (target: TaskTarget): Promise<{ record: TaskRecord; value: unknown } | undefined> => {
    const record = requireRecord(target);
    if (!record) return undefined;
    const result = await results.readResult(record);
    if (!result.ok) throw new Error(vscode.l10n.t('The result cannot be read: {0}', result.error));
    if (result.value === undefined) {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no result yet.', record.tool));
      return undefined;
    }
    return { record, value: result.value };
  };
  const forget = (record: TaskRecord): Promise<boolean> => tasks.forget(record.key);
  const guard = <A extends unknown[]>(name: string, fn: (...args: A) => unknown) => vscode.commands.registerCommand(name, async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log.error(`${name} failed: ${message}`);
      void vscode.window.showErrorMessage(message);
    }
  });

  return [
    guard('mcpTasks.callTool', async (server?: unknown, tool?: unknown) => {
      const serverId = typeof server === 'string' ? server : serverIdOf(server);
      await callToolInteractively({ engine, servers, log, reveal: (key) => tree.reveal(key) }, serverId, typeof tool === 'string' ? tool : undefined);
    }),
    guard('mcpTasks.cancelTask', async (target?: TaskTarget) => {
      const record = requireRecord(target);
      if (!record || isTerminalStatus(record.status)) return;
      alerts.noteCancelledHere(record.key);
      const final = await tasks.cancel(record.key);
      log.info(`${record.serverLabel} · ${record.tool}: cancel requested; now ${final.status}`);
      if (final.status !== 'cancelled') {
        void vscode.window.showInformationMessage(vscode.l10n.t('{0} ended as {1} before it could be cancelled.', record.tool, final.status));
      }
    }),
    guard('mcpTasks.answerTask', async (target?: TaskTarget) => {
      const record = recordOf(target);
      const question = record ? questions.forTask(record.serverId, record.taskId) : questions.all()[0];
      if (!question) {
        void vscode.window.showInformationMessage(vscode.l10n.t('No question is waiting for an answer.'));
        return;
      }
      await parts.answer(question);
    }),
    guard('mcpTasks.openResult', async (target?: TaskTarget) => {
      const record = recordOf(target) ?? await pickFinished(parts);
      if (record) await results.open(record);
    }),
    guard('mcpTasks.rerunTask', async (target?: TaskTarget) => {
      const record = requireRecord(target);
      if (record) await parts.rerun(record);
    }),
    guard('mcpTasks.copyTaskId', async (target?: TaskTarget) => {
      const record = requireRecord(target);
      if (!record) return;
      await vscode.env.clipboard.writeText(record.taskId);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied task id {0}', record.taskId), 3000);
    }),
    guard('mcpTasks.removeTask', async (target?: TaskTarget) => {
      const record = requireRecord(target);
      if (!record) return;
      if (!isTerminalStatus(record.status)) {
        void vscode.window.showWarningMessage(vscode.l10n.t('{0} is still running; cancel it before removing it.', record.tool));
        return;
      }
      await forget(record);
    }),
    guard('mcpTasks.clearFinished', async () => {
      const finished = feed.records().filter((r) => isTerminalStatus(r.status));
      for (const record of finished) await forget(record);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Removed {0} finished task(s)', finished.length), 3000);
    }),
    guard('mcpTasks.refreshTasks', async () => {
      const running = servers.all().filter((s) => s.state.kind === 'running');
      const outcomes = await Promise.allSettled(running.map((s) => engine.discover(s.id)));
      outcomes.forEach((o, i) => {
        if (o.status === 'rejected') log.warn(`${running[i].label}: listing tasks failed: ${o.reason instanceof Error ? o.reason.message : String(o.reason)}`);
      });
      for (const record of feed.records()) feed.touch(record.key);
    }),
    guard('mcpTasks.filterTasks', async () => {
      const next = await pickTaskFilter(tree.filter, servers, feed.records());
      if (next) tree.setFilter(next);
    }),
    guard('mcpTasks.clearTaskFilter', () => tree.setFilter({})),
    guard('mcpTasks.copyResult', async (target?: TaskTarget) => {
      const found = await finishedResult(target);
      if (!found) return;
      const { record, value } = found;
      await vscode.env.clipboard.writeText(resultAsText(value));
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the result of {0}', record.tool), 3000);
    }),
    guard('mcpTasks.saveResultAs', async (target?: TaskTarget) => {
      const found = await finishedResult(target);
      if (!found) return;
      const { record, value } = found;
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const target2 = await vscode.window.showSaveDialog({
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `${record.tool || 'result'}.md`) } : {}),
        filters: { Markdown: ['md'], JSON: ['json'] },
        title: vscode.l10n.t('Save Result As'),
      });
      if (!target2) return;
      const text = target2.path.endsWith('.json')
        ? JSON.stringify(value, null, 2)
        : await results.provideTextDocumentContent(parts.resultUriOf(record));
      await vscode.workspace.fs.writeFile(target2, new TextEncoder().encode(text));
      vscode.window.setStatusBarMessage(vscode.l10n.t('Saved the result to {0}', target2.fsPath), 3000);
    }),
    guard('mcpTasks.resetMutedAlerts', async () => {
      await resetMutedAlerts(services.context.globalState);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Alerts are on again for every tool'), 3000);
    }),
  ];
}

function serverIdOf(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as { serverId?: unknown; id?: unknown };
  if (typeof v.serverId === 'string') return v.serverId;
  return typeof v.id === 'string' ? v.id : undefined;
}

async function pickFinished(parts: TaskUiParts): Promise<TaskRecord | undefined> {
  const finished = parts.feed.records().filter((r) => isTerminalStatus(r.status)).sort((a, b) => b.createdAt - a.createdAt).slice(0, 200);
  if (finished.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No task has finished yet.'));
    return undefined;
  }
  const chosen = await vscode.window.showQuickPick(finished.map((r) => ({
    label: r.tool || r.taskId, description: `${r.serverLabel} · ${r.status}`, detail: new Date(r.createdAt).toLocaleString(), record: r,
  })), { title: vscode.l10n.t('Open Result'), placeHolder: vscode.l10n.t('Choose a finished task') });
  return chosen?.record;
}
