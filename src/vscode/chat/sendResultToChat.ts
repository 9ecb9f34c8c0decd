/**
 * "Send to Chat": opens the chat with a finished task's result in its input, for the person to
 * add a question and send. Nothing is sent by itself. A window without chat (AI features turned
 * off, or no chat at all) says so and copies the text instead, so the result still travels.
 */
import * as vscode from 'vscode';
import type { TaskRecord } from '../../core/model/taskRecord';
import { plainText } from '../inertText';
import { chatQueryFor } from './chatQuery';

export const SEND_TO_CHAT_COMMAND = 'mcpTasks.sendResultToChat';
const CHAT_OPEN = 'workbench.action.chat.open';

/** What happened, for the command's caller: the text and where it went. */
export interface SentToChat {
  readonly query: string;
  readonly to: 'chat' | 'clipboard';
}

export async function sendResultToChat(record: TaskRecord, result: unknown): Promise<SentToChat> {
  const query = chatQueryFor(record, result);
  if (await chatAvailable()) {
    // isPartialQuery puts the text in the input without sending it.
    await vscode.commands.executeCommand(CHAT_OPEN, { query, isPartialQuery: true });
    return { query, to: 'chat' };
  }
  await vscode.env.clipboard.writeText(query);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Chat is not available in this window (AI features may be turned off), so the result of {0} was copied to the clipboard instead.', plainText(record.tool || record.taskId)),
  );
  return { query, to: 'clipboard' };
}

async function chatAvailable(): Promise<boolean> {
  const disabled = vscode.workspace.getConfiguration('chat').get<boolean>('disableAIFeatures', false);
  return !disabled && (await vscode.commands.getCommands(true)).includes(CHAT_OPEN);
}
