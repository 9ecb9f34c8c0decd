/** The Servers view: each configured server with its state and tools, and configuration problems. */
import * as vscode from 'vscode';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ConfigProblem } from '../../core/config/types';
import type { ServerRegistry, ServerSnapshot } from '../../core/servers/serverRegistry';
import type { ServerState } from '../../core/servers/types';
import { untrustedMarkdown } from '../untrustedMarkdown';
import type { ConsentRequest, ConsentRequests } from './consentRequests';
import { CONSENT_COMMANDS, consentTooltip, serverTooltip, toolTooltip } from './serverTooltips';

export type ServerNode =
  | { kind: 'server'; server: ServerSnapshot }
  | { kind: 'tool'; serverId: string; tool: Tool }
  | { kind: 'hint'; serverId: string; text: string }
  | { kind: 'problem'; problem: ConfigProblem };

export function stateLabel(state: ServerState): string {
  switch (state.kind) {
    case 'stopped': return vscode.l10n.t('stopped');
    case 'starting': return vscode.l10n.t('starting…');
    case 'running': return vscode.l10n.t('running');
    case 'error': return vscode.l10n.t('error');
    case 'restarting': return vscode.l10n.t('restarting (attempt {0}) in {1}s', state.attempt, Math.round(state.delayMs / 1000));
  }
}

function stateIcon(state: ServerState): vscode.ThemeIcon {
  switch (state.kind) {
    case 'running': return new vscode.ThemeIcon('circle-filled', new vscode.ThemeColor('testing.iconPassed'));
    case 'starting': return new vscode.ThemeIcon('loading~spin');
    case 'restarting': return new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('list.warningForeground'));
    case 'error': return new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    case 'stopped': return new vscode.ThemeIcon('circle-outline');
  }
}

function taskSupportOf(tool: Tool): 'required' | 'optional' | 'none' {
  const support = (tool as { execution?: { taskSupport?: string } }).execution?.taskSupport;
  return support === 'required' || support === 'optional' ? support : 'none';
}

