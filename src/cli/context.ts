/** What every command gets: the terminal, the environment, and a logger that is quiet unless debugging. */
import type { InputDefinition } from '../core/config/types';
import { capLogMessage } from '../core/logCap';
import type { Logger } from '../core/ports';
import type { InputAsker } from './configLoader';
import { Terminal } from './terminal';

export interface CliContext {
  readonly terminal: Terminal;
  readonly env: NodeJS.ProcessEnv;
  readonly logger: Logger;
  /** MCP_TASKS_DEBUG=1: log lines and stack traces on stderr. */
  readonly debug: boolean;
  /** Asks for `${input:ID}` values on a terminal; undefined without one. */
  readonly askInput: InputAsker | undefined;
}

export function createContext(env: NodeJS.ProcessEnv = process.env): CliContext {
  const terminal = new Terminal();
  const debug = env.MCP_TASKS_DEBUG === '1' || env.MCP_TASKS_DEBUG === 'true';
  const log = (level: string) => (message: string) => { if (debug) terminal.line(`[${level}] ${capLogMessage(message)}`); };
  const logger: Logger = {
    trace: log('trace'), debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'),
    // Trace lines (every JSON-RPC message) are only built when they will be printed.
    isTraceEnabled: () => debug,
  };
  return {
    terminal,
    env,
    logger,
    debug,
    askInput: terminal.interactive ? (input) => askInput(terminal, input) : undefined,
  };
}

async function askInput(terminal: Terminal, input: InputDefinition): Promise<string | undefined> {
  if (input.type === 'pickString' && input.options?.length) {
    terminal.line(input.description);
    input.options.forEach((o, i) => terminal.line(`  ${i + 1}) ${o.label}`));
    for (;;) {
      const answer = await terminal.ask(`choose${input.default !== undefined ? ` [${input.default}]` : ''}: `);
      if (answer === undefined) return undefined;
      const text = answer.trim();
      if (text === '' && input.default !== undefined) return input.default;
      const n = Number(text);
      if (Number.isInteger(n) && n >= 1 && n <= input.options.length) return input.options[n - 1].value;
      const match = input.options.find((o) => o.value === text);
      if (match) return match.value;
      terminal.line(`  choose 1-${input.options.length}`);
    }
  }
  const answer = await terminal.ask(`${input.description}${input.default !== undefined && !input.password ? ` [${input.default}]` : ''}: `, { secret: input.password });
  if (answer === undefined) return undefined;
  return answer === '' && input.default !== undefined ? input.default : answer;
}
