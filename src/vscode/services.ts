/** What the composition root hands to the VS Code adapters. */
import type * as vscode from 'vscode';
import type { ServerLookup } from '../core/servers/types';
import type { TaskService } from '../core/taskService';

export interface ExtensionServices {
  readonly context: vscode.ExtensionContext;
  /** Every task shown, and what the window may do with them (wherever the engine runs). */
  readonly tasks: TaskService;
  readonly servers: ServerLookup;
  /** The extension's own log ("MCP Tasks"). */
  readonly log: vscode.LogOutputChannel;
  /** Opens the log of one server ("MCP: NAME"). */
  showServerLog(serverId: string): void;
}
