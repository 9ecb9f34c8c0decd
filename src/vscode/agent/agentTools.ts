/**
 * The language model tools (package.json contributes.languageModelTools) that let the editor's
 * agent list MCP tools, start them as background tasks, check, wait for and cancel them. The work
 * is in the files beside this one; here it meets the API: inputs in, replies out as
 * LanguageModelToolResults, and what the person confirms before a start or a cancel. A bundle of
 * its own, loaded at the first invocation (agentToolRegistration.ts registers the tools).
 */
import * as vscode from 'vscode';
import type { ServerLookup } from '../../core/servers/types';
import type { TaskService } from '../../core/taskService';
import type { AgentDeps, CallContext } from './agentDeps';
import type { AgentReply } from './agentReply';
import {
  AGENT_TOOLS, type AgentToolName, type CancelTaskInput, type CheckTasksInput, type ListToolsInput, type StartTaskInput, type WaitForTaskInput,
} from './agentToolNames';
import { cancelTask } from './cancelTask';
import { checkTasks } from './checkTasks';
import { previewCancel, previewStart, previewWait } from './invocationPreview';
import { listTools } from './listTools';
import { limitsForTokenBudget } from './resultShaping';
import { startTask } from './startTask';
import type { QuestionSource } from './taskReports';
import { waitForTask } from './waitForTask';
import { markdownFence, markdownText, plainText } from '../inertText';

export interface AgentToolsServices {
  readonly tasks: TaskService;
  readonly servers: ServerLookup;
  readonly log: vscode.LogOutputChannel;
  /**
   * Settles once the configuration has been read. A tool call can be what activates the
   * extension, and before then no server is known.
   */
  readonly ready?: Promise<unknown>;
}

/** A configuration that takes longer than this to read is not waited for: the call goes on with what is known. */
const READY_WAIT_MS = 10_000;

/** One tool: what it does and, for the person, what it is about to do. */
interface ToolParts<T> {
  run(deps: AgentDeps, input: T, context: CallContext): Promise<AgentReply>;
  prepare(deps: AgentDeps, input: T): vscode.PreparedToolInvocation;
}

/** The arguments shown in a confirmation stay readable however large they are. */
const MAX_SHOWN_ARGUMENTS = 2_000;

/** The tools by name, as registered (agentToolRegistration.ts; tests call them directly too). */
export function createAgentTools(services: AgentToolsServices, questions: QuestionSource): Record<AgentToolName, vscode.LanguageModelTool<object>> {
  const deps: AgentDeps = { tasks: services.tasks, servers: services.servers, questions, now: Date.now };
  const tool = <T extends object>(name: AgentToolName, parts: ToolParts<T>): vscode.LanguageModelTool<T> => ({
    prepareInvocation: (options) => parts.prepare(deps, options.input ?? ({} as T)),
    invoke: async (options, token) => {
      const abort = new AbortController();
      const cancelled = token.onCancellationRequested(() => abort.abort());
      try {
        await untilReady(services.ready);
        const context: CallContext = { signal: abort.signal, limits: limitsForTokenBudget(options.tokenizationOptions?.tokenBudget) };
        const reply = await parts.run(deps, options.input ?? ({} as T), context);
        const first = reply.parts.find((p) => p.kind === 'text');
        services.log.info(`chat: ${name}${reply.isError ? ' refused' : ''}: ${first?.kind === 'text' ? first.text.split('\n')[0] : ''}`);
        return toToolResult(reply);
      } catch (err) {
        // The operations already turn their failures into replies; this is the last net, so the
        // model is never left with an exception instead of words.
        const message = err instanceof Error ? err.message : String(err);
        services.log.error(`chat: ${name} failed: ${message}`);
        return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(`${name} failed: ${message}`)]);
      } finally {
        cancelled.dispose();
      }
    },
  });
  return {
    [AGENT_TOOLS.list]: tool<ListToolsInput>(AGENT_TOOLS.list, {
      run: listTools,
      prepare: (_deps, input) => ({
        invocationMessage: typeof input.server === 'string' && input.server
          ? vscode.l10n.t('Listing the MCP tools of {0}', input.server)
          : vscode.l10n.t('Listing MCP tools'),
      }),
    }),
    [AGENT_TOOLS.start]: tool<StartTaskInput>(AGENT_TOOLS.start, { run: startTask, prepare: prepareStart }),
    [AGENT_TOOLS.check]: tool<CheckTasksInput>(AGENT_TOOLS.check, {
      run: (d, input) => checkTasks(d, input),
      prepare: (_deps, input) => ({
        invocationMessage: Array.isArray(input.handles) && input.handles.length > 0
          ? vscode.l10n.t('Checking {0} MCP task(s)', input.handles.length)
          : vscode.l10n.t('Checking the MCP tasks started from chat'),
      }),
    }),
    [AGENT_TOOLS.wait]: tool<WaitForTaskInput>(AGENT_TOOLS.wait, { run: waitForTask, prepare: prepareWait }),
    [AGENT_TOOLS.cancel]: tool<CancelTaskInput>(AGENT_TOOLS.cancel, { run: (d, input) => cancelTask(d, input), prepare: prepareCancel }),
  } as Record<AgentToolName, vscode.LanguageModelTool<object>>;
}

