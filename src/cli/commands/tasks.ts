/**
 * `mcp-tasks tasks TARGET list | get ID | result ID | cancel ID`: tasks that may have been started
 * elsewhere (another process, `call --detach`), through the engine and its protocol layer.
 */
import type { ServerCapabilities } from '@modelcontextprotocol/sdk/types.js';
import type { TaskRecord } from '../../core/model/taskRecord';
import { errorMessage, isUnknownTaskError } from '../../core/tasks/protocolErrors';
import type { WireTask } from '../../core/tasks/wireTask';
import { expectPositionals, parseArgs, TARGET_FLAGS, type ParsedArgs } from '../args';
import { connectTarget, type TaskBackend } from '../backend';
import type { CliContext } from '../context';
import { CliExit, EXIT_FAILED, EXIT_OK, UsageError } from '../errors';
import { connectHost, IN_PROCESS_FLAG, taskBackend, wantsInProcess } from '../hostConnection';
import { ANSWER_FLAGS, CliHostRequests } from '../hostRequests';
import { resultText, writeJson, writeResult, writeStdout } from '../resultOutput';
import { resolveTarget, type Target } from '../target';
import { isOutcome, outcomeReason, waitForOutcome } from '../taskOutcome';
import { TaskReporter } from '../taskReporter';

export const TASKS_HELP = `usage: mcp-tasks tasks list
       mcp-tasks tasks TARGET list
       mcp-tasks tasks TARGET get ID
       mcp-tasks tasks TARGET result ID   [--answer ...] [--sampling-reply ...]
       mcp-tasks tasks TARGET cancel ID

list     without TARGET: every task the background task host keeps (from any window or call);
         with TARGET: the tasks the server lists (tasks/list)
get      one task's current state (tasks/get)
result   waits for the task to end and prints its result's text (exit 0 only if completed)
cancel   cancels the task (tasks/cancel) and prints its final state
--json   machine-readable output
--in-process
         speak to the server from this process instead of through the task host (a server
         that keeps tasks per session then sees a new session and may not know the task)

TARGET: --url URL [--header K:V]... | --stdio "COMMAND ARG..." | --server NAME [--config FILE]`;

const ACTIONS = ['list', 'get', 'result', 'cancel'] as const;
type Action = (typeof ACTIONS)[number];

export async function runTasks(argv: readonly string[], ctx: CliContext): Promise<number> {
  const parsed = parseArgs(argv, [
    ...TARGET_FLAGS,
    { name: 'json', kind: 'boolean' },
    ...ANSWER_FLAGS,
    IN_PROCESS_FLAG,
  ], 'tasks');
  if (parsed.booleans.has('help')) {
    await writeStdout(TASKS_HELP);
    return EXIT_OK;
  }
  const [action, id] = parsed.positionals;
  if (!ACTIONS.includes(action as Action)) {
    throw new UsageError(action ? `unknown tasks action "${action}"; use list, get, result or cancel` : 'tasks needs an action: list, get ID, result ID or cancel ID');
  }
  expectPositionals(parsed, action === 'list' ? 1 : 2, 'tasks');
  if (action !== 'list' && !id) throw new UsageError(`tasks ${action} needs a task ID`);
  const json = parsed.booleans.has('json');
  const hasTarget = ['url', 'stdio', 'server'].some((name) => parsed.strings.has(name));
  if (action === 'list' && !hasTarget && !wantsInProcess(parsed, ctx.env)) return listHostTasks(ctx, json);
  const host = CliHostRequests.fromFlags(parsed, ctx.terminal);
  const target = await resolveTarget(parsed, ctx.env, ctx.askInput);
  const backend = await taskBackend(parsed, ctx, 'tasks', target, host);
  try {
    const server = await connectTarget(backend, target);
    const on: TargetServer = { backend, target, serverId: server.serverId, capabilities: server.capabilities };
    switch (action as Action) {
      case 'list': return await list(on, json);
      case 'get': return await get(on, id, json);
      case 'result': return await result(on, id, parsed, ctx);
      case 'cancel': return await cancel(on, id, json);
    }
  } finally {
    await backend.dispose();
  }
}

interface TargetServer {
  readonly backend: TaskBackend;
  readonly target: Target;
  readonly serverId: string;
  readonly capabilities: ServerCapabilities | undefined;
}

/** Every task the host keeps, newest first. */
async function listHostTasks(ctx: CliContext, json: boolean): Promise<number> {
  const client = await connectHost(ctx, 'tasks list');
  try {
    const records = (await client.list()).sort((a, b) => b.createdAt - a.createdAt);
    await (json ? writeJson(records) : writeStdout(records.length ? records.map(formatRecordLine).join('\n') : '(no tasks)'));
    return EXIT_OK;
  } finally {
    client.dispose();
  }
}

