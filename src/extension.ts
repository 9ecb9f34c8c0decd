// Composition root: builds the core, wires the VS Code adapters, registers disposables. No logic.
import * as vscode from 'vscode';
import { registerFoundationCommands } from './vscode/foundationCommands';

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('MCP Tasks', { log: true });
  context.subscriptions.push(output);
  const empty: vscode.TreeDataProvider<never> = { getTreeItem: (e) => e, getChildren: () => [] };
  context.subscriptions.push(
    vscode.window.createTreeView('mcpTasks.servers', { treeDataProvider: empty }),
    vscode.window.createTreeView('mcpTasks.tasks', { treeDataProvider: empty }),
  );
  registerFoundationCommands(context, output);
  output.info(`MCP Tasks ${context.extension.packageJSON.version} activated in ${vscode.env.appName} ${vscode.version}`);
}

export function deactivate(): void {}
