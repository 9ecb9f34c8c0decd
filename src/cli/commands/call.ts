/**
 * `mcp-tasks call TARGET TOOL …`: runs one tool call (as a task when the tool allows it), shows
 * its progress on stderr, prints the result on stdout, and cancels the task on Ctrl+C.
 */
import { resolveCallMode, type CallModeOption } from '../../core/tasks/callMode';
import type { TaskRecord } from '../../core/model/taskRecord';
import { errorMessage, isConnectionError } from '../../core/tasks/protocolErrors';
import { parseToolArgs } from '../answerFlags';
import { expectPositionals, parseArgs, TARGET_FLAGS, type FlagSpec } from '../args';
import type { CliContext } from '../context';
import { CliExit, EXIT_FAILED, EXIT_OK, UsageError } from '../errors';
import { ANSWER_FLAGS, CliHostRequests } from '../hostRequests';
import { connectTarget, type TaskBackend } from '../backend';
import { IN_PROCESS_FLAG, taskBackend } from '../hostConnection';
import { resultText, writeJson, writeResult, writeStdout } from '../resultOutput';
import { resolveTarget, type Target } from '../target';
import { exitCodeOf, outcomeReason, waitForOutcome } from '../taskOutcome';
import { TaskReporter } from '../taskReporter';
import { unknownToolMessage } from './tools';

const FLAGS: FlagSpec[] = [
  ...TARGET_FLAGS,
  { name: 'args', kind: 'string' },
  { name: 'task', kind: 'boolean' },
  { name: 'no-task', kind: 'boolean' },
  { name: 'ttl', kind: 'string' },
  ...ANSWER_FLAGS,
  { name: 'timeout', kind: 'string' },
  { name: 'detach', kind: 'boolean' },
  { name: 'json', kind: 'boolean' },
  IN_PROCESS_FLAG,
];

/** After Ctrl+C, how long the server has to confirm the cancellation before the CLI exits anyway. */
const CANCEL_GRACE_MS = 10_000;
/** A tool whose task support is optional runs as a task: that is what lets it outlive the command. */
const DEFAULT_OPTIONAL_MODE = 'task';

export const CALL_HELP = `usage: mcp-tasks call TARGET TOOL [options]

Calls TOOL once: as a task when the tool supports it, as a plain call otherwise.
Status changes, progress and status messages go to stderr; the result's text to stdout.

TARGET: --url URL [--header K:V]... | --stdio "COMMAND ARG..." | --server NAME [--config FILE]

options:
  --args JSON|@file        tool arguments as a JSON object (default {})
  --task | --no-task       ask for a task / a plain call when the tool supports both
  --ttl MS                 task lifetime to ask for (the server decides)
  --answer accept-defaults|decline|cancel|@answers.json
                           how to answer elicitation requests without a terminal
                           (accept-defaults declines a form with a required text field
                           that has no default: answer it from a file)
  --sampling-reply TEXT|@file
                           the reply to sampling requests
  --timeout S              give up (and cancel the task) after S seconds
  --detach                 print the taskId once the task is created and exit 0
  --json                   print the full result object instead of its text
  --in-process             run the task in this process instead of the background task host
                           (it then ends with this command)

The task runs in the background task host (started on demand): --detach, Ctrl+C after
"detached" or a closed terminal leave it running; mcp-tasks tasks TARGET result ID fetches it.

Piped, the result is written as the server sent it; on a terminal, control sequences in it
(and in everything else the server wrote) are left out.

exit: 0 completed, 1 failed/cancelled/expired/connection lost, 2 bad usage or no connection.
Ctrl+C cancels a running task (tasks/cancel) and exits 1.`;

interface CallOptions {
  tool: string;
  args: Record<string, unknown>;
  mode: CallModeOption;
  ttl?: number;
  timeoutMs?: number;
  detach: boolean;
  json: boolean;
}

export async function runCall(argv: readonly string[], ctx: CliContext): Promise<number> {
  const parsed = parseArgs(argv, FLAGS, 'call');
  if (parsed.booleans.has('help')) {
    await writeStdout(CALL_HELP);
    return EXIT_OK;
  }
  expectPositionals(parsed, 1, 'call');
  const tool = parsed.positionals[0];
  if (!tool) throw new UsageError('call needs a TOOL name (see mcp-tasks call --help)');
  if (parsed.booleans.has('task') && parsed.booleans.has('no-task')) throw new UsageError('give either --task or --no-task, not both');
  if (parsed.booleans.has('detach') && parsed.booleans.has('no-task')) throw new UsageError('--detach needs a task; it cannot be combined with --no-task');
  const options: CallOptions = {
    tool,
    args: parseToolArgs(parsed.strings.get('args')),
    mode: parsed.booleans.has('detach') || parsed.booleans.has('task') ? 'task' : parsed.booleans.has('no-task') ? 'plain' : 'auto',
    ttl: positiveNumber(parsed.strings.get('ttl'), '--ttl', true),
    timeoutMs: secondsToMs(positiveNumber(parsed.strings.get('timeout'), '--timeout', false)),
    detach: parsed.booleans.has('detach'),
    json: parsed.booleans.has('json'),
  };
  const host = CliHostRequests.fromFlags(parsed, ctx.terminal);
  const target = await resolveTarget(parsed, ctx.env, ctx.askInput);
  const backend = await taskBackend(parsed, ctx, 'call', target, host);
  try {
    return await call(backend, target, options, ctx);
  } finally {
    await backend.dispose();
  }
}

