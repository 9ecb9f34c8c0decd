/**
 * Tasks run in the background task host (the "background" task host setting): this window
 * decides trust, consent and inputs, answers questions and renders; the host runs the servers
 * and the tasks, which outlive the window. The host is reached when something needs it (a window
 * without MCP servers starts none), and started again when it dies with work in flight. Wiring only.
 */
import * as vscode from 'vscode';
import type { HostClient } from '../../channel/hostClient';
import { HostLink, type HostLoss } from '../../channel/hostLink';
import { defaultHostHome, hostPaths } from '../../channel/hostPaths';
import { HostServerConnection } from '../../channel/hostServerConnection';
import { HostTaskService } from '../../channel/hostTaskService';
import { configuredEnv } from '../../core/config/definitionResolver';
import { isTerminalStatus } from '../../core/model/taskRecord';
import { ServerRegistry } from '../../core/servers/serverRegistry';
import { errorMessage } from '../../core/tasks/protocolErrors';
import { hostChannelBundle } from '../lazy/siblingBundles';
import { engineSettings } from '../settings';
import type { CoreParts, CoreWiring } from './coreParts';

export function backgroundCore(context: vscode.ExtensionContext, wiring: CoreWiring): CoreParts {
  const { log } = wiring;
  const link = new HostLink({
    paths: hostPaths(defaultHostHome(process.env)),
    hello: { client: { kind: 'window', pid: process.pid, label: vscode.workspace.name ?? vscode.env.appName }, watch: 'all' },
    // The extension host's executable runs the host as plain Node.js (VS Code's own Electron too).
    launch: { execPath: process.execPath, script: context.asAbsolutePath('dist/host.js'), env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } },
    questions: wiring.hostRequests,
  // The channel's code (JSON-RPC) loads at the first connection, after activation has returned.
  }, (options) => hostChannelBundle().HostClient.connect(options));
  const registry = new ServerRegistry({
    ...wiring.registry,
    createConnection: (options, server) => new HostServerConnection({
      connection: options,
      host: link,
      identityEnv: (definition) => configuredEnv(server.written, definition),
      secrets: () => wiring.registry.redactor?.values() ?? [],
    }),
  });
  let settings = engineSettings(registry);
  const tasks = new HostTaskService(link, async (serverId) => {
    const server = registry.get(serverId);
    if (!server) throw new Error(vscode.l10n.t('The server of this task is not configured in this window.'));
    await server.connect();
  }, (serverId) => ({ optionalDefault: settings.optionalDefault, ttl: settings.ttlByServer?.[serverId] }));

  const hostServers = () => registry.all().filter((s): s is HostServerConnection => s instanceof HostServerConnection);
  // Servers the host already runs for this window's configuration are adopted; those with
  // unfinished tasks, or that this window had running before a host died, are handed over (a new
  // host knows no server until then): either way their questions come here and their tasks go on.
  const reattach = async (host: HostClient): Promise<void> => {
    const running = new Map((await host.servers()).filter((s) => s.state.kind !== 'stopped').map((s) => [s.serverId, s]));
    // Called once the task service holds the host's list: its records are the host's now.
    const withLiveTasks = new Set(tasks.list().filter((r) => !isTerminalStatus(r.status)).map((r) => r.serverId));
    for (const server of hostServers()) {
      const snapshot = running.get(server.id);
      if (snapshot) server.adopt(snapshot);
      else if (!withLiveTasks.has(server.id) && !server.wantsHost) continue;
      server.connect().catch((err: unknown) => log.warn(`${server.label}: ${errorMessage(err)}`));
    }
  };
  const restartAfter = (loss: HostLoss): void => {
    const unfinished = tasks.list().filter((r) => !isTerminalStatus(r.status)).length;
    if (loss.kind === 'stopped') {
      log.info(`the task host stopped (${loss.reason}); a new one starts when this window needs it`);
      if (unfinished === 0) return;
      const start = vscode.l10n.t('Start Task Host');
      void vscode.window.showInformationMessage(vscode.l10n.t('The MCP task host was stopped ({0}). {1} unfinished task(s) go on when it runs again.', loss.reason, unfinished), start).then((choice) => {
        if (choice === start) link.connect().catch((err: unknown) => void vscode.window.showErrorMessage(vscode.l10n.t('The MCP task host could not be started: {0}', errorMessage(err))));
      });
      return;
    }
    const inFlight = hostServers().some((s) => s.wantsHost) || unfinished > 0;
    log.warn(`the task host ended unexpectedly${inFlight ? '; starting a new one' : ''}`);
    if (!inFlight) return;
    link.connect().then((host) => {
      log.info(`task host: pid ${host.welcome.pid} took over`);
      void vscode.window.showWarningMessage(vscode.l10n.t('The MCP task host ended unexpectedly. A new one (pid {0}) took over; unfinished tasks resume where their servers still know them.', host.welcome.pid));
    }, (err: unknown) => {
      log.error(`starting a new task host failed: ${errorMessage(err)}`);
      const retry = vscode.l10n.t('Retry');
      void vscode.window.showErrorMessage(vscode.l10n.t('The MCP task host ended unexpectedly and a new one could not be started: {0}', errorMessage(err)), retry).then((choice) => {
        if (choice === retry) restartAfter(loss);
      });
    });
  };
  const subscriptions = [
    link.onDidConnect((host) => log.info(`task host: pid ${host.welcome.pid}, version ${host.welcome.hostVersion}, home ${host.welcome.home}`)),
    tasks.onDidRefresh((host) => {
      reattach(host).catch((err: unknown) => log.warn(`reattaching to the task host: ${errorMessage(err)}`));
    }),
    link.onDidLose(restartAfter),
  ];
  return {
    api: { mode: 'background', link, tasks, registry },
    registry,
    tasks,
    // A host that runs is joined at once (its tasks show); one is started only for servers to run.
    resume: async () => {
      if (registry.all().length > 0) await link.connect();
      else await tasks.attach();
    },
    applySettings: () => { settings = engineSettings(registry); },
    disposables: [...subscriptions, tasks, registry, link],
    describe: () => 'tasks run in the background task host',
  };
}
