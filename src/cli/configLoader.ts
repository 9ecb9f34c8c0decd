/**
 * Reads an mcp.json with the core's parser and turns one server's raw definition into what a
 * connection starts from. Variables come from the environment; `${input:ID}` from
 * MCP_TASKS_INPUT_<ID> or, on a terminal, a prompt.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseMcpConfig } from '../core/config/configParser';
import { parseEnvFile } from '../core/config/envFile';
import { formatProblem } from '../core/config/problemSink';
import type { ConfigProblem, InputDefinition, ParsedServer, ServerDefinition } from '../core/config/types';
import { substitute, type VariableRef } from '../core/config/variableSyntax';
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
  const names = config.servers.map((s) => s.name);
  throw new UsageError(`no server "${name}" in ${config.file}${names.length ? ` (servers: ${names.join(', ')})` : ''}`);
}

/** Name of the environment variable that supplies `${input:id}`. */
export function inputEnvName(id: string): string {
  return `MCP_TASKS_INPUT_${id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

export async function resolveServer(
  config: LoadedConfig,
  server: ParsedServer,
  env: NodeJS.ProcessEnv,
  ask: InputAsker | undefined,
): Promise<ServerDefinition> {
  const inputValues = new Map<string, string>();
  const raw = server.definition;
  // Collect the inputs first so each is asked for once, in order.
  const texts = [raw.command, raw.cwd, raw.url, raw.envFile, ...raw.args, ...Object.values(raw.env), ...Object.values(raw.headers)];
  for (const text of texts) {
    if (typeof text !== 'string') continue;
    for (const match of text.matchAll(/\$\{input:([A-Za-z0-9_.-]+)\}/g)) {
      const id = match[1];
      if (inputValues.has(id)) continue;
      inputValues.set(id, await inputValue(config, server.name, id, env, ask));
    }
  }
  const folder = server.source.workspaceFolder ?? path.dirname(config.file);
  const value = (ref: VariableRef): string | undefined => {
    switch (ref.kind) {
      case 'input': return inputValues.get(ref.id);
      case 'env': return env[ref.name] ?? '';
      case 'workspaceFolder': return folder;
      case 'workspaceFolderBasename': return path.basename(folder);
      case 'userHome': return os.homedir();
      case 'pathSeparator': return path.sep;
      default: return undefined;
    }
  };
  const sub = (text: string) => substitute(text, value);
  if (raw.type !== 'stdio') {
    return {
      type: raw.type,
      url: sub(raw.url ?? ''),
      headers: Object.fromEntries(Object.entries(raw.headers).map(([k, v]) => [k, sub(v)])),
    };
  }
  const cwd = raw.cwd !== undefined ? path.resolve(folder, sub(raw.cwd)) : folder;
  const childEnv: Record<string, string> = inheritedEnv(env);
  if (raw.envFile !== undefined) Object.assign(childEnv, readEnvFile(path.resolve(folder, sub(raw.envFile)), server.name));
  for (const [key, v] of Object.entries(raw.env)) {
    if (v === null) delete childEnv[key];
    else childEnv[key] = sub(v);
  }
  return { type: 'stdio', command: sub(raw.command ?? ''), args: raw.args.map(sub), env: childEnv, cwd };
}

/** A command-line tool's servers see the environment the tool was started with. */
export function inheritedEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') out[k] = v;
  return out;
}

async function inputValue(config: LoadedConfig, serverName: string, id: string, env: NodeJS.ProcessEnv, ask: InputAsker | undefined): Promise<string> {
  const name = inputEnvName(id);
  const fromEnv = env[name];
  if (fromEnv !== undefined) return fromEnv;
  const input = config.inputs.find((i) => i.id === id);
  if (input && ask) {
    const answered = await ask(input);
    if (answered !== undefined) return answered;
    throw new UsageError(`no value given for input "${id}" of server "${serverName}"`);
  }
  throw new UsageError(`server "${serverName}" needs input "${id}": set ${name} (no terminal to ask on)`);
}

function readEnvFile(file: string, serverName: string): Record<string, string> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`server "${serverName}": cannot read envFile ${file}: ${(err as Error).message}`);
  }
  const parsed = parseEnvFile(text);
  const problem = parsed.problems[0];
  if (problem) throw new UsageError(`server "${serverName}": ${file}:${problem.line}: ${problem.message}`);
  return parsed.values;
}
