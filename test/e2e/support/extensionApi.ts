import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BackgroundModeApi, McpTasksApi, WindowModeApi } from '../../../src/extension';
import { isTerminalStatus, type TaskRecord } from '../../../src/core/model/taskRecord';
import { waitFor } from '../../support/waitFor';
import { notifications } from './workbench';

export const EXTENSION_ID = 'mcp-tasks.mcp-tasks';

/** The repository the extension runs from (for dist/demo-server.js and node_modules). */
export const repoRoot = process.env.MCP_TASKS_REPO ?? path.resolve(__dirname, '../../../..');

type ActivatedApi = McpTasksApi & { readonly ready: Promise<void> };

async function activatedApi(): Promise<McpTasksApi> {
  const ext = vscode.extensions.getExtension<ActivatedApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed`);
  const api = await ext.activate();
  await api.ready;
  return api;
}

/** The extension as it runs by default (tasks in the background task host). */
export function extensionApi(): Promise<McpTasksApi> {
  return activatedApi();
}

/** The extension running its tasks in the window (mcpTasks.taskHost = window). */
export async function windowApi(): Promise<WindowModeApi> {
  const api = await activatedApi();
  if (api.mode !== 'window') throw new Error(`the extension runs its tasks in the ${api.mode} task host; this suite needs the window`);
  return api;
}

/** The pid of the task host the window is linked to (connecting if need be). */
export async function hostPid(api: BackgroundModeApi): Promise<number> {
  return (await api.link.connect()).welcome.pid;
}

/** The extension as a client of the background task host (the default). */
export async function backgroundApi(): Promise<BackgroundModeApi> {
  const api = await activatedApi();
  if (api.mode !== 'background') throw new Error(`the extension runs its tasks in the ${api.mode}; this suite needs the background task host`);
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

/** Sets a user setting (Global); undefined removes it. */
export async function setSetting(name: string, value: unknown): Promise<void> {
  const at = name.lastIndexOf('.');
  await vscode.workspace.getConfiguration(name.slice(0, at)).update(name.slice(at + 1), value, vscode.ConfigurationTarget.Global);
}

/**
 * Makes `servers` the user's own MCP configuration (a file in the scratch folder): user servers
 * start without a consent prompt. Resolves once every one of them is known to the registry.
 */
export async function useUserServers(api: McpTasksApi, fileName: string, servers: Record<string, unknown>): Promise<void> {
  const scratch = process.env.MCP_TASKS_SCRATCH ?? workspaceFolder();
  const file = path.join(scratch, fileName);
  await fs.writeFile(file, JSON.stringify({ servers }, null, 2));
  await setSetting('mcpTasks.userConfigPath', file);
  for (const label of Object.keys(servers)) {
    await waitFor(() => api.registry.all().some((s) => s.label === label), { what: `the ${label} server`, timeoutMs: 20_000 });
  }
}

/** Removes the user configuration again; resolves once its servers are gone (the next suite starts settled). */
export async function dropUserServers(api: McpTasksApi | undefined, labels: readonly string[]): Promise<void> {
  await setSetting('mcpTasks.userConfigPath', undefined);
  if (!api) return;
  await waitFor(() => !api.registry.all().some((s) => labels.includes(s.label)), { what: `${labels.join(', ')} to be removed`, timeoutMs: 20_000 });
}

/**
 * Connects a configured server and waits until it lists `tool` (server-everything registers some
 * tools only for hosts that declare the matching capability). Returns the server's id.
 */
export async function connectUntilListed(api: McpTasksApi, label: string, tool: string): Promise<string> {
  const server = api.registry.all().find((s) => s.label === label);
  if (!server) throw new Error(`no server named ${label}`);
  await server.connect();
  await waitFor(() => server.tools?.some((t) => t.name === tool), { what: `${tool} to be listed`, timeoutMs: 30_000 });
  return server.id;
}

/**
 * Ends a suite that used its own user servers: leaves the Tasks view without the suite's finished
 * calls and the Explorer in front, as the next suites expect, and removes the servers.
 */
export async function leaveUserServers(api: McpTasksApi | undefined, labels: readonly string[]): Promise<void> {
  await vscode.commands.executeCommand('mcpTasks.clearFinished');
  await vscode.commands.executeCommand('workbench.view.explorer');
  await dropUserServers(api, labels);
}

/** Resolves with a task's record once it has ended (whatever the task host setting). */
export function whenFinished(api: McpTasksApi, key: string, timeoutMs = 120_000): Promise<TaskRecord> {
  return new Promise((resolve, reject) => {
    const ended = (record: TaskRecord | undefined) => record !== undefined && record.key === key && isTerminalStatus(record.status);
    const finish = (record: TaskRecord) => { clearTimeout(timer); subscription.dispose(); resolve(record); };
    const subscription = api.tasks.onDidChangeTask((record) => { if (ended(record)) finish(record); });
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`task ${key} did not end within ${timeoutMs / 1000} s (it is ${api.tasks.get(key)?.status ?? 'unknown'})`));
    }, timeoutMs);
    const now = api.tasks.get(key);
    if (ended(now)) finish(now!);
  });
}

/** The text of a call that must have completed (its text blocks, joined). */
export async function completedResultText(api: McpTasksApi, key: string): Promise<string> {
  const final = await whenFinished(api, key);
  assert.equal(final.status, 'completed', `the call ended ${final.status}: ${JSON.stringify(final.error ?? final.result)}`);
  assert.ok(final.result, 'a result');
  const value = await api.tasks.readResult(final.result) as { content?: { text?: string }[] };
  return (value.content ?? []).map((c) => c.text ?? '').join('\n');
}