async function list(on: TargetServer, json: boolean): Promise<number> {
  requireCapability(on, 'list');
  const tasks: WireTask[] = [];
  let cursor: string | undefined;
  do {
    const page = await on.backend.listServerTasks(on.serverId, cursor).catch((err: unknown) => {
      throw new CliExit(EXIT_FAILED, `tasks/list failed: ${errorMessage(err)}`);
    });
    tasks.push(...page.tasks);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  await (json ? writeJson(tasks) : writeStdout(tasks.length ? tasks.map(formatTaskLine).join('\n') : '(no tasks)'));
  return EXIT_OK;
}

async function get(on: TargetServer, id: string, json: boolean): Promise<number> {
  const task = await on.backend.getServerTask(on.serverId, id).catch((err: unknown) => {
    throw unknownOr(err, id, 'tasks/get');
  });
  await (json ? writeJson(task) : writeStdout(formatTask(task)));
  return EXIT_OK;
}

async function result(on: TargetServer, id: string, parsed: ParsedArgs, ctx: CliContext): Promise<number> {
  // The host's own record if it has one (it may know an ending the server forgot); otherwise one
  // tasks/get first: an unknown id is a clear error, not a task adopted as "working".
  const known = await on.backend.find(on.serverId, id);
  const now = known ?? await on.backend.getServerTask(on.serverId, id).catch((err: unknown) => {
    throw unknownOr(err, id, 'tasks/get');
  });
  ctx.terminal.line(`task ${id}: ${now.status}${now.statusMessage ? `: ${now.statusMessage}` : ''}`);
  let reporter: TaskReporter | undefined;
  let onSigint = () => {};
  const stop = new Promise<never>((_, reject) => {
    onSigint = () => reject(new CliExit(EXIT_FAILED, `stopped waiting; task ${id} keeps running on the server`));
    process.once('SIGINT', onSigint);
  });
  stop.catch(() => undefined);
  try {
    const record = await on.backend.track(on.serverId, id);
    reporter = new TaskReporter(on.backend, ctx.terminal, { announce: false });
    // The host may know the task's end already: say it as if it had just happened.
    if (isOutcome(record)) reporter.show(record);
    const final = await Promise.race([waitForOutcome(on.backend, record.key), stop]);
    const value = await on.backend.readResult(final).catch(() => undefined);
    const json = parsed.booleans.has('json');
    if (value && (json || final.status === 'completed')) await (json ? writeJson(value) : writeResult(resultText(value)));
    if (final.status !== 'completed') throw new CliExit(EXIT_FAILED, outcomeReason(final));
    return EXIT_OK;
  } finally {
    process.off('SIGINT', onSigint);
    reporter?.dispose();
  }
}

async function cancel(on: TargetServer, id: string, json: boolean): Promise<number> {
  requireCapability(on, 'cancel');
  const record = await on.backend.track(on.serverId, id);
  const final = await on.backend.cancel(record.key).catch((err: unknown) => {
    throw unknownOr(err, id, 'tasks/cancel');
  });
  if (final.status === 'expired') throw new CliExit(EXIT_FAILED, `unknown task ${id}: the server does not know it (it may have expired)`);
  if (json) await writeJson({ taskId: id, status: final.status, ...(final.statusMessage ? { statusMessage: final.statusMessage } : {}) });
  else await writeStdout(`${id}  ${final.status}`);
  if (final.status === 'cancelled') return EXIT_OK;
  throw new CliExit(EXIT_FAILED, `not cancelled: task ${id} had already ended as ${final.status}`);
}

function requireCapability(on: TargetServer, what: 'list' | 'cancel'): void {
  const tasks = on.capabilities?.tasks as { list?: unknown; cancel?: unknown } | undefined;
  if (tasks?.[what] === undefined) throw new UsageError(`${on.target.label} does not support tasks/${what}`);
}

function formatRecordLine(record: TaskRecord): string {
  const when = new Date(record.createdAt).toISOString();
  const state = record.status === 'connection_lost' ? 'connection lost' : record.status;
  return `${record.taskId}  ${state.padEnd(14)}  ${when}  ${record.serverLabel}  ${record.tool}`;
}

function unknownOr(err: unknown, id: string, method: string): CliExit {
  if (isUnknownTaskError(err)) return new CliExit(EXIT_FAILED, `unknown task ${id}: the server does not know it (it may have expired)`);
  return new CliExit(EXIT_FAILED, `${method} failed: ${errorMessage(err)}`);
}

function formatTaskLine(task: WireTask): string {
  const message = task.statusMessage ? `  ${task.statusMessage.replace(/\s+/g, ' ')}` : '';
  return `${task.taskId}  ${task.status.padEnd(14)}  ${task.createdAt ?? '-'}${message}`;
}

export function formatTask(task: WireTask): string {
  const rows: [string, unknown][] = [
    ['taskId', task.taskId],
    ['status', task.status],
    ['statusMessage', task.statusMessage],
    ['createdAt', task.createdAt],
    ['lastUpdatedAt', task.lastUpdatedAt],
    ['ttl', task.ttl === null ? 'unlimited' : task.ttl],
    ['pollInterval', task.pollInterval],
  ];
  return rows.filter(([, v]) => v !== undefined).map(([k, v]) => `${`${k}:`.padEnd(15)}${String(v)}`).join('\n');
}
