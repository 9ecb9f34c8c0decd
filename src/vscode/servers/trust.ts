/**
 * Consent before a workspace-defined server starts. A workspace's mcp.json can run any command,
 * so its servers need the user's yes, shown with the command line or URL that will run (and as
 * written when that differs), and again when the definition changes. Servers in the user's own
 * configuration need none. In an untrusted workspace, workspace stdio servers never start.
 *
 * The question lives in the ConsentRequests model: a notification asks it, and the server's row
 * in the Servers view asks it too until one of them is answered.
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { VariableEnvironment } from '../../core/config/definitionResolver';
import type { RegisteredServer } from '../../core/servers/serverRegistry';
import { StartRefusedError } from '../../core/servers/startRefused';
import { plainText } from '../inertText';
import type { ConsentRequest, ConsentRequests } from './consentRequests';
import { consentCommand } from './consentText';

const APPROVALS_KEY = 'mcpTasks.approvedServerDefinitions';

export class ServerTrust {
  constructor(
    private readonly state: vscode.Memento,
    private readonly consents: ConsentRequests,
    /** The environment the start resolves variables in (the extension host's). */
    private readonly environment: Pick<VariableEnvironment, 'env' | 'userHome'> = { env: process.env, userHome: os.homedir() },
  ) {}

  /** Resolves when the server may start; throws StartRefusedError with the reason otherwise. */
  async checkStart(server: RegisteredServer): Promise<void> {
    if (server.source.kind === 'user') return;
    if (!vscode.workspace.isTrusted && server.written.type === 'stdio') {
      throw new StartRefusedError(vscode.l10n.t('Not started: this workspace is not trusted, and its servers run local commands.'));
    }
    if (this.approvals()[server.id] === server.definitionHash) return;
    // Several callers (auto start, a tool call) may want the same server at once: the model asks once.
    const request = this.requestFor(server);
    const open = this.consents.get(server.id);
    const answered = this.consents.ask(request);
    if (open?.definitionHash !== request.definitionHash) this.notify(request);
    if (await answered !== 'allow') throw new StartRefusedError(vscode.l10n.t('Not started: starting this workspace server was not allowed.'));
    await this.state.update(APPROVALS_KEY, { ...this.approvals(), [server.id]: server.definitionHash });
  }

  async forgetAll(): Promise<void> {
    await this.state.update(APPROVALS_KEY, undefined);
  }

  private approvals(): Record<string, string> {
    return this.state.get<Record<string, string>>(APPROVALS_KEY, {});
  }

  private requestFor(server: RegisteredServer): ConsentRequest {
    const command = consentCommand(server.written, server.source, this.environment);
    return {
      serverId: server.id,
      definitionHash: server.definitionHash,
      name: server.name,
      changed: this.approvals()[server.id] !== undefined,
      ...command,
    };
  }

  /**
   * A notification rather than a modal dialog: the rest of the window stays usable while the
   * server waits. The notification hides after a while; the row keeps asking.
   */
  private notify(request: ConsentRequest): void {
    const allow = vscode.l10n.t('Allow and Start');
    const refuse = vscode.l10n.t("Don't Start");
    void vscode.window.showWarningMessage(consentMessage(request), allow, refuse).then((choice) => {
      // Closing the notification is a no as well; an answer given on the row already counted.
      this.consents.answer(request.serverId, choice === allow ? 'allow' : 'refuse', request.definitionHash);
    });
  }
}

/** The question in plain text: the workspace wrote the name and the command, which must not become links. */
function consentMessage(request: ConsentRequest): string {
  const name = plainText(request.name);
  const command = plainText(request.resolved);
  const question = request.changed
    ? vscode.l10n.t("The definition of MCP server '{0}' in this workspace changed. Start it? It will run: {1}", name, command)
    : vscode.l10n.t("Start MCP server '{0}' defined in this workspace? It will run: {1}", name, command);
  return request.written === undefined ? question : `${question} ${vscode.l10n.t('(written as: {0})', plainText(request.written))}`;
}
