/** What either way of running tasks (in this window, in the background task host) gives the window. */
import type * as vscode from 'vscode';
import type { HostLink } from '../../channel/hostLink';
import type { FileTaskLedger } from '../../core/ledger/fileTaskLedger';
import type { HostRequestHandler } from '../../core/ports';
import type { RootsProvider } from '../../core/servers/types';
import type { ServerRegistry, ServerRegistryOptions } from '../../core/servers/serverRegistry';
import type { TaskService } from '../../core/taskService';
import type { TaskEngine } from '../../core/tasks/taskEngine';

/** What activate() returns: the live core, for other extensions and for end-to-end tests. */
export type McpTasksApi = WindowModeApi | BackgroundModeApi;

interface CommonApi {
  /** Every task shown in the Tasks view, and what the window may do with them. */
  readonly tasks: TaskService;
  readonly registry: ServerRegistry;
}

export interface WindowModeApi extends CommonApi {
  readonly mode: 'window';
  readonly engine: TaskEngine;
  readonly ledger: FileTaskLedger;
}

export interface BackgroundModeApi extends CommonApi {
  readonly mode: 'background';
  /** The link to the task host that runs this window's servers and tasks. */
  readonly link: HostLink;
}

export interface CoreWiring {
  readonly log: vscode.LogOutputChannel;
  readonly hostRequests: HostRequestHandler;
  readonly roots: RootsProvider;
  /** The registry's options apart from how connections are made. */
  readonly registry: Omit<ServerRegistryOptions, 'connectionDefaults' | 'createConnection'>;
}

export interface CoreParts {
  readonly api: McpTasksApi;
  readonly registry: ServerRegistry;
  readonly tasks: TaskService;
  /** Picks up unfinished tasks after the configuration is read. */
  resume(): Promise<void>;
  /** The task settings changed. */
  applySettings(): void;
  readonly disposables: vscode.Disposable[];
  /** One line for the activation log. */
  describe(): string;
}
