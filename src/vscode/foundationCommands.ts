import * as vscode from 'vscode';

/** Commands that need nothing but the extension itself. */
export function registerFoundationCommands(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): void {
  const version: string = context.extension.packageJSON.version;
  context.subscriptions.push(
    vscode.commands.registerCommand('mcpTasks.about', () => {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('MCP Tasks {0} is running in {1} {2}.', version, vscode.env.appName, vscode.version));
    }),
    vscode.commands.registerCommand('mcpTasks.showOutput', () => output.show()),
  );
}
