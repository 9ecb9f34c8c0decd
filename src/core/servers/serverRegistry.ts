/**
 * All configured servers, built from the configuration files (workspace folders + the user file).
 * Applying a new configuration touches only what changed: removed servers stop, changed ones are
 * replaced (and restarted if they were running), `autoStart` ones start.
 */
import type { LoggingLevel } from '@modelcontextprotocol/sdk/types.js';
import { Emitter, type Disposable } from '../events';
import { parseMcpConfig } from '../config/configParser';
import { canonicalJson, definitionHash, diffDefinitions, serverId, type ConfigDiff } from '../config/configDiff';
import { resolveServer, type VariableEnvironment } from '../config/definitionResolver';
import type { InputResolver } from '../config/inputResolver';
import { redactingLogger, type Redactor } from '../config/redactor';
import type { ConfigProblem, ConfigSource, InputDefinition, ParsedServer } from '../config/types';
import type { Logger } from '../ports';
import type { ServerConnectionOptions } from './serverConnection';
import type { ManagedServer, ServerLookup, ServerState } from './types';

/** One server as the registry knows it: where it is defined and what its definition hashes to. */
export interface RegisteredServer {
  readonly id: string;
  readonly name: string;
  readonly source: ConfigSource;
  /** Changes exactly when the written definition changes; trust is bound to it. */
  readonly definitionHash: string;
  readonly autoStart: boolean;
  readonly range: ParsedServer['range'];
  /** The definition as written (variables unresolved): what a consent prompt shows. */
  readonly written: ParsedServer['definition'];
}

/** What a view renders per server. */
export interface ServerSnapshot extends RegisteredServer {
  readonly state: ServerState;
  readonly toolCount: number | undefined;
  readonly restartCount: number;
  readonly lastError: string | undefined;
}

export interface ConfigFile {
  readonly source: ConfigSource;
  /** undefined when the file does not exist (not a problem: no servers from it). */
  readonly text: string | undefined;
}

export type ConnectionDefaults = Omit<ServerConnectionOptions, 'id' | 'label' | 'definition' | 'logger' | 'beforeStart'>;

export interface ServerRegistryOptions {
  readonly environment: VariableEnvironment;
  readonly inputs?: InputResolver;
  readonly redactor?: Redactor;
  readonly connectionDefaults?: ConnectionDefaults;
  /** The logger of one server (VS Code: its output channel); lines pass the redactor first. */
  loggerFor(server: RegisteredServer): Logger;
  /** The logging/setLevel a server starts with (e.g. its own log's level); the registry-wide level otherwise. */
  logLevelFor?(server: RegisteredServer): LoggingLevel | undefined;
  /** Runs before every start; throw StartRefusedError to refuse (an untrusted workspace server). */
  beforeStart?(server: RegisteredServer): Promise<void>;
  /**
   * Makes a server's connection: a ServerConnection in this process, or one the background task
   * host runs (the registry itself loads neither, so a window in background mode never loads the SDK).
   */
  createConnection(options: ServerConnectionOptions, server: RegisteredServer): ManagedServer;
}

interface Entry {
  info: RegisteredServer;
  parsed: ParsedServer;
  inputs: readonly InputDefinition[];
  connection: ManagedServer;
}

export class ServerRegistry implements ServerLookup, Disposable {
  private readonly entries = new Map<string, Entry>();
  private parseProblems: ConfigProblem[] = [];
  private readonly resolveProblems = new Map<string, readonly ConfigProblem[]>();
  private logLevel: LoggingLevel | undefined;
  private readonly serversEmitter = new Emitter<void>();
  private readonly problemsEmitter = new Emitter<readonly ConfigProblem[]>();
  readonly onDidChangeServers = this.serversEmitter.event;
  readonly onDidChangeProblems = this.problemsEmitter.event;

  constructor(private readonly options: ServerRegistryOptions) {}

  get(id: string): ManagedServer | undefined {
    return this.entries.get(id)?.connection;
  }

  all(): readonly ManagedServer[] {
    return [...this.entries.values()].map((e) => e.connection);
  }

  info(id: string): RegisteredServer | undefined {
    return this.entries.get(id)?.info;
  }

  snapshot(): ServerSnapshot[] {
    return [...this.entries.values()].map(({ info, connection }) => ({
      ...info,
      state: connection.state,
      toolCount: connection.tools?.length,
      restartCount: connection.restartCount,
      lastError: connection.lastError,
    }));
  }

  /** Parse problems of the current configuration plus problems met resolving variables at start. */
  get problems(): readonly ConfigProblem[] {
    return [...this.parseProblems, ...[...this.resolveProblems.values()].flat()];
  }

  /**
   * Replaces the configuration; resolves once removed and changed servers are stopped. Calls run
   * one after the other: a file saved while the previous change is still stopping servers must
   * be compared with the finished result, or one server would get two connections.
   */
  applyConfig(files: readonly ConfigFile[]): Promise<ConfigDiff> {
    const run = this.applying.then(() => this.applyNow(files));
    this.applying = run.catch(() => undefined);
    return run;
  }

