/**
 * mcp-tasks: the headless command line on the same core as the editor extension. Every failure
 * ends here as one line on stderr and an exit code; MCP_TASKS_DEBUG=1 adds the stack.
 */
import { runCall } from './commands/call';
import { runHost } from './commands/host';
import { runServers } from './commands/servers';
import { runTasks } from './commands/tasks';
import { runTools } from './commands/tools';
import { createContext, type CliContext } from './context';
import { CliExit, EXIT_OK, EXIT_USAGE, oneLine, UsageError } from './errors';
import { writeStdout } from './resultOutput';
import { printable } from './terminalText';

export const MAIN_HELP = `usage: mcp-tasks <command> [options]

commands:
  servers [--config FILE]                  list configured servers and their state
  tools   TARGET                           list tools with task support and arguments
  call    TARGET TOOL [--args JSON] ...    call a tool (as a task when possible)
  tasks   [TARGET] list | TARGET get ID | result ID | cancel ID
  host    status | stop                    the background task host that keeps tasks

TARGET = --url URL [--header K:V] | --stdio "COMMAND ARG..." | --server NAME [--config FILE]

Run mcp-tasks <command> --help for a command's options. MCP_TASKS_DEBUG=1 logs details.`;

const COMMANDS: Record<string, (argv: readonly string[], ctx: CliContext) => Promise<number>> = {
  servers: runServers,
  tools: runTools,
  call: runCall,
  tasks: runTasks,
  host: runHost,
};

export async function main(argv: readonly string[], ctx: CliContext): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    await writeStdout(MAIN_HELP);
    return command === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (command === '--version') {
    await writeStdout('0.1.0');
    return EXIT_OK;
  }
  const run = COMMANDS[command];
  if (!run) throw new UsageError(`unknown command "${command}"; use servers, tools, call, tasks or host (see mcp-tasks --help)`);
  return run(rest, ctx);
}

function report(ctx: CliContext, error: unknown): number {
  ctx.terminal.clearProgress();
  const code = error instanceof CliExit ? error.code : EXIT_USAGE;
  const message = error instanceof UsageError || error instanceof CliExit ? error.message : oneLine(error);
  process.stderr.write(`mcp-tasks: ${printable(oneLine(message))}\n`);
  if (ctx.debug && error instanceof Error && !(error instanceof UsageError) && !(error instanceof CliExit)) {
    process.stderr.write(`${printable(error.stack ?? '', { multiline: true })}\n`);
  }
  return code;
}

function start(): void {
  const ctx = createContext();
  // Whatever escapes (a late rejection from a closing transport) must not print a stack trace.
  process.on('unhandledRejection', (reason) => ctx.logger.debug(`unhandled rejection: ${oneLine(reason)}`));
  process.on('uncaughtException', (error) => {
    process.exit(report(ctx, error));
  });
  // The engine's timers do not hold the process open (they must not keep an editor or a host
  // alive), and a task polled over stateless HTTP leaves nothing else open: without this, the
  // process would end, as a success, while it still waits for the task.
  setInterval(() => undefined, 1 << 30);
  main(process.argv.slice(2), ctx).then(
    (code) => process.exit(code),
    (error: unknown) => process.exit(report(ctx, error)),
  );
}

if (require.main === module) start();
