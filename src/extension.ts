// Composition root: builds the core, wires the VS Code adapters, registers disposables. No logic.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { InputResolver } from './core/config/inputResolver';
import { Redactor } from './core/config/redactor';
import { registerFoundationCommands } from './vscode/foundationCommands';
import { channelLogger, mcpLevelOf, ServerLogs } from './vscode/logs';
import { watchConfiguration } from './vscode/servers/configWatch';
import { registerServerCommands } from './vscode/servers/serverCommands';
import { ServerTreeProvider } from './vscode/servers/serverTree';
import { ServerTrust } from './vscode/servers/trust';
import { ConsentRequests } from './vscode/servers/consentRequests';
import { inputPrompter, mementoStore, secretStore } from './vscode/servers/vscodeInputs';
import { workspaceRoots } from './vscode/servers/workspaceRoots';
import type { ExtensionServices } from './vscode/services';
import { registerTaskHostCommands } from './vscode/taskHostCommands';
import { taskHostMode, userConfigFile } from './vscode/settings';
import { createVsCodeHostRequests, registerTaskUi } from './vscode/tasks';
import { LazyQuestionUi } from './vscode/lazy/lazyQuestionUi';
import { windowCoreBundle } from './vscode/lazy/siblingBundles';
import { createSampling } from './vscode/sampling';
import { ActivationClock } from './vscode/composition/activationClock';
import { backgroundCore } from './vscode/composition/backgroundCore';
import type { CoreWiring, McpTasksApi } from './vscode/composition/coreParts';
import { registerAgentTools } from './vscode/agent/agentToolRegistration';

export type { BackgroundModeApi, McpTasksApi, WindowModeApi } from './vscode/composition/coreParts';

/** What activation cost, returned beside the API (start-up time is a budget). */
export interface ActivationReport {
  /** Settles once the configuration has been read and unfinished tasks picked up. */
  readonly ready: Promise<void>;
  /** Wall-clock time activate() took (it waits neither for the configuration nor for the task host). */
  readonly activateMs: number;
  /**
   * CPU time of the extension host's main thread meanwhile (where activate() runs; the whole
   * process's on a Node.js without per-thread usage): the work itself, without the time the
   * thread waited for a core on a busy machine.
   */
  readonly activateCpuMs: number;
  /** "name ms (CPU ms)" for each step of activate(). */
  readonly activationPhases: readonly string[];
}

export async function activate(context: vscode.ExtensionContext): Promise<McpTasksApi & ActivationReport> {
  const clock = new ActivationClock();
  const phase = (name: string) => clock.phase(name);
  const log = vscode.window.createOutputChannel('MCP Tasks', { log: true });
  const serverLogs = new ServerLogs();
  const redactor = new Redactor();
  // One model of the servers waiting for permission: the prompt, the row and the commands share it.
  const consents = new ConsentRequests();
  const trust = new ServerTrust(context.workspaceState, consents);
  // Sampling grants are kept by what a server runs; the registry exists once the core is built.
  let servers: { get(id: string): { definition?: unknown } | undefined } | undefined;
  const sampling = createSampling(context, log, (serverId) => servers?.get(serverId)?.definition);
  const hostRequests = createVsCodeHostRequests({ log, sampling: sampling.sampling });
  const questionUi = new LazyQuestionUi(context.extensionUri);
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
  const core = taskHostMode() === 'background' ? backgroundCore(context, wiring) : await windowCoreBundle().windowCore(context, wiring);
  const { registry, tasks } = core;
  servers = registry;
  phase('core');
  const services: ExtensionServices = {
    context, tasks, servers: registry, log,
    showServerLog: (id) => { if (!serverLogs.show(id)) log.show(true); },
  };
  const taskUi = registerTaskUi(services, { questions: hostRequests.questions, questionUi: questionUi.ask });
  phase('task views');
  const serverTree = new ServerTreeProvider(registry, consents);
  context.subscriptions.push(
    log, serverLogs, consents, serverTree, taskUi, questionUi, sampling, roots, ...core.disposables,
    vscode.window.createTreeView('mcpTasks.servers', { treeDataProvider: serverTree, showCollapseAll: true }),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('mcpTasks.tasks')) core.applySettings(); }),
    serverLogs.onDidChangeLevel(({ serverId, level }) => registry.setLogLevel(mcpLevelOf(level), serverId)),
    ...registerTaskHostCommands(core.api.mode === 'background' ? core.api.link : undefined, log),
    ...registerServerCommands({ registry, consents, inputs, userConfigFile: () => userConfigFile(context), showServerLog: services.showServerLog }),
  );
  registerFoundationCommands(context, log);
  phase('server views and commands');

  // The configuration files are watched, read and checked once activate() has returned: creating
  // file watchers is among the costliest steps of start-up, and the views show before either.
  const ready = afterActivation()
    .then(() => watchConfiguration(context, registry, log, () => core.applySettings()))
    // Only a window's own engine was away while the window was closed; the task host was not.
    .then(() => (core.api.mode === 'window' ? taskUi.summariseResumed(core.resume()) : core.resume()))
    .catch((err) => log.error(`starting up failed: ${err instanceof Error ? err.stack ?? err.message : err}`));
  context.subscriptions.push(registerAgentTools({ ...services, ready }, hostRequests.questions));
  const activateMs = clock.elapsedMs();
  const activateCpuMs = clock.cpuMs();
  log.info(`MCP Tasks ${context.extension.packageJSON.version} activated in ${vscode.env.appName} ${vscode.version} in ${activateMs.toFixed(1)} ms, ${activateCpuMs.toFixed(1)} ms of CPU (${clock.phases.join(', ')}); ${core.describe()}`);
  void ready.then(() => log.info(`ready ${clock.elapsedMs().toFixed(0)} ms after activation began: ${registry.all().length} servers configured`));
  return { ...core.api, ready, activateMs, activateCpuMs, activationPhases: clock.phases };
}

export function deactivate(): void {}

/** Settles after the current turn of the event loop, when the extension host has taken activate()'s result. */
function afterActivation(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