  private applying: Promise<unknown> = Promise.resolve();

  private async applyNow(files: readonly ConfigFile[]): Promise<ConfigDiff> {
    const parsed = new Map<string, { server: ParsedServer; inputs: readonly InputDefinition[] }>();
    const problems: ConfigProblem[] = [];
    for (const file of files) {
      if (file.text === undefined) continue;
      const config = parseMcpConfig(file.text, file.source);
      problems.push(...config.problems);
      for (const server of config.servers) parsed.set(serverId(file.source.file, server.name), { server, inputs: config.inputs });
    }
    const hashes = new Map([...parsed].map(([id, p]) => [id, hashOf(p.server, p.inputs)]));
    const diff = diffDefinitions(new Map([...this.entries].map(([id, e]) => [id, e.info.definitionHash])), hashes);

    const wasRunning = new Set<string>();
    const stops: Promise<void>[] = [];
    for (const id of [...diff.removed, ...diff.changed]) {
      const entry = this.entries.get(id)!;
      if (entry.connection.state.kind !== 'stopped' && entry.connection.state.kind !== 'error') wasRunning.add(id);
      this.entries.delete(id);
      this.resolveProblems.delete(id);
      stops.push(entry.connection.stop(diff.removed.includes(id) ? 'Removed from the configuration' : 'Definition changed')
        .finally(() => entry.connection.dispose()));
    }
    await Promise.all(stops);
    for (const id of diff.unchanged) {
      // Same definition, maybe moved within the file: keep the connection, refresh where it is.
      const entry = this.entries.get(id)!;
      const p = parsed.get(id)!;
      entry.parsed = p.server;
      entry.inputs = p.inputs;
      entry.info = { ...entry.info, range: p.server.range, written: p.server.definition };
    }
    for (const id of [...diff.added, ...diff.changed]) {
      const p = parsed.get(id)!;
      this.entries.set(id, this.createEntry(id, p.server, p.inputs, hashes.get(id)!));
    }

    this.parseProblems = problems;
    this.problemsEmitter.fire(this.problems);
    this.serversEmitter.fire();
    // Unchanged servers are left exactly as they are (a server the user stopped stays stopped).
    for (const id of [...diff.added, ...diff.changed]) {
      const entry = this.entries.get(id)!;
      if (entry.info.autoStart || wasRunning.has(id)) {
        entry.connection.start().catch(() => undefined); // the failure is in the connection's state
      }
    }
    return diff;
  }

  /** Follows the host's log level on every server (logging/setLevel). */
  /** logging/setLevel for every server, or for one (its log's level changed). */
  setLogLevel(level: LoggingLevel, serverId?: string): void {
    if (serverId !== undefined) {
      this.entries.get(serverId)?.connection.setLogLevel(level);
      return;
    }
    this.logLevel = level;
    for (const entry of this.entries.values()) entry.connection.setLogLevel(level);
  }

  async stopAll(reason = 'Stopped'): Promise<void> {
    await Promise.all(this.all().map((c) => c.stop(reason)));
  }

  dispose(): void {
    for (const entry of this.entries.values()) entry.connection.dispose();
    this.entries.clear();
    this.serversEmitter.dispose();
    this.problemsEmitter.dispose();
  }

  private createEntry(id: string, server: ParsedServer, inputs: readonly InputDefinition[], hash: string): Entry {
    const info: RegisteredServer = { id, name: server.name, source: server.source, definitionHash: hash, autoStart: server.definition.autoStart, range: server.range, written: server.definition };
    const entry = { info, parsed: server, inputs } as Entry;
    const options: ServerConnectionOptions = {
      ...this.options.connectionDefaults,
      id,
      label: server.name,
      logger: this.options.redactor ? redactingLogger(this.options.loggerFor(info), this.options.redactor) : this.options.loggerFor(info),
      beforeStart: this.options.beforeStart ? () => this.options.beforeStart!(entry.info) : undefined,
      definition: async () => {
        const result = await resolveServer(entry.parsed, entry.inputs, this.options.inputs, this.options.environment, this.options.redactor);
        const had = this.resolveProblems.has(id);
        if (result.ok) this.resolveProblems.delete(id);
        else this.resolveProblems.set(id, result.problems);
        if (had || !result.ok) this.problemsEmitter.fire(this.problems);
        if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
        return result.definition;
      },
    };
    entry.connection = this.options.createConnection(options, info);
    const level = this.options.logLevelFor?.(info) ?? this.logLevel;
    if (level) entry.connection.setLogLevel(level);
    return entry;
  }
}

/** The written definition and the inputs it refers to: a change to either is a change. */
function hashOf(server: ParsedServer, inputs: readonly InputDefinition[]): string {
  const text = canonicalJson(server.definition);
  const used = inputs.filter((i) => text.includes(`\${input:${i.id}}`));
  return definitionHash({ source: server.source, definition: server.definition, inputs: used });
}
