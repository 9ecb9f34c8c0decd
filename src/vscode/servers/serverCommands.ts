/** Commands on servers: start, stop, restart, answer a start's consent, show log, open definition, user configuration, inputs. */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { InputResolver } from '../../core/config/inputResolver';
import type { ServerRegistry } from '../../core/servers/serverRegistry';
import type { ServerNode } from './serverTree';
import { plainText } from '../inertText';
import type { ConsentAnswer, ConsentRequests } from './consentRequests';

export interface ServerCommandDeps {
  readonly registry: ServerRegistry;
  readonly inputs: InputResolver;
  readonly userConfigFile: () => string;
  showServerLog(serverId: string): void;
  /** The consent questions open in this window (the model the Servers view renders). */
  readonly consents: ConsentRequests;
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
  const pick = async (node?: ServerNode, filter?: (running: boolean) => boolean, noneFits?: string): Promise<string | undefined> => {
    if (node?.kind === 'server') return node.server.id;
    const all = registry.snapshot();
    const items = all
      .filter((s) => !filter || filter(s.state.kind === 'running' || s.state.kind === 'starting' || s.state.kind === 'restarting'))
      .map((s) => ({ label: plainText(s.name), description: s.state.kind, id: s.id }));
    if (items.length === 0) {
      void vscode.window.showInformationMessage(all.length === 0 || !noneFits
        ? vscode.l10n.t('No MCP server is configured. Add one with "MCP Tasks: Add MCP Server Configuration (mcp.json)".')
        : noneFits);
      return undefined;
    }
    return (await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Pick an MCP server') }))?.id;
  };
  const report = (what: string, id: string) => (err: unknown) => {
    const name = registry.info(id)?.name ?? id;
    void vscode.window.showErrorMessage(vscode.l10n.t("Could not {0} MCP server '{1}': {2}", what, plainText(name), plainText(err instanceof Error ? err.message : String(err))));
  };
  const consents = deps.consents;
  /** From a row, from a tooltip's link (the server's id), or from the palette: a server that waits. */
  const answerConsent = (answer: ConsentAnswer) => async (target?: ServerNode | string) => {
    let id = typeof target === 'string' ? target : target?.kind === 'server' ? target.server.id : undefined;
    if (id === undefined) {
      const items = consents.all().map((r) => ({ label: plainText(r.name), description: plainText(r.resolved), id: r.serverId }));
      if (items.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('No MCP server is waiting for your permission.'));
        return;
      }
      // Even one: the user sees which server and what it runs before answering.
      id = (await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Pick an MCP server') }))?.id;
    }
    if (id !== undefined) consents.answer(id, answer);
  };
  return [
    vscode.commands.registerCommand('mcpTasks.allowServer', answerConsent('allow')),
    vscode.commands.registerCommand('mcpTasks.refuseServer', answerConsent('refuse')),
    vscode.commands.registerCommand('mcpTasks.startServer', async (node?: ServerNode) => {
      const id = await pick(node, (running) => !running, vscode.l10n.t('Every MCP server is already running.'));
      if (id) await registry.get(id)?.start().catch(report('start', id));
    }),
    vscode.commands.registerCommand('mcpTasks.stopServer', async (node?: ServerNode) => {
      const id = await pick(node, (running) => running, vscode.l10n.t('No MCP server is running.'));
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
