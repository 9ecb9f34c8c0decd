/**
 * Tasks run in this window's own process (the "window" task host setting): the engine, the
 * server connections and the ledger live here and end with the window. Wiring only.
 */
import * as vscode from 'vscode';
import { HostedTaskService } from '../../core/hosted/hostedTaskService';
import { FileTaskLedger } from '../../core/ledger/fileTaskLedger';
import { ServerConnection } from '../../core/servers/serverConnection';
import { ServerRegistry, type ServerRegistryOptions } from '../../core/servers/serverRegistry';
import { TaskDirectory } from '../../core/taskDirectory';
import { TaskEngine } from '../../core/tasks/taskEngine';
import { channelLogger } from '../logs';
import { engineSettings, ledgerDir, retentionMs } from '../settings';
import type { CoreParts, CoreWiring } from './coreParts';

export async function windowCore(context: vscode.ExtensionContext, wiring: CoreWiring): Promise<CoreParts> {
  const { log } = wiring;
  // Requests a server asks the host to run as tasks (elicitation, sampling), shared by all servers.
  const hostedTasks = new HostedTaskService(undefined, { logger: channelLogger(log) });
  const registryOptions: ServerRegistryOptions = {
    ...wiring.registry,
    connectionDefaults: { capabilities: { elicitation: { form: {}, url: {} }, sampling: {} }, hostRequests: wiring.hostRequests, roots: wiring.roots, hostedTasks },
    createConnection: (options) => new ServerConnection(options),
  };
  const registry = new ServerRegistry(registryOptions);
  const ledger = await FileTaskLedger.open({ dir: ledgerDir(context), logger: channelLogger(log), retentionMs: retentionMs() });
  for (const problem of ledger.loadReport.problems) {
    log.warn(problem);
    void vscode.window.showWarningMessage(problem);
  }
  const engine = new TaskEngine({ servers: registry, store: ledger, logger: channelLogger(log), settings: engineSettings(registry) });
  const tasks = new TaskDirectory(engine, hostedTasks);
  return {
    api: { mode: 'window', engine, ledger, tasks, registry },
    registry,
    tasks,
    resume: () => engine.resume(),
    applySettings: () => { Object.assign(engine.settings, engineSettings(registry)); },
    disposables: [tasks, engine, registry, hostedTasks, { dispose: () => { void ledger.dispose(); } }],
    describe: () => `ledger: ${ledger.loadReport.records} records loaded in ${ledger.loadReport.ms.toFixed(0)} ms`,
  };
}
