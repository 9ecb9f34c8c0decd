/** `mcp-tasks servers [--config FILE]`: the configured servers and, after trying each, their state. */
import { formatProblem } from '../../core/config/problemSink';
import type { ParsedServer } from '../../core/config/types';
import { expectPositionals, parseArgs } from '../args';
import { errorCount, loadConfig, resolveServer, type LoadedConfig } from '../configLoader';
import type { CliContext } from '../context';
import { CliExit, EXIT_OK, EXIT_USAGE, oneLine } from '../errors';
import { CliHostRequests } from '../hostRequests';
import { writeJson, writeStdout } from '../resultOutput';
import { CliRuntime } from '../runtime';
import { defaultConfigFile } from '../target';
import { taskSupportOf } from './tools';

export const SERVERS_HELP = `usage: mcp-tasks servers [--config FILE] [--no-connect] [--json]

Lists the servers of an mcp.json (default: .vscode/mcp.json, else mcp.json, in the current
folder). Each server is started or connected to once to show its state and tools; --no-connect
only lists them. \${input:ID} values come from MCP_TASKS_INPUT_<ID> or a prompt on a terminal.
Configuration errors are printed on stderr and make the exit code 2; the servers that could be
read are listed all the same.`;

interface ServerRow {
  name: string;
  type: string;
  target: string;
  state: string;
  tools?: number;
  taskTools?: number;
}

export async function runServers(argv: readonly string[], ctx: CliContext): Promise<number> {
  const parsed = parseArgs(argv, [
    { name: 'config', kind: 'string' },
    { name: 'no-connect', kind: 'boolean' },
    { name: 'json', kind: 'boolean' },
  ], 'servers');
  if (parsed.booleans.has('help')) {
    await writeStdout(SERVERS_HELP);
    return EXIT_OK;
  }
  expectPositionals(parsed, 0, 'servers');
  const config = loadConfig(parsed.strings.get('config') ?? defaultConfigFile(process.cwd()));
  for (const problem of config.problems) ctx.terminal.line(formatProblem(problem));
  const connect = !parsed.booleans.has('no-connect');
  // Inputs are asked for one server at a time; connecting then runs in parallel.
  const rows: Promise<ServerRow>[] = [];
  for (const server of config.servers) rows.push((await serverRow(config, server, connect, ctx)).row);
  const done = await Promise.all(rows);
  if (parsed.booleans.has('json')) await writeJson(done);
  else await writeStdout(done.length ? formatRows(done) : `(no servers in ${config.file})`);
  // The servers that could be read are listed all the same; the exit code says the file needs fixing.
  const errors = errorCount(config);
  if (errors > 0) throw new CliExit(EXIT_USAGE, `${config.file} has ${errors === 1 ? 'a configuration error' : `${errors} configuration errors`} (listed above)`);
  return EXIT_OK;
}

async function serverRow(config: LoadedConfig, server: ParsedServer, connect: boolean, ctx: CliContext): Promise<{ row: Promise<ServerRow> }> {
  const raw = server.definition;
  const base = { name: server.name, type: raw.type, target: raw.type === 'stdio' ? [raw.command ?? '', ...raw.args].join(' ') : raw.url ?? '' };
  let definition;
  try {
    definition = await resolveServer(config, server, ctx.env, ctx.askInput);
  } catch (err) {
    return { row: Promise.resolve({ ...base, state: `error: ${oneLine(err)}` }) };
  }
  if (!connect) return { row: Promise.resolve({ ...base, state: 'not started' }) };
  const runtime = new CliRuntime({ id: server.name, label: server.name, definition }, new CliHostRequests({ terminal: ctx.terminal }), ctx.logger);
  const row = (async (): Promise<ServerRow> => {
    try {
      await runtime.connect();
      const tools = await runtime.settledTools();
      return { ...base, state: 'running', tools: tools.length, taskTools: tools.filter((t) => taskSupportOf(t) !== 'forbidden').length };
    } catch (err) {
      return { ...base, state: `error: ${oneLine(err).replace(/^cannot connect to .*?: /, '')}` };
    } finally {
      await runtime.dispose();
    }
  })();
  return { row };
}

function formatRows(rows: readonly ServerRow[]): string {
  const nameWidth = Math.max(...rows.map((r) => r.name.length));
  return rows.map((r) => {
    const tools = r.tools !== undefined ? `  ${r.tools} tools (${r.taskTools} with tasks)` : '';
    return `${r.name.padEnd(nameWidth)}  ${r.type.padEnd(5)}  ${r.state}${tools}  ${r.target}`;
  }).join('\n');
}
