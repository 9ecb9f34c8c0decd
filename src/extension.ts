// Composition root: builds the core, wires the VS Code adapters, registers disposables. No logic.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { InputResolver } from './core/config/inputResolver';
import { Redactor } from './core/config/redactor';
import { HostedTaskService } from './core/hosted/hostedTaskService';
import { FileTaskLedger } from './core/ledger/fileTaskLedger';
import { ServerRegistry } from './core/servers/serverRegistry';
import { TaskDirectory } from './core/taskDirectory';
import { TaskEngine } from './core/tasks/taskEngine';
import { registerFoundationCommands } from './vscode/foundationCommands';
import { channelLogger, mcpLevelOf, ServerLogs } from './vscode/logs';
import { ConfigDiagnostics } from './vscode/servers/configDiagnostics';
import { ConfigFiles } from './vscode/servers/configFiles';
import { registerServerCommands } from './vscode/servers/serverCommands';
import { ServerTreeProvider } from './vscode/servers/serverTree';
import { ServerTrust } from './vscode/servers/trust';
import { inputPrompter, mementoStore, secretStore } from './vscode/servers/vscodeInputs';
import { workspaceRoots } from './vscode/servers/workspaceRoots';
import type { ExtensionServices } from './vscode/services';
import { engineSettings, ledgerDir, retentionMs, userConfigFile } from './vscode/settings';
import { createVsCodeHostRequests, registerTaskUi } from './vscode/tasks';
import { ElicitationForms, questionUiFromSettings } from './vscode/prompts';
import { createSampling } from './vscode/sampling';

/** What activate() returns: the live core, for other extensions and for end-to-end tests. */
export interface McpTasksApi {
  readonly engine: TaskEngine;
  /** Every task shown in the Tasks view: the engine's and those servers asked the host to run. */
  readonly tasks: TaskDirectory;
  readonly registry: ServerRegistry;
  readonly ledger: FileTaskLedger;
  /** Resolves once the configuration was read and unfinished tasks were resumed. */
  readonly ready: Promise<void>;
}

export async function activate(context: vscode.ExtensionContext): Promise<McpTasksApi> {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('MCP Tasks', { log: true });
  const serverLogs = new ServerLogs();
  const redactor = new Redactor();
  const trust = new ServerTrust(context.workspaceState);
  const sampling = createSampling(context, log);
  const hostRequests = createVsCodeHostRequests({ log, sampling: sampling.sampling });
  const forms = new ElicitationForms(context.extensionUri);
  const roots = workspaceRoots();
  // Requests a server asks the host to run as tasks (elicitation, sampling), shared by all servers.
  const hostedTasks = new HostedTaskService(undefined, { logger: channelLogger(log) });
  const inputs = new InputResolver({ prompter: inputPrompter, secrets: secretStore(context.secrets), store: mementoStore(context.globalState), redactor });
  const registry = new ServerRegistry({
    environment: { env: process.env, userHome: os.homedir() },
    inputs,
    redactor,
    connectionDefaults: { capabilities: { elicitation: { form: {}, url: {} }, sampling: {} }, hostRequests, roots, hostedTasks },
    loggerFor: (server) => channelLogger(serverLogs.channel(server.id, server.name)),
    logLevelFor: (server) => mcpLevelOf(serverLogs.channel(server.id, server.name).logLevel),
    beforeStart: (server) => trust.checkStart(server),
  });
  const ledger = await FileTaskLedger.open({ dir: ledgerDir(context), logger: channelLogger(log), retentionMs: retentionMs() });
  for (const problem of ledger.loadReport.problems) {
    log.warn(problem);
    void vscode.window.showWarningMessage(problem);
  }
  const engine = new TaskEngine({ servers: registry, store: ledger, logger: channelLogger(log), settings: engineSettings(registry) });
  const tasks = new TaskDirectory(engine, hostedTasks);
  const services: ExtensionServices = {
    context, tasks, servers: registry, log,
    showServerLog: (id) => { if (!serverLogs.show(id)) log.show(true); },
  };
  const taskUi = registerTaskUi(services, { questions: hostRequests.questions, questionUi: questionUiFromSettings(forms) });
  const configFiles = new ConfigFiles(() => userConfigFile(context));
  const diagnostics = new ConfigDiagnostics();
  const serverTree = new ServerTreeProvider(registry);
  const applyConfig = async () => {
    const diff = await registry.applyConfig(await configFiles.read());
    Object.assign(engine.settings, engineSettings(registry));
    log.info(`configuration: ${registry.all().length} servers (${diff.added.length} added, ${diff.changed.length} changed, ${diff.removed.length} removed), ${registry.problems.length} problems`);
  };
  context.subscriptions.push(
    log, serverLogs, configFiles, diagnostics, serverTree, taskUi, forms, sampling, roots, tasks, engine, registry, hostedTasks,
    { dispose: () => { void ledger.dispose(); } },
    vscode.window.createTreeView('mcpTasks.servers', { treeDataProvider: serverTree, showCollapseAll: true }),
    registry.onDidChangeProblems((problems) => diagnostics.show(problems)),
    configFiles.onDidChange(() => { applyConfig().catch((err) => log.error(`reading the configuration failed: ${err}`)); }),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('mcpTasks.tasks')) Object.assign(engine.settings, engineSettings(registry)); }),
    serverLogs.onDidChangeLevel(({ serverId, level }) => registry.setLogLevel(mcpLevelOf(level), serverId)),
    ...registerServerCommands({ registry, inputs, userConfigFile: () => userConfigFile(context), showServerLog: services.showServerLog }),
  );
  registerFoundationCommands(context, log);

  const ready = applyConfig()
    .then(() => taskUi.summariseResumed(engine.resume()))
    .catch((err) => log.error(`starting up failed: ${err instanceof Error ? err.stack ?? err.message : err}`));
  log.info(`MCP Tasks ${context.extension.packageJSON.version} activated in ${vscode.env.appName} ${vscode.version} in ${(performance.now() - started).toFixed(0)} ms; ledger: ${ledger.loadReport.records} records loaded in ${ledger.loadReport.ms.toFixed(0)} ms`);
  return { engine, tasks, registry, ledger, ready };
}

export function deactivate(): void {}
