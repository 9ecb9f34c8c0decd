/** What the composition root hands to the VS Code adapters. */
import type * as vscode from 'vscode';
import type { TaskRecordStore } from '../core/model/recordStore';
import type { ServerLookup } from '../core/servers/types';
import type { TaskDirectory } from '../core/taskDirectory';
import type { TaskEngine } from '../core/tasks/taskEngine';

export interface ExtensionServices {
  readonly context: vscode.ExtensionContext;
  readonly engine: TaskEngine;
  /** Every task shown: the engine's tool calls and the tasks servers asked the host to run. */
  readonly tasks: TaskDirectory;
  readonly servers: ServerLookup;
  readonly store: TaskRecordStore;
  /** The extension's own log ("MCP Tasks"). */
  readonly log: vscode.LogOutputChannel;
  /** Opens the log of one server ("MCP: NAME"). */
  showServerLog(serverId: string): void;
}