export class ServerTreeProvider implements vscode.TreeDataProvider<ServerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ServerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private perServer: vscode.Disposable[] = [];

  constructor(private readonly registry: ServerRegistry, private readonly consents: ConsentRequests) {
    this.subscriptions.push(
      registry.onDidChangeServers(() => { this.watchServers(); this.refresh(); }),
      registry.onDidChangeProblems(() => this.refresh()),
      consents.onDidChange(() => this.refresh()),
    );
    this.watchServers();
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(node?: ServerNode): ServerNode[] {
    if (!node) {
      const problems = this.registry.problems.map((problem): ServerNode => ({ kind: 'problem', problem }));
      const servers = this.registry.snapshot()
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((server): ServerNode => ({ kind: 'server', server }));
      return [...problems, ...servers];
    }
    if (node.kind !== 'server') return [];
    const tools = this.registry.get(node.server.id)?.tools;
    if (!tools) {
      const text = node.server.state.kind === 'running' ? vscode.l10n.t('Listing tools…') : vscode.l10n.t('Start the server to list its tools');
      return [{ kind: 'hint', serverId: node.server.id, text }];
    }
    if (tools.length === 0) return [{ kind: 'hint', serverId: node.server.id, text: vscode.l10n.t('No tools') }];
    return [...tools].sort((a, b) => a.name.localeCompare(b.name)).map((tool) => ({ kind: 'tool', serverId: node.server.id, tool }));
  }

  getTreeItem(node: ServerNode): vscode.TreeItem {
    switch (node.kind) {
      case 'server': return this.serverItem(node.server);
      case 'tool': return toolItem(node.serverId, node.tool);
      case 'hint': {
        const item = new vscode.TreeItem(node.text);
        item.iconPath = new vscode.ThemeIcon('info');
        return item;
      }
      case 'problem': return problemItem(node.problem);
    }
  }

  private serverItem(server: ServerSnapshot): vscode.TreeItem {
    const consent = this.consents.get(server.id);
    if (consent) return this.waitingItem(server, consent);
    const item = new vscode.TreeItem(server.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `server:${server.id}`;
    const connection = this.registry.get(server.id);
    const transport = connection?.definition?.type ?? server.written.type;
    const parts = [stateLabel(server.state), transport];
    if (server.toolCount !== undefined) parts.push(vscode.l10n.t('{0} tools', server.toolCount));
    if (server.restartCount > 0) parts.push(vscode.l10n.t('{0} restarts', server.restartCount));
    const error = server.state.kind === 'error' ? server.state.message : server.state.kind === 'restarting' ? server.state.lastError : undefined;
    const why = error ?? (server.state.kind === 'stopped' ? server.state.reason : undefined);
    if (why) parts.push(firstLine(why));
    item.description = parts.join(' · ');
    item.iconPath = stateIcon(server.state);
    item.tooltip = untrustedMarkdown(serverTooltip(
      { name: server.name, state: stateLabel(server.state), file: server.source.file, sourceKind: server.source.kind, lastError: error ?? server.lastError },
      { definedIn: vscode.l10n.t('Defined in'), lastError: vscode.l10n.t('Last error') }));
    const running = server.state.kind === 'running' || server.state.kind === 'starting' || server.state.kind === 'restarting';
    item.contextValue = running ? 'server.running' : 'server.stopped';
    return item;
  }

  /**
   * Whatever the connection says meanwhile (starting in this window, stopped while the task host
   * waits for the hand-over), the server waits for the user: the row says so and offers the answers.
   */
  private waitingItem(server: ServerSnapshot, consent: ConsentRequest): vscode.TreeItem {
    const item = new vscode.TreeItem(server.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `server:${server.id}`;
    const waiting = vscode.l10n.t('waiting for your permission');
    // Only the state: the answers beside it (shown on hover) leave little room in a sidebar.
    item.description = waiting;
    item.iconPath = new vscode.ThemeIcon('shield', new vscode.ThemeColor('list.warningForeground'));
    const words = {
      waiting: consent.changed ? vscode.l10n.t('its definition changed; waiting for your permission to start') : vscode.l10n.t('waiting for your permission to start'),
      willRun: vscode.l10n.t('It will run:'),
      writtenAs: vscode.l10n.t('Written as:'),
      allow: vscode.l10n.t('Allow and Start'),
      refuse: vscode.l10n.t("Don't Start"),
      definedIn: vscode.l10n.t('Defined in'),
    };
    const tooltip = new vscode.MarkdownString(consentTooltip(
      { name: server.name, state: waiting, file: server.source.file, sourceKind: server.source.kind },
      { serverId: server.id, resolved: consent.resolved, written: consent.written }, words), false);
    // The two answers are links of ours; every text around them is escaped (serverTooltips), and
    // no other command, no HTML and no icon syntax is honoured.
    tooltip.isTrusted = { enabledCommands: [CONSENT_COMMANDS.allow, CONSENT_COMMANDS.refuse] };
    tooltip.supportHtml = false;
    tooltip.supportThemeIcons = false;
    item.tooltip = tooltip;
    item.accessibilityInformation = { label: vscode.l10n.t('{0}: waiting for your permission to start. It will run: {1}', server.name, consent.resolved) };
    item.contextValue = 'server.consent';
    return item;
  }

  private watchServers(): void {
    for (const d of this.perServer) d.dispose();
    this.perServer = this.registry.all().flatMap((connection) => [
      connection.onDidChangeState(() => this.refresh()),
      connection.onDidChangeTools(() => this.refresh()),
    ]);
  }

  dispose(): void {
    for (const d of [...this.perServer, ...this.subscriptions, this.changed]) d.dispose();
  }
}

function toolItem(serverId: string, tool: Tool): vscode.TreeItem {
  const item = new vscode.TreeItem(tool.name);
  item.id = `tool:${serverId}:${tool.name}`;
  const support = taskSupportOf(tool);
  item.description = support === 'none' ? vscode.l10n.t('no task') : vscode.l10n.t('task: {0}', support);
  item.iconPath = new vscode.ThemeIcon(support === 'none' ? 'tools' : 'watch');
  item.tooltip = untrustedMarkdown(toolTooltip(tool, support, { taskSupport: vscode.l10n.t('Task support') }));
  item.contextValue = 'tool';
  item.command = { command: 'mcpTasks.callTool', title: vscode.l10n.t('Call Tool…'), arguments: [serverId, tool.name] };
  return item;
}

function problemItem(problem: ConfigProblem): vscode.TreeItem {
  const where = [problem.server && `server "${problem.server}"`, problem.field && `field "${problem.field}"`].filter(Boolean).join(', ');
  const item = new vscode.TreeItem(problem.message);
  item.description = `${vscode.workspace.asRelativePath(problem.file)}:${problem.line}:${problem.column}${where ? ` · ${where}` : ''}`;
  item.iconPath = new vscode.ThemeIcon(problem.severity === 'error' ? 'error' : 'warning',
    new vscode.ThemeColor(problem.severity === 'error' ? 'list.errorForeground' : 'list.warningForeground'));
  item.tooltip = `${problem.file}:${problem.line}:${problem.column}\n${where}\n${problem.message}`;
  item.contextValue = 'problem';
  const position = new vscode.Position(problem.line - 1, problem.column - 1);
  item.command = { command: 'vscode.open', title: vscode.l10n.t('Open'), arguments: [vscode.Uri.file(problem.file), { selection: new vscode.Range(position, position) }] };
  return item;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0];
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
}
