import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { McpTasksApi } from '../../../src/extension';
import { notifications } from './workbench';

export const EXTENSION_ID = 'mcp-tasks.mcp-tasks';

/** The repository the extension runs from (for dist/demo-server.js and node_modules). */
export const repoRoot = process.env.MCP_TASKS_REPO ?? path.resolve(__dirname, '../../../..');

export async function extensionApi(): Promise<McpTasksApi> {
  const ext = vscode.extensions.getExtension<McpTasksApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed`);
  const api = await ext.activate();
  await api.ready;
  return api;
}

export function workspaceFolder(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the end-to-end tests need a workspace folder');
  return folder.uri.fsPath;
}

export async function writeWorkspaceConfig(config: unknown): Promise<string> {
  const file = path.join(workspaceFolder(), '.vscode', 'mcp.json');
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, JSON.stringify(config, null, 2));
  return file;
}

export const demoServer = (env: Record<string, string> = {}) => ({
  type: 'stdio', command: process.execPath, args: [path.join(repoRoot, 'dist/demo-server.js')], env,
});

export const everythingServer = () => ({
  type: 'stdio', command: process.execPath,
  args: [path.join(repoRoot, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'],
});

/** Answers the consent notification for a workspace server by clicking `button`. */
export async function answerConsent(server: string, button: 'Allow and Start' | "Don't Start", timeoutMs = 30_000): Promise<void> {
  await notifications.click(`MCP server '${server}'`, button, timeoutMs);
}