async function call(backend: TaskBackend, target: Target, options: CallOptions, ctx: CliContext): Promise<number> {
  let current: TaskRecord | undefined;
  const interrupt = new Interrupt(ctx, () => current);
  const reporter = new TaskReporter(backend, ctx.terminal);
  // In this process the engine cancels what it started when the signal aborts; the host is told.
  interrupt.signal.addEventListener('abort', () => {
    if (backend.where === 'host' && current) backend.cancel(current.key).catch((err: unknown) => ctx.logger.debug(`cancel: ${errorMessage(err)}`));
  }, { once: true });
  try {
    const serverId = await interrupt.race(checkTool(backend, target, options, ctx));
    if (interrupt.signal.aborted) throw new CliExit(EXIT_FAILED, 'cancelled before the call started');
    try {
      current = await interrupt.race(backend.call(serverId, {
        tool: options.tool,
        args: options.args,
        mode: options.mode,
        ...(options.ttl !== undefined ? { ttl: options.ttl } : {}),
        ...(options.timeoutMs !== undefined ? { deadlineMs: options.timeoutMs } : {}),
      }, interrupt.signal));
    } catch (err) {
      if (err instanceof CliExit) throw err;
      if (interrupt.signal.aborted) throw new CliExit(EXIT_FAILED, 'cancelled before the call started');
      const what = isConnectionError(err) ? 'connection lost' : 'the server refused the call';
      throw new CliExit(EXIT_FAILED, `${what}: ${errorMessage(err)}`);
    }
    if (options.detach && current.kind === 'task') {
      await writeResult(current.taskId);
      return EXIT_OK;
    }
    const final = await interrupt.race(waitForOutcome(backend, current.key));
    if (interrupt.signal.aborted && final.status === 'connection_lost') {
      // On a terminal Ctrl+C reaches a stdio server too; it stops before it can confirm.
      throw new CliExit(EXIT_FAILED, 'cancelled: the server stopped before confirming the cancellation (it got the interrupt too)');
    }
    return await report(backend, final, options, ctx);
  } finally {
    interrupt.dispose();
    reporter.dispose();
  }
}

/** Connects, finds the tool, and says how it will be called when that differs from what was asked. */
async function checkTool(backend: TaskBackend, target: Target, options: CallOptions, ctx: CliContext): Promise<string> {
  const server = await connectTarget(backend, target, options.tool);
  const toolInfo = server.tools.find((t) => t.name === options.tool);
  if (!toolInfo) throw new UsageError(unknownToolMessage(options.tool, target.label, server.tools));
  const decision = resolveCallMode({
    capabilities: server.capabilities,
    tool: toolInfo,
    requested: options.mode,
    optionalDefault: DEFAULT_OPTIONAL_MODE,
  });
  if (options.detach && decision.mode !== 'task') throw new UsageError(`cannot --detach: ${decision.reason}`);
  if (options.mode !== 'auto' && decision.mode !== options.mode) ctx.terminal.line(`note: calling as ${decision.mode}: ${decision.reason}`);
  if (options.detach && backend.where === 'in-process' && target.definition.type === 'stdio') {
    ctx.terminal.line('note: with --in-process and --stdio the server process (and the task) ends when this command exits');
  }
  return server.serverId;
}

async function report(backend: TaskBackend, final: TaskRecord, options: CallOptions, ctx: CliContext): Promise<number> {
  const result = await backend.readResult(final).catch(() => undefined);
  if (result && (options.json || final.status === 'completed')) {
    await (options.json ? writeJson(result) : writeResult(resultText(result)));
  }
  const code = exitCodeOf(final);
  if (code !== EXIT_OK) throw new CliExit(code, outcomeReason(final));
  ctx.logger.debug(`finished ${final.key}`);
  return code;
}

/**
 * Ctrl+C: the first one cancels the call (tasks/cancel for a task) and waits a little for the
 * server to confirm; a second one, or no confirmation in time, exits at once.
 */
class Interrupt {
  private readonly controller = new AbortController();
  private readonly gaveUp: Promise<never>;
  private giveUp!: (error: Error) => void;
  private graceTimer: NodeJS.Timeout | undefined;
  private readonly onSigint = () => this.interrupt();

  constructor(private readonly ctx: CliContext, private readonly current: () => TaskRecord | undefined) {
    this.gaveUp = new Promise<never>((_, reject) => { this.giveUp = reject; });
    this.gaveUp.catch(() => undefined);
    process.on('SIGINT', this.onSigint);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  race<T>(promise: Promise<T>): Promise<T> {
    return Promise.race([promise, this.gaveUp]);
  }

  private interrupt(): void {
    if (this.controller.signal.aborted) {
      this.giveUp(new CliExit(EXIT_FAILED, 'cancelled: interrupted twice; exiting without waiting for the server'));
      return;
    }
    const record = this.current();
    this.ctx.terminal.clearProgress();
    this.ctx.terminal.line(record?.kind === 'task'
      ? `interrupted: sending tasks/cancel for task ${record.taskId}`
      : 'interrupted: cancelling the call');
    this.controller.abort('interrupted');
    this.graceTimer = setTimeout(() => {
      this.giveUp(new CliExit(EXIT_FAILED, `cancelled: the server did not confirm the cancellation within ${CANCEL_GRACE_MS / 1000} s`));
    }, CANCEL_GRACE_MS);
  }

  dispose(): void {
    clearTimeout(this.graceTimer);
    process.off('SIGINT', this.onSigint);
  }
}

function positiveNumber(value: string | undefined, flag: string, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${flag} must be a positive ${integer ? 'whole number' : 'number'}; got "${value}"`);
  }
  return n;
}

function secondsToMs(seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : Math.round(seconds * 1000);
}
