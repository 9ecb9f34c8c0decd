/**
 * How a command reaches the background task host: the host for this user (MCP_TASKS_HOME picks
 * another home), started from the host bundle next to this one when none runs.
 */
import * as path from 'node:path';
import { HostClient, HostVersionError } from '../channel/hostClient';
import { defaultHostHome, hostPaths } from '../channel/hostPaths';
import type { HostRequestHandler } from '../core/ports';
import { errorMessage } from '../core/tasks/protocolErrors';
import type { ParsedArgs } from './args';
import type { TaskBackend } from './backend';
import type { CliContext } from './context';
import { CliExit, EXIT_USAGE } from './errors';
import { HostBackend } from './hostBackend';
import { InProcessBackend } from './inProcessBackend';
import type { Target } from './target';

export const IN_PROCESS_FLAG = { name: 'in-process', kind: 'boolean' } as const;

export function wantsInProcess(parsed: ParsedArgs, env: NodeJS.ProcessEnv): boolean {
  return parsed.booleans.has('in-process') || env.MCP_TASKS_IN_PROCESS === '1';
}

/** The host, started when none runs unless `start` is false (then undefined when none runs). */
export async function connectHost(ctx: CliContext, command: string, questions?: HostRequestHandler): Promise<HostClient>;
export async function connectHost(ctx: CliContext, command: string, questions: HostRequestHandler | undefined, start: false): Promise<HostClient | undefined>;
export async function connectHost(ctx: CliContext, command: string, questions?: HostRequestHandler, start = true): Promise<HostClient | undefined> {
  const paths = hostPaths(defaultHostHome(ctx.env));
  const quiet = Number(ctx.env.MCP_TASKS_HOST_QUIET_MS);
  try {
    return await HostClient.connect({
      paths,
      hello: { client: { kind: 'cli', pid: process.pid, label: `mcp-tasks ${command}` }, watch: 'own' },
      ...(start ? {
        launch: {
          execPath: process.execPath,
          script: path.join(__dirname, 'host.js'),
          env: ctx.env,
          ...(Number.isFinite(quiet) && quiet >= 0 ? { quietMs: quiet } : {}),
        },
      } : {}),
      ...(questions ? { questions } : {}),
    });
  } catch (err) {
    if (!start && isNotRunning(err)) return undefined;
    const hint = err instanceof HostVersionError ? '; meanwhile use --in-process' : ' (--in-process runs without it)';
    throw new CliExit(EXIT_USAGE, `cannot reach the task host: ${errorMessage(err)}${hint}`);
  }
}

/** The host unless --in-process (or MCP_TASKS_IN_PROCESS=1) asks for an engine of this process's own. */
export async function taskBackend(parsed: ParsedArgs, ctx: CliContext, command: string, target: Target, questions: HostRequestHandler): Promise<TaskBackend> {
  if (wantsInProcess(parsed, ctx.env)) return new InProcessBackend(target, questions, ctx.logger);
  return new HostBackend(await connectHost(ctx, command, questions), target);
}

function isNotRunning(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ECONNREFUSED';
}
