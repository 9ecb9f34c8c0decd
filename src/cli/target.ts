/** Turns TARGET flags (--url/--header, --stdio, --server/--config) into a server definition. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkUrl } from '../core/config/configParser';
import { configuredEnv } from '../core/config/definitionResolver';
import type { ServerDefinition } from '../core/config/types';
import type { ParsedArgs } from './args';
import { findServer, inheritedEnv, loadConfig, resolveServer, type InputAsker } from './configLoader';
import { UsageError } from './errors';
import { splitCommandLine } from './shellWords';

export interface Target {
  readonly id: string;
  readonly label: string;
  readonly definition: ServerDefinition;
  /** The stdio environment entries the configuration set (null: removed); the rest is inherited. */
  readonly identityEnv?: Record<string, string | null>;
}

export const TARGET_USAGE = '--url URL [--header K:V] | --stdio "COMMAND ARG…" | --server NAME [--config FILE]';

/** Where `--server` looks when no --config is given. */
export function defaultConfigFile(cwd: string): string {
  const candidates = [path.join(cwd, '.vscode', 'mcp.json'), path.join(cwd, 'mcp.json')];
  return candidates.find((f) => fs.existsSync(f)) ?? candidates[0];
}

export async function resolveTarget(args: ParsedArgs, env: NodeJS.ProcessEnv, ask: InputAsker | undefined): Promise<Target> {
  const url = args.strings.get('url');
  const stdio = args.strings.get('stdio');
  const server = args.strings.get('server');
  const given = [url !== undefined && '--url', stdio !== undefined && '--stdio', server !== undefined && '--server'].filter(Boolean);
  if (given.length === 0) throw new UsageError(`no server given: use ${TARGET_USAGE}`);
  if (given.length > 1) throw new UsageError(`give only one of ${given.join(', ')}`);
  const headers = args.lists.get('header') ?? [];
  if (headers.length > 0 && url === undefined) throw new UsageError('--header only applies to --url');
  if (args.strings.has('config') && server === undefined) throw new UsageError('--config only applies to --server (and to the servers command)');

  if (url !== undefined) {
    const problem = checkUrl(url);
    if (problem) throw new UsageError(`--url: ${problem.replace(/"url" /, 'the URL ')}`);
    return { id: 'url', label: new URL(url).host, definition: { type: 'http', url, headers: parseHeaders(headers) } };
  }
  if (stdio !== undefined) {
    const words = splitCommandLine(stdio);
    if (words.length === 0) throw new UsageError('--stdio needs a command, e.g. --stdio "node server.js"');
    const [command, ...rest] = words;
    return {
      id: 'stdio',
      label: stdioLabel(command, rest),
      definition: { type: 'stdio', command, args: rest, env: inheritedEnv(env), cwd: process.cwd() },
    };
  }
  const config = loadConfig(args.strings.get('config') ?? defaultConfigFile(process.cwd()));
  const parsed = findServer(config, server!);
  const definition = await resolveServer(config, parsed, env, ask);
  return { id: parsed.name, label: parsed.name, definition, identityEnv: configuredEnv(parsed.definition, definition) };
}

export function parseHeaders(values: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const value of values) {
    const colon = value.indexOf(':');
    const name = colon > 0 ? value.slice(0, colon).trim() : '';
    if (!name || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new UsageError(`--header must look like "Name: value"; got "${value}"`);
    }
    headers[name] = value.slice(colon + 1).trim();
  }
  return headers;
}

/** "node index.js", "uvx my-server": the program and, for interpreters and runners, what they run. */
function stdioLabel(command: string, args: readonly string[]): string {
  const program = path.basename(command).replace(/\.(exe|cmd)$/i, '');
  const script = args.find((a) => !a.startsWith('-'));
  return /^(node|nodejs|python\d*(\.\d+)?|npx|uvx|uv|deno|bun|pnpm|yarn|java|ruby|php)$/.test(program) && script ? `${program} ${path.basename(script)}` : program;
}
