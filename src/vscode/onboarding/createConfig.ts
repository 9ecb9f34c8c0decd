/**
 * "Add MCP Server Configuration": creates `.vscode/mcp.json` with no servers yet (or, with no
 * folder open, the user-level file) and opens it. An existing file is opened as it is.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const CREATE_CONFIG_COMMAND = 'mcpTasks.createConfig';

const EMPTY_CONFIG = `${JSON.stringify({ servers: {} }, null, 2)}\n`;

export async function createConfig(): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    await vscode.commands.executeCommand('mcpTasks.openUserConfig');
    return;
  }
  const folder = folders.length === 1
    ? folders[0]
    : await vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('Add mcp.json to which folder?') });
  if (!folder) return;
  const file = path.join(folder.uri.fsPath, '.vscode', 'mcp.json');
  await fs.mkdir(path.dirname(file), { recursive: true });
  // 'wx': a file that appeared meanwhile is kept, never overwritten.
  await fs.writeFile(file, EMPTY_CONFIG, { flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  await vscode.window.showTextDocument(vscode.Uri.file(file));
}
