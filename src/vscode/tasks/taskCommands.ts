/** The commands a person uses on tasks: from the view's title, an item's context menu, or the palette. */
import * as vscode from 'vscode';
import { isTerminalStatus, type TaskRecord } from '../../core/model/taskRecord';
import type { TaskUiParts } from './taskUiParts';
import { commandGuard, CommandTargets, type TaskTarget } from './commandTargets';
import { callToolTarget } from './model/callToolTarget';
import { registerHistoryCommands } from './historyCommands';
import { registerResultCommands } from './resultCommands';
import { plainText } from '../inertText';
import { callToolBundle } from '../lazy/siblingBundles';

export function registerTaskCommands(parts: TaskUiParts): vscode.Disposable[] {
  const { services, feed, tree, alerts, questions } = parts;
  const { tasks, servers, log } = services;
  const targets = new CommandTargets(parts);
  const guard = commandGuard(log);

  return [
    ...registerResultCommands(parts, targets, guard),
    ...registerHistoryCommands(parts, targets, guard),
    guard('mcpTasks.callTool', async (first?: unknown, second?: unknown) => {
      const target = callToolTarget(first, second, (key) => feed.get(key)?.serverId);
      // The flow and its schema validation load at the first Call Tool (a bundle of their own).
      await callToolBundle().callToolInteractively({ tasks, servers, log, reveal: (key) => tree.reveal(key) }, target.serverId, target.tool);
    }),
    guard('mcpTasks.cancelTask', async (target?: TaskTarget) => {
      // From the palette with no task chosen: offer the running ones, or say there are none.
      const record = targets.recordOf(target) ?? await pickRunning(parts);
      if (!record) return;
      if (isTerminalStatus(record.status)) {
        void vscode.window.showInformationMessage(vscode.l10n.t('{0} has already ended ({1}); there is nothing to cancel.', plainText(record.tool), record.status));
        return;
      }
      alerts.noteCancelledHere(record.key);
      const final = await tasks.cancel(record.key);
      log.info(`${record.serverLabel} · ${record.tool}: cancel requested; now ${final.status}`);
      if (final.status !== 'cancelled') {
        void vscode.window.showInformationMessage(vscode.l10n.t('{0} ended as {1} before it could be cancelled.', plainText(record.tool), final.status));
      }
    }),
    guard('mcpTasks.answerTask', async (target?: TaskTarget) => {
      const record = targets.recordOf(target);
      const question = record ? questions.forTask(record.serverId, record.taskId) : questions.all()[0];
      if (!question) {
        void vscode.window.showInformationMessage(vscode.l10n.t('No question is waiting for an answer.'));
        return;
      }
      await parts.answer(question);
    }),
    guard('mcpTasks.rerunTask', async (target?: TaskTarget) => {
      const record = targets.require(target);
      if (record) await parts.rerun(record);
    }),
    guard('mcpTasks.copyTaskId', async (target?: TaskTarget) => {
      const record = targets.require(target);
      if (!record) return;
      await vscode.env.clipboard.writeText(record.taskId);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied task id {0}', plainText(record.taskId)), 3000);
    }),
  ];
}

/** A running task to cancel, chosen by the person; says so when none runs. */
async function pickRunning(parts: TaskUiParts): Promise<TaskRecord | undefined> {
  const running = parts.feed.records().filter((r) => !isTerminalStatus(r.status));
  if (running.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No task is running.'));
    return undefined;
  }
  const chosen = await vscode.window.showQuickPick(running.map((r) => ({
    label: plainText(r.tool || r.taskId), description: `${plainText(r.serverLabel)} · ${r.status}`, record: r,
  })), { title: vscode.l10n.t('Cancel Task'), placeHolder: vscode.l10n.t('Choose a running task') });
  return chosen?.record;
}
