/**
 * "Call Tool…": pick a server (started on demand), pick a tool, give its arguments (one step per
 * field, or a JSON document for nested schemas), choose task or plain call and an optional TTL
 * (asked only of a tool that can run either way), then start the call and show it in the Tasks view.
 */
import * as vscode from 'vscode';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { McpServerHandle, ServerLookup } from '../../core/servers/types';
import { toolTaskSupport, type ToolTaskSupport } from '../../core/tasks/callMode';
import type { TaskService } from '../../core/taskService';
import type { TaskRecord } from '../../core/model/taskRecord';
import { askFields } from '../prompts/fieldSteps';
import { editArgumentsAsJson } from './jsonArguments';
import { plainText } from '../inertText';
import { acceptDefaults, describeValues, planArguments, type JsonSchema } from './model/argumentPlan';

export interface CallToolDeps {
  readonly tasks: TaskService;
  readonly servers: ServerLookup;
  readonly log: vscode.LogOutputChannel;
  reveal(key: string): Promise<void>;
}

const BACK = Symbol('back');
type Picked<T> = T | typeof BACK | undefined;

interface Choice<T> extends vscode.QuickPickItem {
  readonly value: T;
}

export async function callToolInteractively(deps: CallToolDeps, serverId?: string, toolName?: string): Promise<TaskRecord | undefined> {
  let handle = serverId ? deps.servers.get(serverId) : undefined;
  if (serverId && !handle) {
    void vscode.window.showErrorMessage(vscode.l10n.t('There is no MCP server "{0}".', plainText(serverId)));
    return undefined;
  }
  const fixedServer = Boolean(handle);
  let tool: Tool | undefined;
  let args: Record<string, unknown> | undefined;
  let stage: 'server' | 'tool' | 'args' | 'mode' = handle ? 'tool' : 'server';
  for (;;) {
    if (stage === 'server') {
      const picked = await pickServer(deps.servers);
      if (!picked || picked === BACK) return undefined;
      handle = picked;
      stage = 'tool';
    } else if (stage === 'tool') {
      if (!(await connect(handle!))) return undefined;
      const named = toolName ? handle!.tools?.find((t) => t.name === toolName) : undefined;
      if (toolName && !named) {
        void vscode.window.showErrorMessage(vscode.l10n.t('{0} has no tool named "{1}".', plainText(handle!.label), plainText(toolName)));
        toolName = undefined;
      }
      const picked = named ?? await pickTool(handle!, !fixedServer);
      toolName = undefined;
      if (picked === BACK) { stage = 'server'; continue; }
      if (!picked) return undefined;
      tool = picked;
      stage = 'args';
    } else if (stage === 'args') {
      const outcome = await askArguments(handle!, tool!);
      if (outcome === BACK) { stage = 'tool'; continue; }
      if (!outcome) return undefined;
      args = outcome;
      stage = 'mode';
    } else {
      const mode = await pickMode(handle!, tool!);
      if (mode === BACK) { stage = 'args'; continue; }
      if (!mode) return undefined;
      return start(deps, handle!, tool!, args ?? {}, mode);
    }
  }
}

async function pickServer(servers: ServerLookup): Promise<Picked<McpServerHandle>> {
  const all = servers.all();
  if (all.length === 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t('No MCP servers are configured. Add one to .vscode/mcp.json.'));
    return undefined;
  }
  if (all.length === 1) return all[0];
  return pick<McpServerHandle>(all.map((h) => ({ label: plainText(h.label), description: stateWords(h), value: h })), {
    title: vscode.l10n.t('Call Tool'), placeholder: vscode.l10n.t('Choose a server'), canGoBack: false,
  });
}

async function connect(handle: McpServerHandle): Promise<boolean> {
  if (handle.serverCapabilities && handle.tools) return true;
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Starting {0}…', plainText(handle.label)) },
      () => handle.connect(),
    );
    return true;
  } catch (err) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not start {0}: {1}', plainText(handle.label), plainText(err instanceof Error ? err.message : String(err))));
    return false;
  }
}

async function pickTool(handle: McpServerHandle, canGoBack: boolean): Promise<Picked<Tool>> {
  const tools = handle.tools ?? [];
  if (tools.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} offers no tools.', plainText(handle.label)));
    return undefined;
  }
  // Names, titles and descriptions are the server's: text only (taskWords adds the one icon).
  return pick<Tool>(tools.map((t) => ({
    label: plainText(t.name),
    description: [t.title && t.title !== t.name ? plainText(t.title) : undefined, taskWords(toolTaskSupport(handle.serverCapabilities, t))].filter(Boolean).join(' · '),
    ...(t.description ? { detail: plainText(t.description) } : {}),
    value: t,
  })), { title: vscode.l10n.t('Call Tool on {0}', plainText(handle.label)), placeholder: vscode.l10n.t('Choose a tool'), canGoBack, matchOnDetail: true });
}

