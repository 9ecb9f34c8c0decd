/**
 * Tasks run in the background task host (the "background" task host setting): this window
 * decides trust, consent and inputs, answers questions and renders; the host runs the servers
 * and the tasks, which outlive the window. Wiring only.
 */
import * as vscode from 'vscode';
import { HostClient } from '../../channel/hostClient';
import { defaultHostHome, hostPaths } from '../../channel/hostPaths';
import { HostServerConnection } from '../../channel/hostServerConnection';
import { HostTaskService } from '../../channel/hostTaskService';
import { configuredEnv } from '../../core/config/definitionResolver';
import { isTerminalStatus } from '../../core/model/taskRecord';
import { ServerRegistry } from '../../core/servers/serverRegistry';
import { errorMessage } from '../../core/tasks/protocolErrors';
import type { CoreParts, CoreWiring } from './coreParts';

export async function backgroundCore(context: vscode.ExtensionContext, wiring: CoreWiring): Promise<CoreParts> {
  const { log } = wiring;
  const host = await HostClient.connect({
    paths: hostPaths(defaultHostHome(process.env)),
    hello: { client: { kind: 'window', pid: process.pid, label: vscode.workspace.name ?? vscode.env.appName }, watch: 'all' },
    // The extension host's executable runs the host as plain Node.js (VS Code's own Electron too).
    launch: { execPath: process.execPath, script: context.asAbsolutePath('dist/host.js'), env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } },
    questions: wiring.hostRequests,
  });
  log.info(`task host: pid ${host.welcome.pid}, version ${host.welcome.hostVersion}, home ${host.welcome.home}`);
  host.onDidClose(() => {
    log.warn('the task host went away; reload the window to reconnect');
    void vscode.window.showWarningMessage(vscode.l10n.t('The MCP task host stopped. Tasks resume when it starts again: reload the window.'), vscode.l10n.t('Reload Window')).then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.reloadWindow');
    });
  });
  const registry = new ServerRegistry({
    ...wiring.registry,
    createConnection: (options, server) => new HostServerConnection({
      connection: options,
      host,
      identityEnv: (definition) => configuredEnv(server.written, definition),
      secrets: () => wiring.registry.redactor?.values() ?? [],
    }),
  });
  const tasks = await HostTaskService.follow(host, async (serverId) => {
    const server = registry.get(serverId);
    if (!server) throw new Error(vscode.l10n.t('The server of this task is not configured in this window.'));
    await server.connect();
  });
  return {
    api: { mode: 'background', host, tasks, registry },
    registry,
    tasks,
    // Servers the host already runs for this window's configuration are adopted, and those with
    // unfinished tasks are handed over (a host that was restarted knows no server until then):
    // either way their questions come here and their tasks go on.
    resume: async () => {
      const running = new Map((await host.servers()).filter((s) => s.state.kind !== 'stopped').map((s) => [s.serverId, s]));
      const withLiveTasks = new Set(tasks.list().filter((r) => !isTerminalStatus(r.status)).map((r) => r.serverId));
      for (const server of registry.all()) {
        if (!(server instanceof HostServerConnection)) continue;
        const snapshot = running.get(server.id);
        if (snapshot) server.adopt(snapshot);
        else if (!withLiveTasks.has(server.id)) continue;
        server.connect().catch((err: unknown) => log.warn(`${server.label}: ${errorMessage(err)}`));
      }
    },
    applySettings: () => undefined,
    disposables: [tasks, registry, host],
    describe: () => `tasks run in the background task host (pid ${host.welcome.pid})`,
  };
}
