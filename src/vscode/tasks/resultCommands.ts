/** The commands on a finished task's result: open it (rendered or as source), copy it, save it, send it to chat. */
import * as vscode from 'vscode';
import { isTerminalStatus, type TaskRecord } from '../../core/model/taskRecord';
import type { CommandGuard, CommandTargets, TaskTarget } from './commandTargets';
import { resultAsText } from './resultDocuments';
import { plainText } from '../inertText';
import type { TaskUiParts } from './taskUiParts';
import { SEND_TO_CHAT_COMMAND, sendResultToChat, type SentToChat } from '../chat/sendResultToChat';

export function registerResultCommands(parts: TaskUiParts, targets: CommandTargets, guard: CommandGuard): vscode.Disposable[] {
  const { results } = parts;

  /** The record's result for copy/save: says why there is none (not finished) or fails if unreadable. */
  const finishedResult = async (target: TaskTarget): Promise<{ record: TaskRecord; value: unknown } | undefined> => {
    const record = targets.require(target);
    if (!record) return undefined;
    const result = await results.readResult(record);
    if (!result.ok) throw new Error(vscode.l10n.t('The result cannot be read: {0}', result.error));
    if (result.value === undefined) {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no result yet.', plainText(record.tool)));
      return undefined;
    }
    return { record, value: result.value };
  };

  return [
    guard('mcpTasks.openResult', async (target?: TaskTarget) => {
      const record = targets.recordOf(target) ?? await pickFinished(parts);
      if (record) await results.open(record);
    }),
    guard('mcpTasks.openResultSource', async (target?: TaskTarget) => {
      const record = targets.recordOf(target) ?? await pickFinished(parts);
      if (record) await results.openSource(record);
    }),
    // Not guarded: the caller gets what was sent, and where (a failure still reaches the person).
    vscode.commands.registerCommand(SEND_TO_CHAT_COMMAND, async (target?: TaskTarget): Promise<SentToChat | undefined> => {
      try {
        const chosen = targets.recordOf(target) ?? await pickFinished(parts);
        const found = chosen ? await finishedResult(chosen) : undefined;
        return found ? await sendResultToChat(found.record, found.value) : undefined;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        parts.services.log.error(`${SEND_TO_CHAT_COMMAND} failed: ${message}`);
        void vscode.window.showErrorMessage(plainText(message));
        return undefined;
      }
    }),
    guard('mcpTasks.copyResult', async (target?: TaskTarget) => {
      const found = await finishedResult(target);
      if (!found) return;
      await vscode.env.clipboard.writeText(resultAsText(found.value));
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the result of {0}', plainText(found.record.tool)), 3000);
    }),
    guard('mcpTasks.saveResultAs', async (target?: TaskTarget) => {
      const found = await finishedResult(target);
      if (!found) return;
      const { record, value } = found;
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const file = await vscode.window.showSaveDialog({
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `${record.tool || 'result'}.md`) } : {}),
        filters: { Markdown: ['md'], JSON: ['json'] },
        title: vscode.l10n.t('Save Result As'),
      });
      if (!file) return;
      const text = file.path.endsWith('.json')
        ? JSON.stringify(value, null, 2)
        : await results.provideTextDocumentContent(parts.resultUriOf(record));
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(text));
      vscode.window.setStatusBarMessage(vscode.l10n.t('Saved the result to {0}', file.fsPath), 3000);
    }),
  ];
}

async function pickFinished(parts: TaskUiParts): Promise<TaskRecord | undefined> {
  const finished = parts.feed.records().filter((r) => isTerminalStatus(r.status)).sort((a, b) => b.createdAt - a.createdAt).slice(0, 200);
  if (finished.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No task has finished yet.'));
    return undefined;
  }
  const chosen = await vscode.window.showQuickPick(finished.map((r) => ({
    label: plainText(r.tool || r.taskId), description: `${plainText(r.serverLabel)} · ${r.status}`, detail: new Date(r.createdAt).toLocaleString(), record: r,
  })), { title: vscode.l10n.t('Open Result'), placeHolder: vscode.l10n.t('Choose a finished task') });
  return chosen?.record;
}
