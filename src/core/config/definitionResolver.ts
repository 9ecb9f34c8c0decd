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
  const fields = new FieldResolver(server, inputs, resolver, environment);
  const raw = server.definition;
  if (raw.type === 'stdio') return resolveStdio(raw, server, fields, environment);

  const url = await fields.text(raw.url ?? '', 'url');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw.headers)) headers[k] = await fields.text(v, `headers.${k}`);
  if (fields.problems.length === 0) {
    const urlProblem = checkUrl(url);
    if (urlProblem) fields.problem('url', urlProblem);
  }
  if (fields.problems.length) return { ok: false, problems: fields.problems };
  redactor?.addHeaders(headers);
  return { ok: true, definition: { type: raw.type, url, headers } };
}

async function resolveStdio(raw: RawServerDefinition, server: ParsedServer, fields: FieldResolver, environment: VariableEnvironment): Promise<ResolveResult> {
  const folder = server.source.workspaceFolder;
  const base = folder ?? path.dirname(server.source.file);
  const command = await fields.text(raw.command ?? '', 'command');
  const args: string[] = [];
  for (const [i, arg] of raw.args.entries()) args.push(await fields.text(arg, `args[${i}]`));
  const env: Record<string, string> = {};
  if (environment.inheritEnv !== false) {
    for (const [k, v] of Object.entries(environment.env)) if (v !== undefined) env[k] = v;
  }
  if (raw.envFile !== undefined) {
    Object.assign(env, await readEnvFile(path.resolve(base, await fields.text(raw.envFile, 'envFile')), fields, environment));
  }
  for (const [k, v] of Object.entries(raw.env)) {
    if (v === null) delete env[k];
    else env[k] = await fields.text(v, `env.${k}`);
  }
  const cwd = raw.cwd !== undefined ? path.resolve(base, await fields.text(raw.cwd, 'cwd')) : folder;
  if (fields.problems.length) return { ok: false, problems: fields.problems };
  return { ok: true, definition: { type: 'stdio', command, args, env, ...(cwd !== undefined ? { cwd } : {}) } };
}

/** The values of an envFile; what cannot be read or parsed is a problem of the envFile field. */
async function readEnvFile(file: string, fields: FieldResolver, environment: VariableEnvironment): Promise<Record<string, string>> {
  try {
    const parsed = parseEnvFile(await (environment.readFile ?? ((f) => fs.readFile(f, 'utf8')))(file));
    for (const p of parsed.problems) fields.problem('envFile', `${file}:${p.line}: ${p.message}`);
    return parsed.values;
  } catch (error) {
    fields.problem('envFile', `Could not read envFile "${file}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
    return {};
  }
}

/** Resolves the variables of one server's fields, keeping each problem at its field's line and column. */
class FieldResolver {
  readonly problems: ConfigProblem[] = [];

  constructor(
    private readonly server: ParsedServer,
    private readonly inputs: readonly InputDefinition[],
    private readonly resolver: InputResolver | undefined,
    private readonly environment: VariableEnvironment,
  ) {}

  problem(field: string, message: string): void {
    const locations = this.server.locations;
    const at = locations[field] ?? locations[field.split(/[.[]/)[0]!] ?? locations[''];
    this.problems.push({ severity: 'error', file: this.server.source.file, server: this.server.name, field, line: at?.line ?? 1, column: at?.column ?? 1, message });
  }

  async text(text: string, field: string): Promise<string> {
    const values = new Map<string, string>();
    for (const ref of findVariables(text)) {
      if (values.has(ref.text)) continue;
      const value = await this.valueOf(ref, field);
      if (value !== undefined) values.set(ref.text, value);
    }
    return substitute(text, (ref) => values.get(ref.text));
  }

  private async valueOf(ref: VariableRef, field: string): Promise<string | undefined> {
    const value = knownVariableValue(ref, this.server.source.workspaceFolder, this.environment);
    switch (ref.kind) {
      case 'env':
        if (value === undefined) this.problem(field, `Environment variable "${ref.name}" is not set.`);
        return value;
      case 'workspaceFolder':
      case 'workspaceFolderBasename':
        if (value === undefined) this.problem(field, `${ref.text} cannot be resolved: this configuration does not belong to a workspace folder.`);
        return value;
      case 'userHome':
      case 'pathSeparator':
        return value;
      case 'input': {
        const input = this.inputs.find((i) => i.id === ref.id);
        if (!input) { this.problem(field, `Input "${ref.id}" is not declared in "inputs".`); return undefined; }
        if (!this.resolver) { this.problem(field, `Input "${ref.id}" cannot be asked for here.`); return undefined; }
        const answer = await this.resolver.resolve(this.server.source.file, input);
        if (answer === undefined) this.problem(field, `No value was given for input "${ref.id}".`);
        return answer;
      }
      default:
        this.problem(field, `Unknown variable "${ref.text}".`);
        return value;
    }
  }
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
