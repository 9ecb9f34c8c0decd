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
  private readonly channels = new Map<string, vscode.LogOutputChannel>();

  /** The channel of a server, created on first use and named after the server. */
  channel(serverId: string, label: string): vscode.LogOutputChannel {
    let channel = this.channels.get(serverId);
    if (!channel) {
      channel = vscode.window.createOutputChannel(`MCP: ${label}`, { log: true });
      this.channels.set(serverId, channel);
    }
    return channel;
  }

  show(serverId: string): boolean {
    const channel = this.channels.get(serverId);
    channel?.show(true);
    return channel !== undefined;
  }

  drop(serverId: string): void {
    this.channels.get(serverId)?.dispose();
    this.channels.delete(serverId);
  }

  dispose(): void {
    for (const channel of this.channels.values()) channel.dispose();
    this.channels.clear();
  }
}
