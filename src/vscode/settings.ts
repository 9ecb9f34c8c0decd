/** The extension's settings, read in one place. */
import { createHash } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TaskEngineSettings } from '../core/tasks/engineSettings';
import type { ServerLookup } from '../core/servers/types';

const DAY_MS = 24 * 60 * 60 * 1000;

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('mcpTasks');
}

/** The user-level server file: the setting (with ~ expanded), else one in global storage. */
export function userConfigFile(context: vscode.ExtensionContext): string {
  const configured = section().get<string>('userConfigPath', '').trim();
  if (configured) return path.resolve(configured.replace(/^~(?=$|[\\/])/, os.homedir()));
  return path.join(context.globalStorageUri.fsPath, 'mcp.json');
}

/** Engine settings; ttlByServer is keyed by server name in the setting and by id in the engine. */
export function engineSettings(servers: ServerLookup): Partial<TaskEngineSettings> {
  const ttlByName = section().get<Record<string, number>>('tasks.ttlByServer', {});
  const ttlByServer: Record<string, number> = {};
  for (const server of servers.all()) {
    const ttl = ttlByName[server.label];
    if (typeof ttl === 'number' && ttl > 0) ttlByServer[server.id] = ttl;
  }
  return { optionalDefault: section().get<'task' | 'plain'>('tasks.optionalToolsRunAs', 'task'), ttlByServer };
}

export function retentionMs(): number {
  return Math.max(0, section().get<number>('ledger.retentionDays', 7)) * DAY_MS;
}

/**
 * Where the task ledger lives: one per workspace, named after the workspace's paths on disk. Not
 * in `storageUri`, whose identity includes the remote authority (a browser VS Code on another
 * port would see an empty ledger).
 */
export function ledgerDir(context: vscode.ExtensionContext): string {
  const workspaceFile = vscode.workspace.workspaceFile?.scheme === 'file' ? [vscode.workspace.workspaceFile.fsPath] : [];
  const identity = workspaceFile.length ? workspaceFile : (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath).sort();
  const name = identity.length ? createHash('sha256').update(identity.join('\n')).digest('hex').slice(0, 16) : 'no-workspace';
  return path.join(context.globalStorageUri.fsPath, 'ledgers', name);
}

/** Where tasks run: in the background task host (they outlive the window) or in this window. */
export function taskHostMode(): 'background' | 'window' {
  return section().get<string>('taskHost', 'background') === 'window' ? 'window' : 'background';
}
