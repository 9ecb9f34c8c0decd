/**
 * Turns a parsed server into what a connection starts from: variables substituted, envFile read,
 * paths made absolute. Anything that cannot be resolved is a problem at the field's position.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { checkUrl } from './configParser';
import { parseEnvFile } from './envFile';
import type { InputResolver } from './inputResolver';
import type { Redactor } from './redactor';
import type { ConfigProblem, InputDefinition, ParsedServer, RawServerDefinition, ServerDefinition } from './types';
import { findVariables, substitute, type VariableRef } from './variableSyntax';

export interface VariableEnvironment {
  /** For `${env:NAME}`, and inherited by stdio servers unless `inheritEnv` is false. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly userHome: string;
  /** Default true, like VS Code: a stdio server sees the host's environment plus its own. */
  readonly inheritEnv?: boolean;
  readonly readFile?: (file: string) => Promise<string>;
}

/**
 * The value of a variable that needs no question (every kind but `${input:…}`), undefined when
 * it has none here (an unset environment variable, no workspace folder, an unknown variable).
 */
export function knownVariableValue(ref: VariableRef, workspaceFolder: string | undefined, environment: Pick<VariableEnvironment, 'env' | 'userHome'>): string | undefined {
  switch (ref.kind) {
    case 'env': return environment.env[ref.name];
    case 'workspaceFolder': return workspaceFolder;
    case 'workspaceFolderBasename': return workspaceFolder === undefined ? undefined : path.basename(workspaceFolder);
    case 'userHome': return environment.userHome;
    case 'pathSeparator': return path.sep;
    default: return undefined;
  }
}

export type ResolveResult =
  | { readonly ok: true; readonly definition: ServerDefinition }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

export async function resolveServer(
  server: ParsedServer,
  inputs: readonly InputDefinition[],
  resolver: InputResolver | undefined,
  environment: VariableEnvironment,
  redactor?: Redactor,
): Promise<ResolveResult> {
  const problems: ConfigProblem[] = [];
  const raw = server.definition;
  const folder = server.source.workspaceFolder;
  const problem = (field: string, message: string) => {
    const at = server.locations[field] ?? server.locations[field.split(/[.[]/)[0]] ?? server.locations[''];
    problems.push({ severity: 'error', file: server.source.file, server: server.name, field, line: at?.line ?? 1, column: at?.column ?? 1, message });
  };

  const resolveText = async (text: string, field: string): Promise<string> => {
    const values = new Map<string, string>();
    for (const ref of findVariables(text)) {
      if (values.has(ref.text)) continue;
      let value = knownVariableValue(ref, folder, environment);
      switch (ref.kind) {
        case 'env':
          if (value === undefined) problem(field, `Environment variable "${ref.name}" is not set.`);
          break;
        case 'workspaceFolder':
        case 'workspaceFolderBasename':
          if (value === undefined) problem(field, `${ref.text} cannot be resolved: this configuration does not belong to a workspace folder.`);
          break;
        case 'userHome':
        case 'pathSeparator':
          break;
        case 'input': {
          const input = inputs.find((i) => i.id === ref.id);
          if (!input) { problem(field, `Input "${ref.id}" is not declared in "inputs".`); break; }
          if (!resolver) { problem(field, `Input "${ref.id}" cannot be asked for here.`); break; }
          value = await resolver.resolve(server.source.file, input);
          if (value === undefined) problem(field, `No value was given for input "${ref.id}".`);
          break;
        }
        default: problem(field, `Unknown variable "${ref.text}".`);
      }
      if (value !== undefined) values.set(ref.text, value);
    }
    return substitute(text, (ref) => values.get(ref.text));
  };

  const base = folder ?? path.dirname(server.source.file);
  if (raw.type === 'stdio') {
    const command = await resolveText(raw.command ?? '', 'command');
    const args: string[] = [];
    for (const [i, arg] of raw.args.entries()) args.push(await resolveText(arg, `args[${i}]`));
    const env: Record<string, string> = {};
    if (environment.inheritEnv !== false) {
      for (const [k, v] of Object.entries(environment.env)) if (v !== undefined) env[k] = v;
    }
    if (raw.envFile !== undefined) {
      const file = path.resolve(base, await resolveText(raw.envFile, 'envFile'));
      try {
        const parsed = parseEnvFile(await (environment.readFile ?? ((f) => fs.readFile(f, 'utf8')))(file));
        for (const p of parsed.problems) problem('envFile', `${file}:${p.line}: ${p.message}`);
        Object.assign(env, parsed.values);
      } catch (error) {
        problem('envFile', `Could not read envFile "${file}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
      }
    }
    for (const [k, v] of Object.entries(raw.env)) {
      if (v === null) delete env[k];
      else env[k] = await resolveText(v, `env.${k}`);
    }
    const cwd = raw.cwd !== undefined ? path.resolve(base, await resolveText(raw.cwd, 'cwd')) : folder;
    if (problems.length) return { ok: false, problems };
    return { ok: true, definition: { type: 'stdio', command, args, env, ...(cwd !== undefined ? { cwd } : {}) } };
  }

  const url = await resolveText(raw.url ?? '', 'url');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw.headers)) headers[k] = await resolveText(v, `headers.${k}`);
  if (problems.length === 0) {
    const urlProblem = checkUrl(url);
    if (urlProblem) problem('url', urlProblem);
  }
  if (problems.length) return { ok: false, problems };
  redactor?.addHeaders(headers);
  return { ok: true, definition: { type: raw.type, url, headers } };
}

/**
 * The environment entries a stdio server's configuration sets, resolved (null: removed); the rest
 * of its environment is inherited from whoever starts it and does not make it a different server.
 */
export function configuredEnv(written: RawServerDefinition, definition: ServerDefinition): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  if (definition.type !== 'stdio') return out;
  for (const name of Object.keys(written.env)) out[name] = definition.env[name] ?? null;
  return out;
}
