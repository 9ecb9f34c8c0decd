/**
 * First steps: the command that creates an mcp.json, and what the "Get Started with MCP Tasks"
 * walkthrough (package.json) needs to tick its steps off. Commands it sees by itself; the rest are
 * context keys: a configuration file exists (configFiles.ts), a result was opened
 * (resultDocuments.ts), and a question was answered, from anywhere (here).
 */
import * as vscode from 'vscode';
import type { PendingQuestions } from '../prompts/pendingQuestions';
import { createConfig, CREATE_CONFIG_COMMAND } from './createConfig';
import { walkthroughSignal } from './walkthroughSignal';

export function registerOnboarding(questions: PendingQuestions, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const answered = walkthroughSignal('mcpTasks.questionAnswered');
  return [
    vscode.commands.registerCommand(CREATE_CONFIG_COMMAND, async () => {
      try {
        await createConfig();
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        log.error(`${CREATE_CONFIG_COMMAND} failed: ${message}`);
        void vscode.window.showErrorMessage(vscode.l10n.t('Could not create mcp.json: {0}', message));
      }
    }),
    questions.onDidAnswer(answered),
  ];
}
