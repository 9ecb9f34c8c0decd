/**
 * "Show Task Host" and "Stop Task Host": the background task host's state (process, uptime,
 * clients, servers, live tasks) and a way to stop it, from the window. With tasks in the window
 * the commands still find a host the command line started.
 */
import * as vscode from 'vscode';
import type { HostClient } from '../channel/hostClient';
import type { HostLink } from '../channel/hostLink';
import { defaultHostHome, hostPaths } from '../channel/hostPaths';
import type { HostStatus } from '../channel/hostProtocol';
import { errorMessage } from '../core/tasks/protocolErrors';
import { hostChannelBundle } from './lazy/siblingBundles';

/** The window's own channel in background mode; otherwise a short visit to a host that may run. */
async function withHost<T>(own: HostLink | undefined, work: (host: HostClient) => Promise<T>): Promise<T | undefined> {
  if (own) {
    // The window's own link joins a running host but starts none just to show or stop it.
    const host = own.client ?? await own.attach();
    return host ? work(host) : undefined;
  }
  const visit = await hostChannelBundle().HostClient.connect({
    paths: hostPaths(defaultHostHome(process.env)),
    hello: { client: { kind: 'window', pid: process.pid, label: vscode.workspace.name ?? vscode.env.appName }, watch: 'own' },
  }).catch(() => undefined);
  if (!visit) return undefined;
  try {
    return await work(visit);
  } finally {
    visit.dispose();
  }
}

export function describeHost(status: HostStatus): string {
  const seconds = Math.round(status.uptimeMs / 1000);
  const uptime = seconds < 120 ? vscode.l10n.t('{0} s', seconds) : vscode.l10n.t('{0} min', Math.round(seconds / 60));
  return vscode.l10n.t('Task host: pid {0}, up {1}, {2} client(s), {3} server(s), {4} live task(s).',
    status.pid, uptime, status.clients.length, status.servers.length, status.liveTasks);
}

export function registerTaskHostCommands(own: HostLink | undefined, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const STOP = vscode.l10n.t('Stop Task Host');
  const LOG = vscode.l10n.t('Open Host Log');
  /**
   * Live tasks would end: a modal question. Otherwise the host still serves every window and the
   * command line, so the palette command asks too (in a notification) unless Stop was just chosen
   * next to the host's state.
   */
  const stop = async (status: HostStatus, host: HostClient, alreadyChosen: boolean): Promise<void> => {
    if (status.liveTasks > 0) {
      const sure = await vscode.window.showWarningMessage(
        vscode.l10n.t('{0} task(s) are live in the task host. Tasks on HTTP servers go on with the next host; tasks on stdio servers end with it.', status.liveTasks),
        { modal: true }, STOP);
      if (sure !== STOP) return;
    } else if (!alreadyChosen) {
      const sure = await vscode.window.showWarningMessage(
        vscode.l10n.t('Stop the task host (pid {0})? It serves {1} client(s).', status.pid, status.clients.length), STOP);
      if (sure !== STOP) return;
    }
    await host.stop();
    log.info(`stopped the task host (pid ${status.pid})`);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Stopped the task host (pid {0})', status.pid), 5000);
  };
  const noHost = () => vscode.window.showInformationMessage(vscode.l10n.t('No task host is running. Tasks run in this window (setting "mcpTasks.taskHost").'));
  return [
    vscode.commands.registerCommand('mcpTasks.showTaskHost', async () => {
      try {
        const shown = await withHost(own, async (host) => {
          const status = await host.status();
          log.info(`task host: ${JSON.stringify(status)}`);
          const choice = await vscode.window.showInformationMessage(describeHost(status), LOG, STOP);
          if (choice === LOG) await vscode.window.showTextDocument(vscode.Uri.file(hostPaths(status.home).logFile));
          if (choice === STOP) await stop(status, host, true);
          return true;
        });
        if (!shown) await noHost();
      } catch (err) {
        void vscode.window.showErrorMessage(vscode.l10n.t('The task host did not answer: {0}', errorMessage(err)));
      }
    }),
    vscode.commands.registerCommand('mcpTasks.stopTaskHost', async () => {
      try {
        const stopped = await withHost(own, async (host) => { await stop(await host.status(), host, false); return true; });
        if (!stopped) await noHost();
      } catch (err) {
        void vscode.window.showErrorMessage(vscode.l10n.t('The task host did not answer: {0}', errorMessage(err)));
      }
    }),
  ];
}