async function untilReady(ready: Promise<unknown> | undefined): Promise<void> {
  if (!ready) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([ready.catch(() => undefined), new Promise((resolve) => { timer = setTimeout(resolve, READY_WAIT_MS); })]);
  clearTimeout(timer);
}

function toToolResult(reply: AgentReply): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult(reply.parts.map((part) => (part.kind === 'text'
    ? new vscode.LanguageModelTextPart(part.text)
    : vscode.LanguageModelDataPart.image(part.data, part.mimeType))));
}

function prepareStart(deps: AgentDeps, input: StartTaskInput): vscode.PreparedToolInvocation {
  const preview = previewStart(deps, input);
  const message = new vscode.MarkdownString([
    `${vscode.l10n.t('Server: {0}', markdownText(preview.server))}  `,
    vscode.l10n.t('Tool: {0}', markdownText(preview.tool)),
    '',
    vscode.l10n.t('Arguments:'),
  ].join('\n'));
  message.appendMarkdown(`\n${markdownFence(shownArguments(preview.args), 'json')}\n`);
  message.appendMarkdown(vscode.l10n.t('It runs in the background and appears in the MCP Tasks view.'));
  return {
    invocationMessage: vscode.l10n.t('Starting {0} on {1}', plainText(preview.tool), plainText(preview.server)),
    confirmationMessages: { title: vscode.l10n.t('Start {0} on {1}?', plainText(preview.tool), plainText(preview.server)), message },
  };
}

function prepareCancel(deps: AgentDeps, input: CancelTaskInput): vscode.PreparedToolInvocation {
  const preview = previewCancel(deps, input);
  const { record } = preview;
  const invocationMessage = record
    ? vscode.l10n.t('Cancelling {0} on {1}', plainText(record.tool), plainText(record.serverLabel))
    : vscode.l10n.t('Cancelling MCP task {0}', preview.handle);
  if (!preview.confirm) return { invocationMessage };
  let message: vscode.MarkdownString;
  if (record) {
    message = new vscode.MarkdownString([
      `${vscode.l10n.t('Server: {0}', markdownText(record.serverLabel))}  `,
      `${vscode.l10n.t('Tool: {0}', markdownText(record.tool))}  `,
      vscode.l10n.t('Task: {0}', markdownText(record.key)),
      '',
      vscode.l10n.t('Arguments:'),
    ].join('\n'));
    message.appendMarkdown(`\n${markdownFence(shownArguments(record.args ?? {}), 'json')}\n`);
    message.appendMarkdown(vscode.l10n.t('The server is asked to stop the task; work it has done so far may be lost.'));
  } else {
    message = new vscode.MarkdownString(vscode.l10n.t('No task has the handle {0} now.', markdownText(preview.handle)));
  }
  return {
    invocationMessage,
    confirmationMessages: {
      title: record ? vscode.l10n.t('Cancel {0} on {1}?', plainText(record.tool), plainText(record.serverLabel)) : vscode.l10n.t('Cancel MCP task {0}?', preview.handle),
      message,
    },
  };
}

function prepareWait(deps: AgentDeps, input: WaitForTaskInput): vscode.PreparedToolInvocation {
  const preview = previewWait(deps, input);
  const seconds = Math.round(preview.seconds);
  const { record } = preview;
  if (!record) return { invocationMessage: vscode.l10n.t('Waiting up to {0} s for an MCP task', seconds) };
  // The stable API shows no progress while a tool runs: the line says how far it was when the wait began.
  return {
    invocationMessage: preview.progress
      ? vscode.l10n.t('Waiting up to {0} s for {1} on {2} ({3} done)', seconds, plainText(record.tool), plainText(record.serverLabel), preview.progress)
      : vscode.l10n.t('Waiting up to {0} s for {1} on {2}', seconds, plainText(record.tool), plainText(record.serverLabel)),
  };
}

function shownArguments(args: unknown): string {
  const text = JSON.stringify(args ?? {}, null, 2) ?? String(args);
  return text.length <= MAX_SHOWN_ARGUMENTS ? text : `${text.slice(0, MAX_SHOWN_ARGUMENTS)}\n…`;
}

/** Names come from servers and models: shown as written, never as markdown. */
