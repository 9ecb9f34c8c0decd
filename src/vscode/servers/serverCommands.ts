/** Commands on servers: start, stop, restart, show log, open definition, user configuration, inputs. */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { InputResolver } from '../../core/config/inputResolver';
import type { ServerRegistry } from '../../core/servers/serverRegistry';
import type { ServerNode } from './serverTree';
import { plainText } from '../inertText';

export interface ServerCommandDeps {
  readonly registry: ServerRegistry;
  readonly inputs: InputResolver;
  readonly userConfigFile: () => string;
  showServerLog(serverId: string): void;
}

const USER_CONFIG_TEMPLATE = `// MCP servers for every workspace (same format as .vscode/mcp.json).
{
  "servers": {},
  "inputs": []
}
`;

export function registerServerCommands(deps: ServerCommandDeps): vscode.Disposable[] {
  const { registry } = deps;
  /** A command from a tree item gets the node; from the palette, ask which server. */
  const pick = async (node?: ServerNode, filter?: (running: boolean) => boolean): Promise<string | undefined> => {
    if (node?.kind === 'server') return node.server.id;
    const items = registry.snapshot()
      .filter((s) => !filter || filter(s.state.kind === 'running' || s.state.kind === 'starting' || s.state.kind === 'restarting'))
      .map((s) => ({ label: plainText(s.name), description: s.state.kind, id: s.id }));
    if (items.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No MCP server fits.'));
      return undefined;
    }
    return (await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Pick an MCP server') }))?.id;
  };
  const report = (what: string, id: string) => (err: unknown) => {
    const name = registry.info(id)?.name ?? id;
    void vscode.window.showErrorMessage(vscode.l10n.t("Could not {0} MCP server '{1}': {2}", what, plainText(name), plainText(err instanceof Error ? err.message : String(err))));
  };
  return [
    vscode.commands.registerCommand('mcpTasks.startServer', async (node?: ServerNode) => {
      const id = await pick(node, (running) => !running);
      if (id) await registry.get(id)?.start().catch(report('start', id));
    }),
    vscode.commands.registerCommand('mcpTasks.stopServer', async (node?: ServerNode) => {
      const id = await pick(node, (running) => running);
      if (id) await registry.get(id)?.stop(vscode.l10n.t('Stopped by the user')).catch(report('stop', id));
    }),
    vscode.commands.registerCommand('mcpTasks.restartServer', async (node?: ServerNode) => {
      const id = await pick(node);
      if (id) await registry.get(id)?.restart().catch(report('restart', id));
    }),
    vscode.commands.registerCommand('mcpTasks.showServerLog', async (node?: ServerNode) => {
      const id = await pick(node);
      if (id) deps.showServerLog(id);
    }),
    vscode.commands.registerCommand('mcpTasks.openServerDefinition', async (node?: ServerNode) => {
      const id = await pick(node);
      const info = id ? registry.info(id) : undefined;
      if (!info) return;
      const start = new vscode.Position(info.range.startLine - 1, 0);
      await vscode.window.showTextDocument(vscode.Uri.file(info.source.file), { selection: new vscode.Range(start, start) });
    }),
    vscode.commands.registerCommand('mcpTasks.openUserConfig', async () => {
      const file = deps.userConfigFile();
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, USER_CONFIG_TEMPLATE, { flag: 'wx' }).catch(() => undefined); // keep an existing file
      await vscode.window.showTextDocument(vscode.Uri.file(file));
    }),
    vscode.commands.registerCommand('mcpTasks.clearInputs', async () => {
      await deps.inputs.clear();
      void vscode.window.showInformationMessage(vscode.l10n.t('Stored MCP input values were cleared; servers will ask again at their next start.'));
    }),
  ];
}
