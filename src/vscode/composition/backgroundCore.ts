/**
 * Tasks run in the background task host (the "background" task host setting): this window
 * decides trust, consent and inputs, answers questions and renders; the host runs the servers
 * and the tasks, which outlive the window. The host is reached when something needs it (a window
 * without MCP servers starts none), and started again when it dies with work in flight. Wiring only.
 */
import * as vscode from 'vscode';
import { HostLink } from '../../channel/hostLink';
import { defaultHostHome, hostPaths } from '../../channel/hostPaths';
import { HostServerConnection } from '../../channel/hostServerConnection';
import { HostTaskService } from '../../channel/hostTaskService';
import { configuredEnv } from '../../core/config/definitionResolver';
import { ServerRegistry } from '../../core/servers/serverRegistry';
import { errorMessage } from '../../core/tasks/protocolErrors';
import { hostChannelBundle } from '../lazy/siblingBundles';
import { engineSettings } from '../settings';
import type { CoreParts, CoreWiring } from './coreParts';
import { reattachServers, recoverFromHostLoss, type HostRecoveryParts } from './hostRecovery';

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

  const recovery: HostRecoveryParts = {
    link, tasks, log,
    servers: () => registry.all().filter((s): s is HostServerConnection => s instanceof HostServerConnection),
  };
  const subscriptions = [
    link.onDidConnect((host) => log.info(`task host: pid ${host.welcome.pid}, version ${host.welcome.hostVersion}, home ${host.welcome.home}`)),
    tasks.onDidRefresh((host) => {
      reattachServers(host, recovery).catch((err: unknown) => log.warn(`reattaching to the task host: ${errorMessage(err)}`));
    }),
    link.onDidLose((loss) => recoverFromHostLoss(loss, recovery)),
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
