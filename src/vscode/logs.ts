/** Log channels: one for the extension, one per server ("MCP: NAME"). */
import * as vscode from 'vscode';
import type { Logger } from '../core/ports';

export function channelLogger(channel: vscode.LogOutputChannel): Logger {
  return {
    trace: (m) => channel.trace(m),
    // The channel's level follows the user's choice ("Set Log Level…") and can change at any time.
    isTraceEnabled: () => channel.logLevel === vscode.LogLevel.Trace,
    debug: (m) => channel.debug(m),
    info: (m) => channel.info(m),
    warn: (m) => channel.warn(m),
    error: (m) => channel.error(m),
  };
}

/** MCP logging levels that correspond to a channel's level. */
export function mcpLevelOf(level: vscode.LogLevel): 'debug' | 'info' | 'warning' | 'error' {
  switch (level) {
    case vscode.LogLevel.Trace:
    case vscode.LogLevel.Debug: return 'debug';
    case vscode.LogLevel.Info: return 'info';
    case vscode.LogLevel.Warning: return 'warning';
    default: return 'error';
  }
}

export class ServerLogs implements vscode.Disposable {
  private readonly channels = new Map<string, { channel: vscode.LogOutputChannel; levelChange: vscode.Disposable }>();
  private readonly levelChanged = new vscode.EventEmitter<{ serverId: string; level: vscode.LogLevel }>();
  /** The person set a server's log level ("Set Log Level…" on its output): the server should log at it. */
  readonly onDidChangeLevel = this.levelChanged.event;

  /** The channel of a server, created on first use and named after the server. */
  channel(serverId: string, label: string): vscode.LogOutputChannel {
    let entry = this.channels.get(serverId);
    if (!entry) {
      const channel = vscode.window.createOutputChannel(`MCP: ${label}`, { log: true });
      const levelChange = channel.onDidChangeLogLevel((level) => this.levelChanged.fire({ serverId, level }));
      entry = { channel, levelChange };
      this.channels.set(serverId, entry);
    }
    return entry.channel;
  }

  show(serverId: string): boolean {
    const entry = this.channels.get(serverId);
    entry?.channel.show(true);
    return entry !== undefined;
  }

  drop(serverId: string): void {
    const entry = this.channels.get(serverId);
    entry?.levelChange.dispose();
    entry?.channel.dispose();
    this.channels.delete(serverId);
  }

  dispose(): void {
    for (const id of [...this.channels.keys()]) this.drop(id);
    this.levelChanged.dispose();
  }
}
