/** What the engine needs from a host, in its smallest form: a logger that keeps problems and a one-server lookup. */
import { Emitter } from '../../src/core/events';
import type { Logger } from '../../src/core/ports';
import type { McpServerHandle, ServerLookup } from '../../src/core/servers/types';

/** Keeps warnings and errors (they belong in the report) and drops the chatter. */
export class TallyLogger implements Logger {
  readonly problems: string[] = [];
  trace(): void {}
  isTraceEnabled(): boolean { return false; }
  debug(): void {}
  info(): void {}
  warn(message: string): void { this.keep(`warn: ${message}`); }
  error(message: string): void { this.keep(`error: ${message}`); }
  private keep(line: string): void { if (this.problems.length < 5) this.problems.push(line); }
}

export class OneServer implements ServerLookup {
  private readonly changed = new Emitter<void>();
  readonly onDidChangeServers = this.changed.event;
  constructor(private readonly handle: McpServerHandle) {}
  get(serverId: string): McpServerHandle | undefined { return serverId === this.handle.id ? this.handle : undefined; }
  all(): readonly McpServerHandle[] { return [this.handle]; }
}
