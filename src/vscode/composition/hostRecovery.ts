/**
 * What a window does about the background task host's comings and goings: servers the host runs
 * (or must run again) are reattached when its task list arrives, and a host that ended with work in
 * flight is started again, with the person told what happened.
 */
import * as vscode from 'vscode';
import type { HostClient } from '../../channel/hostClient';
import type { HostLink, HostLoss } from '../../channel/hostLink';
import type { HostServerConnection } from '../../channel/hostServerConnection';
import type { HostTaskService } from '../../channel/hostTaskService';
import { isTerminalStatus } from '../../core/model/taskRecord';
import { errorMessage } from '../../core/tasks/protocolErrors';

export interface HostRecoveryParts {
  readonly link: HostLink;
  readonly tasks: HostTaskService;
  /** This window's servers that run in the host. */
  readonly servers: () => HostServerConnection[];
  readonly log: vscode.LogOutputChannel;
}

/**
 * Servers the host already runs for this window's configuration are adopted; those with
 * unfinished tasks, or that this window had running before a host died, are handed over (a new
 * host knows no server until then): either way their questions come here and their tasks go on.
 * Called once the task service holds the host's list: its records are the host's now.
 */
export async function reattachServers(host: HostClient, parts: HostRecoveryParts): Promise<void> {
  const running = new Map((await host.servers()).filter((s) => s.state.kind !== 'stopped').map((s) => [s.serverId, s]));
  const withLiveTasks = new Set(parts.tasks.list().filter((r) => !isTerminalStatus(r.status)).map((r) => r.serverId));
  for (const server of parts.servers()) {
    const snapshot = running.get(server.id);
    if (snapshot) server.adopt(snapshot);
    else if (!withLiveTasks.has(server.id) && !server.wantsHost) continue;
    server.connect().catch((err: unknown) => parts.log.warn(`${server.label}: ${errorMessage(err)}`));
  }
}

/** A host stopped on purpose waits for the person (or the next need); one that died with work in flight is replaced. */
export function recoverFromHostLoss(loss: HostLoss, parts: HostRecoveryParts): void {
  const { link, log } = parts;
  const unfinished = parts.tasks.list().filter((r) => !isTerminalStatus(r.status)).length;
  if (loss.kind === 'stopped') {
    log.info(`the task host stopped (${loss.reason}); a new one starts when this window needs it`);
    if (unfinished === 0) return;
    const start = vscode.l10n.t('Start Task Host');
    void vscode.window.showInformationMessage(vscode.l10n.t('The MCP task host was stopped ({0}). {1} unfinished task(s) go on when it runs again.', loss.reason, unfinished), start).then((choice) => {
      if (choice === start) link.connect().catch((err: unknown) => void vscode.window.showErrorMessage(vscode.l10n.t('The MCP task host could not be started: {0}', errorMessage(err))));
    });
    return;
  }
  const inFlight = parts.servers().some((s) => s.wantsHost) || unfinished > 0;
  log.warn(`the task host ended unexpectedly${inFlight ? '; starting a new one' : ''}`);
  if (!inFlight) return;
  link.connect().then((host) => {
    log.info(`task host: pid ${host.welcome.pid} took over`);
    void vscode.window.showWarningMessage(vscode.l10n.t('The MCP task host ended unexpectedly. A new one (pid {0}) took over; unfinished tasks resume where their servers still know them.', host.welcome.pid));
  }, (err: unknown) => {
    log.error(`starting a new task host failed: ${errorMessage(err)}`);
    const retry = vscode.l10n.t('Retry');
    void vscode.window.showErrorMessage(vscode.l10n.t('The MCP task host ended unexpectedly and a new one could not be started: {0}', errorMessage(err)), retry).then((choice) => {
      if (choice === retry) recoverFromHostLoss(loss, parts);
    });
  });
}