async function askArguments(handle: McpServerHandle, tool: Tool): Promise<Record<string, unknown> | typeof BACK | undefined> {
  const schema = tool.inputSchema as JsonSchema | undefined;
  const plan = planArguments(schema);
  const title = callTitle(handle, tool);
  if (plan.kind === 'none') return {};
  if (plan.kind === 'json') return editArgumentsAsJson(title, schema, plan.template, plan.reason);
  const defaults = acceptDefaults(plan.steps);
  if (defaults.missing.length === 0 && plan.steps.length > 0) {
    // Everything has a default: offer to run with them at once.
    const choice = await pick<'defaults' | 'edit'>([
      { label: vscode.l10n.t('Edit arguments…'), description: vscode.l10n.t('one step per argument'), value: 'edit' },
      { label: vscode.l10n.t('Use defaults'), description: describeValues(defaults.values), value: 'defaults' },
    ], { title, placeholder: vscode.l10n.t('Arguments'), canGoBack: true });
    if (choice === BACK || !choice) return choice;
    if (choice === 'defaults') return defaults.values;
  }
  const outcome = await askFields(plan.steps, { title, backFromFirst: true });
  if (outcome.kind === 'done') return outcome.values;
  if (outcome.kind === 'back') return BACK;
  return undefined;
}

type ModeChoice = { mode: 'task' | 'plain'; askTtl: boolean };

async function pickMode(handle: McpServerHandle, tool: Tool): Promise<Picked<ModeChoice>> {
  const support = toolTaskSupport(handle.serverCapabilities, tool);
  // One possible answer is no question: a tool that must run as a task runs as one (its time to
  // live comes from the tasks.ttlByServer setting, or the server's default).
  if (support === 'forbidden') return { mode: 'plain', askTtl: false };
  if (support === 'required') return { mode: 'task', askTtl: false };
  const items: Choice<ModeChoice>[] = [
    { label: `$(tasklist) ${vscode.l10n.t('Run as task')}`, description: vscode.l10n.t('tracked in the Tasks view; survives reloads'), value: { mode: 'task', askTtl: false } },
    { label: `$(watch) ${vscode.l10n.t('Run as task with a time to live…')}`, description: vscode.l10n.t('ask the server to keep the task for a given time'), value: { mode: 'task', askTtl: true } },
  ];
  items.push({ label: `$(play) ${vscode.l10n.t('Run now')}`, description: vscode.l10n.t('a plain call; ends when the window closes'), value: { mode: 'plain', askTtl: false } });
  return pick(items, { title: callTitle(handle, tool), placeholder: vscode.l10n.t('How to run it'), canGoBack: true });
}

async function start(deps: CallToolDeps, handle: McpServerHandle, tool: Tool, args: Record<string, unknown>, choice: ModeChoice): Promise<TaskRecord | undefined> {
  let ttl: number | undefined;
  if (choice.askTtl) {
    const text = await vscode.window.showInputBox({
      title: callTitle(handle, tool),
      prompt: vscode.l10n.t('Time to live in seconds (the server may grant less)'),
      value: '3600',
      validateInput: (v) => (/^\d+(\.\d+)?$/.test(v.trim()) && Number(v) > 0 ? undefined : vscode.l10n.t('Enter a number of seconds greater than 0.')),
    });
    if (text === undefined) return undefined;
    ttl = Math.round(Number(text) * 1000);
  }
  try {
    const record = await vscode.window.withProgress(
      { location: { viewId: 'mcpTasks.tasks' }, title: vscode.l10n.t('Starting {0}…', plainText(tool.name)) },
      () => deps.tasks.call(handle.id, tool.name, args, { mode: choice.mode, ...(ttl !== undefined ? { ttl } : {}) }),
    );
    deps.log.info(`started ${handle.label} · ${tool.name} as ${record.kind} ${record.taskId}`);
    await deps.reveal(record.key);
    return record;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    deps.log.error(`${handle.label} · ${tool.name}: the call could not start: ${message}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} · {1} could not start: {2}', plainText(handle.label), plainText(tool.name), plainText(message)));
    return undefined;
  }
}

function pick<T>(items: Choice<T>[], options: { title: string; placeholder: string; canGoBack: boolean; matchOnDetail?: boolean }): Promise<Picked<T>> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<Choice<T>>();
    qp.title = options.title;
    qp.placeholder = options.placeholder;
    qp.items = items;
    qp.matchOnDescription = true;
    qp.matchOnDetail = options.matchOnDetail ?? false;
    qp.ignoreFocusOut = true;
    if (options.canGoBack) qp.buttons = [vscode.QuickInputButtons.Back];
    let result: Picked<T>;
    qp.onDidAccept(() => {
      const chosen = qp.selectedItems[0] ?? qp.activeItems[0];
      if (!chosen) return;
      result = chosen.value;
      qp.hide();
    });
    qp.onDidTriggerButton((b) => {
      if (b === vscode.QuickInputButtons.Back) { result = BACK; qp.hide(); }
    });
    qp.onDidHide(() => { qp.dispose(); resolve(result); });
    qp.show();
  });
}

/** "server · tool", for titles and messages: both names shown as text only. */
function callTitle(handle: McpServerHandle, tool: Tool): string {
  return vscode.l10n.t('{0} · {1}', plainText(handle.label), plainText(tool.name));
}

function stateWords(handle: McpServerHandle): string {
  switch (handle.state.kind) {
    case 'running': return vscode.l10n.t('running · {0} tools', handle.tools?.length ?? 0);
    case 'starting': return vscode.l10n.t('starting');
    case 'restarting': return vscode.l10n.t('restarting');
    case 'error': return vscode.l10n.t('error: {0}', plainText(handle.state.message));
    default: return vscode.l10n.t('stopped · starts when used');
  }
}

function taskWords(support: ToolTaskSupport): string {
  switch (support) {
    case 'required': return vscode.l10n.t('$(tasklist) runs as a task');
    case 'optional': return vscode.l10n.t('$(tasklist) can run as a task');
    case 'forbidden': return '';
  }
}
