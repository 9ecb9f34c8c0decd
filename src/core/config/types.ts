/** A server definition after parsing and variable resolution: what a connection is started from. */
export type ServerDefinition = StdioServerDefinition | RemoteServerDefinition;

export interface StdioServerDefinition {
  type: 'stdio';
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
}

export interface RemoteServerDefinition {
  /** 'http' = Streamable HTTP with legacy SSE as fallback; 'sse' = legacy HTTP+SSE only. */
  type: 'http' | 'sse';
  url: string;
  headers: Record<string, string>;
}

/** Where a configuration file comes from; workspace files need the user's trust. */
export interface ConfigSource {
  /** Absolute path of the file (mcp.json). */
  readonly file: string;
  readonly kind: 'workspace' | 'user';
  /** The folder `${workspaceFolder}` stands for (workspace files), and the default cwd. */
  readonly workspaceFolder?: string;
}

/** A server definition as written, before variables are resolved. */
export interface RawServerDefinition {
  type: 'stdio' | 'http' | 'sse';
  command?: string;
  args: string[];
  /** null removes an inherited variable. */
  env: Record<string, string | null>;
  envFile?: string;
  cwd?: string;
  url?: string;
  headers: Record<string, string>;
  /** Our extension: start the server as soon as the configuration is loaded. */
  autoStart: boolean;
}

export interface ConfigPosition {
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

export interface ParsedServer {
  readonly name: string;
  readonly source: ConfigSource;
  readonly definition: RawServerDefinition;
  /** Lines the definition spans in its file (1-based, inclusive). */
  readonly range: { readonly startLine: number; readonly endLine: number };
  /** Where each field's value starts, keyed by field name ("url", "args", "env.TOKEN", …); "" is the definition itself. */
  readonly locations: Readonly<Record<string, ConfigPosition>>;
}

export interface InputOption {
  readonly label: string;
  readonly value: string;
}

/** An entry of `inputs`: a value the user is asked for once, referenced as `${input:id}`. */
export interface InputDefinition {
  readonly type: 'promptString' | 'pickString';
  readonly id: string;
  readonly description: string;
  /** Stored as a secret and masked in every log line. */
  readonly password: boolean;
  readonly default?: string;
  /** pickString only. */
  readonly options?: readonly InputOption[];
}

export interface ConfigProblem {
  readonly severity: 'error' | 'warning';
  readonly file: string;
  readonly server?: string;
  /** Dotted path of the field ("url", "args", "env.TOKEN", "inputs[0].id"). */
  readonly field?: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface ParsedConfig {
  readonly servers: readonly ParsedServer[];
  readonly inputs: readonly InputDefinition[];
  readonly problems: readonly ConfigProblem[];
}
