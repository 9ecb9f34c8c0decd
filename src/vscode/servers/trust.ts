/**
 * Consent before a workspace-defined server starts. A workspace's mcp.json can run any command,
 * so its servers need the user's yes, shown with the exact command line or URL as written, and
 * again when the definition changes. Servers in the user's own configuration need none. In an
 * untrusted workspace, workspace stdio servers never start.
 */
import * as vscode from 'vscode';
import type { RawServerDefinition } from '../../core/config/types';
import type { RegisteredServer } from '../../core/servers/serverRegistry';
import { StartRefusedError } from '../../core/servers/startRefused';
import { plainText } from '../inertText';

const APPROVALS_KEY = 'mcpTasks.approvedServerDefinitions';

export function describeWritten(definition: RawServerDefinition): string {
  if (definition.type === 'stdio') {
    const quote = (s: string) => (/[\s"']/.test(s) ? JSON.stringify(s) : s);
    return [definition.command ?? '', ...definition.args].map(quote).join(' ');
  }
  return `${definition.type === 'sse' ? 'SSE' : 'HTTP'} ${definition.url ?? ''}`;
}

export class ServerTrust {
  private readonly asking = new Map<string, Promise<void>>();

  constructor(private readonly state: vscode.Memento) {}

  /** Resolves when the server may start; throws StartRefusedError with the reason otherwise. */
  checkStart(server: RegisteredServer): Promise<void> {
    if (server.source.kind === 'user') return Promise.resolve();
    if (!vscode.workspace.isTrusted && server.written.type === 'stdio') {
      return Promise.reject(new StartRefusedError(vscode.l10n.t('Not started: this workspace is not trusted, and its servers run local commands.')));
    }
    if (this.approvals()[server.id] === server.definitionHash) return Promise.resolve();
    // Several callers (auto start, a tool call) may want the same server at once: ask once.
    const key = `${server.id}:${server.definitionHash}`;
    let pending = this.asking.get(key);
    if (!pending) {
      pending = this.ask(server).finally(() => this.asking.delete(key));
      this.asking.set(key, pending);
    }
    return pending;
  }

  async forgetAll(): Promise<void> {
    await this.state.update(APPROVALS_KEY, undefined);
  }

  private approvals(): Record<string, string> {
    return this.state.get<Record<string, string>>(APPROVALS_KEY, {});
  }

  private async ask(server: RegisteredServer): Promise<void> {
    const changed = this.approvals()[server.id] !== undefined;
    const allow = vscode.l10n.t('Allow and Start');
    const refuse = vscode.l10n.t("Don't Start");
    // A notification rather than a modal dialog: the rest of the window stays usable while the
    // server waits, and the question stays in the notification centre until answered.
    // The workspace wrote the name and the command: they read as written but cannot be links.
    const command = plainText(describeWritten(server.written));
    const name = plainText(server.name);
    const answer = await vscode.window.showWarningMessage(
      changed
        ? vscode.l10n.t("The definition of MCP server '{0}' in this workspace changed. Start it? It will run: {1}", name, command)
        : vscode.l10n.t("Start MCP server '{0}' defined in this workspace? It will run: {1}", name, command),
      allow, refuse,
    );
    if (answer !== allow) throw new StartRefusedError(vscode.l10n.t('Not started: starting this workspace server was not allowed.'));
    await this.state.update(APPROVALS_KEY, { ...this.approvals(), [server.id]: server.definitionHash });
  }
}
