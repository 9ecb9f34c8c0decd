/**
 * `mcp-tasks tasks TARGET list | get ID | result ID | cancel ID`: tasks that may have been started
 * elsewhere (another process, `call --detach`), through the engine and its protocol layer.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { errorMessage, isUnknownTaskError } from '../../core/tasks/protocolErrors';
import type { WireTask } from '../../core/tasks/wireTask';
import { expectPositionals, parseArgs, TARGET_FLAGS, type ParsedArgs } from '../args';
import type { CliContext } from '../context';
import { CliExit, EXIT_FAILED, EXIT_OK, UsageError } from '../errors';
import { ANSWER_FLAGS, CliHostRequests } from '../hostRequests';
import { resultText, storedResult, writeStdout } from '../resultOutput';
import { CliRuntime } from '../runtime';
import { resolveTarget } from '../target';
import { outcomeReason, waitForOutcome } from '../taskOutcome';
import { TaskReporter } from '../taskReporter';

export const TASKS_HELP = `usage: mcp-tasks tasks TARGET list
       mcp-tasks tasks TARGET get ID
       mcp-tasks tasks TARGET result ID   [--answer ...] [--sampling-reply ...]
       mcp-tasks tasks TARGET cancel ID

list     the tasks the server lists (tasks/list)
get      one task's current state (tasks/get)
result   waits for the task to end and prints its result's text (exit 0 only if completed)
cancel   cancels the task (tasks/cancel) and prints its final state
--json   machine-readable output

TARGET: --url URL [--header K:V]... | --stdio "COMMAND ARG..." | --server NAME [--config FILE]`;

const ACTIONS = ['list', 'get', 'result', 'cancel'] as const;
type Action = (typeof ACTIONS)[number];

export async function runTasks(argv: readonly string[], ctx: CliContext): Promise<number> {
  const parsed = parseArgs(argv, [
    ...TARGET_FLAGS,
    { name: 'json', kind: 'boolean' },
    ...ANSWER_FLAGS,
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
  const host = CliHostRequests.fromFlags(parsed, ctx.terminal);
  const target = await resolveTarget(parsed, ctx.env, ctx.askInput);
  const runtime = new CliRuntime(target, host, ctx.logger);
  try {
    const session = await runtime.connect();
    const json = parsed.booleans.has('json');
    switch (action as Action) {
      case 'list': return await list(runtime, session.client, json);
      case 'get': return await get(runtime, session.client, id, json);
      case 'result': return await result(runtime, session.client, id, parsed, ctx);
      case 'cancel': return await cancel(runtime, session.client, id, json);
    }
  } finally {
    await runtime.dispose();
  }
}

async function list(runtime: CliRuntime, client: Client, json: boolean): Promise<number> {
  requireCapability(client, 'list', runtime.target.label);
  const tasks: WireTask[] = [];
  let cursor: string | undefined;
  do {
    const page = await runtime.engine.protocol.listTasks(client, cursor).catch((err: unknown) => {
      throw new CliExit(EXIT_FAILED, `tasks/list failed: ${errorMessage(err)}`);
    });
    tasks.push(...page.tasks);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  await writeStdout(json ? JSON.stringify(tasks, null, 2) : tasks.length ? tasks.map(formatTaskLine).join('\n') : '(no tasks)');
  return EXIT_OK;
}

async function get(runtime: CliRuntime, client: Client, id: string, json: boolean): Promise<number> {
  const task = await runtime.engine.protocol.getTask(client, id).catch((err: unknown) => {
    throw unknownOr(err, id, 'tasks/get');
  });
  await writeStdout(json ? JSON.stringify(task, null, 2) : formatTask(task));
  return EXIT_OK;
}

async function result(runtime: CliRuntime, client: Client, id: string, parsed: ParsedArgs, ctx: CliContext): Promise<number> {
  // One tasks/get first: an unknown id is a clear error, not a task adopted as "working".
  const wire = await runtime.engine.protocol.getTask(client, id).catch((err: unknown) => {
    throw unknownOr(err, id, 'tasks/get');
  });
  ctx.terminal.line(`task ${id}: ${wire.status}${wire.statusMessage ? `: ${wire.statusMessage}` : ''}`);
  let reporter: TaskReporter | undefined;
  let onSigint = () => {};
  const stop = new Promise<never>((_, reject) => {
    onSigint = () => reject(new CliExit(EXIT_FAILED, `stopped waiting; task ${id} keeps running on the server`));
    process.once('SIGINT', onSigint);
  });
  stop.catch(() => undefined);
  try {
    const record = runtime.engine.track(runtime.target.id, id);
    reporter = new TaskReporter(runtime.engine, ctx.terminal, { announce: false });
    const final = await Promise.race([waitForOutcome(runtime.engine, record.key), stop]);
    const value = await storedResult(runtime.engine.store, final).catch(() => undefined);
    const json = parsed.booleans.has('json');
    if (value && (json || final.status === 'completed')) await writeStdout(json ? JSON.stringify(value, null, 2) : resultText(value));
    if (final.status !== 'completed') throw new CliExit(EXIT_FAILED, outcomeReason(final));
    return EXIT_OK;
  } finally {
    process.off('SIGINT', onSigint);
    reporter?.dispose();
  }
}

async function cancel(runtime: CliRuntime, client: Client, id: string, json: boolean): Promise<number> {
  requireCapability(client, 'cancel', runtime.target.label);
  const record = runtime.engine.track(runtime.target.id, id);
  const final = await runtime.engine.cancel(record.key).catch((err: unknown) => {
    throw unknownOr(err, id, 'tasks/cancel');
  });
  if (final.status === 'expired') throw new CliExit(EXIT_FAILED, `unknown task ${id}: the server does not know it (it may have expired)`);
  if (json) await writeStdout(JSON.stringify({ taskId: id, status: final.status, ...(final.statusMessage ? { statusMessage: final.statusMessage } : {}) }, null, 2));
  else await writeStdout(`${id}  ${final.status}`);
  if (final.status === 'cancelled') return EXIT_OK;
  throw new CliExit(EXIT_FAILED, `not cancelled: task ${id} had already ended as ${final.status}`);
}

function requireCapability(client: Client, what: 'list' | 'cancel', label: string): void {
  const tasks = client.getServerCapabilities()?.tasks as { list?: unknown; cancel?: unknown } | undefined;
  if (tasks?.[what] === undefined) throw new UsageError(`${label} does not support tasks/${what}`);
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
