// Composition root: builds the core, wires the VS Code adapters, registers disposables. No logic.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { InputResolver } from './core/config/inputResolver';
import { Redactor } from './core/config/redactor';
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
import { registerTaskHostCommands } from './vscode/taskHostCommands';
import { taskHostMode, userConfigFile } from './vscode/settings';
import { createVsCodeHostRequests, registerTaskUi } from './vscode/tasks';
import { ElicitationForms, questionUiFromSettings } from './vscode/prompts';
import { createSampling } from './vscode/sampling';
import { backgroundCore } from './vscode/composition/backgroundCore';
import type { CoreWiring, McpTasksApi } from './vscode/composition/coreParts';
import { registerAgentTools } from './vscode/agent/agentTools';

export type { BackgroundModeApi, McpTasksApi, WindowModeApi } from './vscode/composition/coreParts';

export async function activate(context: vscode.ExtensionContext): Promise<McpTasksApi & { readonly ready: Promise<void>; readonly activateMs: number; readonly activationPhases: readonly string[] }> {
  const started = performance.now();
  // Where activation time goes, for the activation log line (start-up cost is a budget).
  const phases: string[] = [];
  let last = started;
  const phase = (name: string) => { const now = performance.now(); phases.push(`${name} ${(now - last).toFixed(1)}`); last = now; };
  const log = vscode.window.createOutputChannel('MCP Tasks', { log: true });
  const serverLogs = new ServerLogs();
  const redactor = new Redactor();
  const trust = new ServerTrust(context.workspaceState);
  // Sampling grants are kept by what a server runs; the registry exists once the core is built.
  let servers: { get(id: string): { definition?: unknown } | undefined } | undefined;
  const sampling = createSampling(context, log, (serverId) => servers?.get(serverId)?.definition);
  const hostRequests = createVsCodeHostRequests({ log, sampling: sampling.sampling });
  const forms = new ElicitationForms(context.extensionUri);
  const roots = workspaceRoots();
  phase('prompts and sampling');
  const inputs = new InputResolver({ prompter: inputPrompter, secrets: secretStore(context.secrets), store: mementoStore(context.globalState), redactor });
  const wiring: CoreWiring = {
    log,
    hostRequests,
    roots,
    registry: {
      environment: { env: process.env, userHome: os.homedir() },
      inputs,
      redactor,
      loggerFor: (server) => channelLogger(serverLogs.channel(server.id, server.name)),
      logLevelFor: (server) => mcpLevelOf(serverLogs.channel(server.id, server.name).logLevel),
      beforeStart: (server) => trust.checkStart(server),
    },
  };
  const core = taskHostMode() === 'background' ? backgroundCore(context, wiring) : await loadWindowCore()(context, wiring);
  const { registry, tasks } = core;
  servers = registry;
  phase('core');
  const services: ExtensionServices = {
    context, tasks, servers: registry, log,
    showServerLog: (id) => { if (!serverLogs.show(id)) log.show(true); },
  };
  const taskUi = registerTaskUi(services, { questions: hostRequests.questions, questionUi: questionUiFromSettings(forms) });
  phase('task views');
  const configFiles = new ConfigFiles(() => userConfigFile(context));
  const diagnostics = new ConfigDiagnostics();
  const serverTree = new ServerTreeProvider(registry);
  const applyConfig = async () => {
    const diff = await registry.applyConfig(await configFiles.read());
    core.applySettings();
    log.info(`configuration: ${registry.all().length} servers (${diff.added.length} added, ${diff.changed.length} changed, ${diff.removed.length} removed), ${registry.problems.length} problems`);
  };
  context.subscriptions.push(
    log, serverLogs, configFiles, diagnostics, serverTree, taskUi, forms, sampling, roots, ...core.disposables,
    vscode.window.createTreeView('mcpTasks.servers', { treeDataProvider: serverTree, showCollapseAll: true }),
    registry.onDidChangeProblems((problems) => diagnostics.show(problems)),
    configFiles.onDidChange(() => { applyConfig().catch((err) => log.error(`reading the configuration failed: ${err}`)); }),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('mcpTasks.tasks')) core.applySettings(); }),
    serverLogs.onDidChangeLevel(({ serverId, level }) => registry.setLogLevel(mcpLevelOf(level), serverId)),
    ...registerTaskHostCommands(core.api.mode === 'background' ? core.api.link : undefined, log),
    ...registerServerCommands({ registry, inputs, userConfigFile: () => userConfigFile(context), showServerLog: services.showServerLog }),
  );
  registerFoundationCommands(context, log);
  phase('server views and commands');

  const ready = applyConfig()
    // Only a window's own engine was away while the window was closed; the task host was not.
    .then(() => (core.api.mode === 'window' ? taskUi.summariseResumed(core.resume()) : core.resume()))
    .catch((err) => log.error(`starting up failed: ${err instanceof Error ? err.stack ?? err.message : err}`));
  context.subscriptions.push(registerAgentTools({ ...services, ready }, hostRequests.questions));
  const activateMs = performance.now() - started;
  log.info(`MCP Tasks ${context.extension.packageJSON.version} activated in ${vscode.env.appName} ${vscode.version} in ${activateMs.toFixed(1)} ms (${phases.join(', ')}); ${core.describe()}`);
  void ready.then(() => log.info(`ready ${(performance.now() - started).toFixed(0)} ms after activation began: ${registry.all().length} servers configured`));
  return { ...core.api, ready, activateMs, activationPhases: phases };
}

export function deactivate(): void {}

/** Tasks in the window need the engine and the SDK: a bundle of their own, loaded only then. */
function loadWindowCore(): typeof import('./vscode/composition/windowCore').windowCore {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle beside this one (esbuild.js)
  return (require('./windowCore.js') as typeof import('./vscode/composition/windowCore')).windowCore;
}
