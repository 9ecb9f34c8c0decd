import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand('mcpTasks.about', () => {
    void vscode.window.showInformationMessage('MCP Tasks is active.');
  }));
}

export function deactivate(): void {}
