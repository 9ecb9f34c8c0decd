/**
 * A stand-in composition of the task UI: servers straight from each workspace folder's
 * .vscode/mcp.json (re-read when asked for), a file ledger in global storage, the engine and the
 * Tasks UI. The extension's composition root replaces this with its server registry.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { serverId as serverIdOf } from '../../core/config/configDiff';
import { parseMcpConfig } from '../../core/config/configParser';
import { resolveServer } from '../../core/config/definitionResolver';
import { Emitter } from '../../core/events';
import { FileTaskLedger } from '../../core/ledger/fileTaskLedger';
import { ServerConnection } from '../../core/servers/serverConnection';
import type { McpServerHandle, ServerLookup } from '../../core/servers/types';
import { TaskEngine } from '../../core/tasks/taskEngine';
import { channelLogger, ServerLogs } from '../logs';
import { createVsCodeHostRequests, type VsCodeHostRequests } from '../prompts';
import { registerTaskUi, type TaskUi } from './index';

class WorkspaceServers implements ServerLookup, vscode.Disposable {
  private readonly changed = new Emitter<void>();
  readonly onDidChangeServers = this.changed.event;
  private readonly connections = new Map<string, ServerConnection>();
  private lastText = new Map<string, string>();

  constructor(private readonly host: VsCodeHostRequests, private readonly logs: ServerLogs) {}

  get(id: string): McpServerHandle | undefined {
    this.reload();
    return this.connections.get(id);
  }

  all(): readonly McpServerHandle[] {
    this.reload();
    return [...this.connections.values()];
  }

  dispose(): void {
    for (const c of this.connections.values()) void c.stop().finally(() => c.dispose());
  }

  private reload(): void {
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const file = path.join(folder.uri.fsPath, '.vscode', 'mcp.json');
      let text: string;
      try { text = fs.readFileSync(file, 'utf8'); } catch { continue; }
      if (this.lastText.get(file) === text) continue;
      this.lastText.set(file, text);
      const parsed = parseMcpConfig(text, { file, kind: 'workspace', workspaceFolder: folder.uri.fsPath });
      for (const server of parsed.servers) {
        const id = serverIdOf(file, server.name);
        if (this.connections.has(id)) continue;
        const channel = this.logs.channel(id, server.name);
        this.connections.set(id, new ServerConnection({
          id, label: server.name,
          definition: async () => {
            const resolved = await resolveServer(server, parsed.inputs, undefined, { env: process.env, userHome: os.homedir() });
            if (!resolved.ok) throw new Error(resolved.problems.map((p) => p.message).join('; '));
            return resolved.definition;
          },
          capabilities: { elicitation: { form: {} } },
          hostRequests: this.host,
          logger: channelLogger(channel),
        }));
      }
      this.changed.fire();
    }
  }
}

export async function composeTaskUi(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<{ engine: TaskEngine; taskUi: TaskUi; servers: ServerLookup }> {
  const logs = new ServerLogs();
  const host = createVsCodeHostRequests({ log });
  const servers = new WorkspaceServers(host, logs);
  const store = await FileTaskLedger.open({ dir: path.join(context.globalStorageUri.fsPath, 'ledger'), logger: channelLogger(log) });
  const engine = new TaskEngine({ servers, store, logger: channelLogger(log) });
  const taskUi = registerTaskUi({
    context, engine, servers, store, log,
    showServerLog: (id) => { if (!logs.show(id)) log.show(true); },
  }, { questions: host.questions });
  context.subscriptions.push(taskUi, { dispose: () => engine.dispose() }, servers, logs, { dispose: () => host.questions.dispose() });
  void taskUi.summariseResumed(engine.resume());
  return { engine, taskUi, servers };
}
