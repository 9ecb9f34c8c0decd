/**
 * Reads an mcp.json with the core's parser and resolver. Variables come from the environment;
 * `${input:ID}` from MCP_TASKS_INPUT_<ID> or, on a terminal, a prompt.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseMcpConfig } from '../core/config/configParser';
import { resolveServer as resolveDefinition } from '../core/config/definitionResolver';
import { InputResolver } from '../core/config/inputResolver';
import { formatProblem } from '../core/config/problemSink';
import type { ConfigProblem, InputDefinition, ParsedServer, ServerDefinition } from '../core/config/types';
import { UsageError } from './errors';

export interface LoadedConfig {
  readonly file: string;
  readonly servers: readonly ParsedServer[];
  readonly inputs: readonly InputDefinition[];
  readonly problems: readonly ConfigProblem[];
}

/** Asks for an input's value on a terminal; undefined when there is no terminal or the user gave up. */
export type InputAsker = (input: InputDefinition) => Promise<string | undefined>;

export function loadConfig(file: string): LoadedConfig {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(absolute, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read config ${absolute}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  // A file in .vscode/ belongs to the folder above it, as in the editor.
  const dir = path.dirname(absolute);
  const workspaceFolder = path.basename(dir) === '.vscode' ? path.dirname(dir) : dir;
  const parsed = parseMcpConfig(text, { file: absolute, kind: 'workspace', workspaceFolder });
  return { file: absolute, servers: parsed.servers, inputs: parsed.inputs, problems: parsed.problems };
}

/** The server named `name`; a clear error names the ones that exist (and why `name` may be broken). */
export function findServer(config: LoadedConfig, name: string): ParsedServer {
  const server = config.servers.find((s) => s.name === name);
  if (server) return server;
  const problem = config.problems.find((p) => p.server === name && p.severity === 'error');
  if (problem) throw new UsageError(`server "${name}" in ${config.file} is invalid: ${formatProblem(problem)}`);
  // A file that does not parse (or has no "servers" object) lists no server at all: say why.
  const broken = config.problems.filter((p) => p.server === undefined && p.severity === 'error');
  if (broken.length > 0) {
    const more = broken.length > 1 ? ` (and ${broken.length - 1} more)` : '';
    throw new UsageError(`cannot look up server "${name}": ${formatProblem(broken[0])}${more}`);
  }
  const names = config.servers.map((s) => s.name);
  throw new UsageError(`no server "${name}" in ${config.file}${names.length ? ` (servers: ${names.join(', ')})` : ''}`);
}

/** How many of the configuration's problems are errors (not warnings). */
export function errorCount(config: LoadedConfig): number {
  return config.problems.filter((p) => p.severity === 'error').length;
}

/** Name of the environment variable that supplies `${input:id}`. */
export function inputEnvName(id: string): string {
  return `MCP_TASKS_INPUT_${id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * The server's definition with every variable resolved by the core's resolver. Inputs are asked
 * for once per run and never stored: the CLI keeps no state between runs.
 */
export async function resolveServer(
  config: LoadedConfig,
  server: ParsedServer,
  env: NodeJS.ProcessEnv,
  ask: InputAsker | undefined,
): Promise<ServerDefinition> {
  const prompter = {
    async prompt(input: InputDefinition): Promise<string | undefined> {
      const name = inputEnvName(input.id);
      const fromEnv = env[name];
      if (fromEnv !== undefined) return fromEnv;
      if (!ask) throw new UsageError(`server "${server.name}" needs input "${input.id}": set ${name} (no terminal to ask on)`);
      return ask(input);
    },
  };
  const resolver = new InputResolver({ prompter, secrets: new MemoryKeyValues(), store: new MemoryKeyValues() });
  const result = await resolveDefinition(server, config.inputs, resolver, { env, userHome: os.homedir() });
  if (!result.ok) throw new UsageError(`server "${server.name}": ${formatProblem(result.problems[0])}`);
  return result.definition;
}

class MemoryKeyValues {
  private readonly values = new Map<string, string>();
  async get(key: string): Promise<string | undefined> { return this.values.get(key); }
  async set(key: string, value: string): Promise<void> { this.values.set(key, value); }
  async store(key: string, value: string): Promise<void> { this.values.set(key, value); }
  async delete(key: string): Promise<void> { this.values.delete(key); }
}

/** A command-line tool's servers see the environment the tool was started with. */
export function inheritedEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') out[k] = v;
  return out;
}
