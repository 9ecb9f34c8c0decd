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
