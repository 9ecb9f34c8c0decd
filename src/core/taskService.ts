/**
 * Every task a window shows, and what a window may do with them, wherever the engine runs: in
 * the window's own process (TaskDirectory) or in the background task host (a channel client).
 * The views and commands use only this.
 */
import type { Event } from './events';
import type { StoredResult, TaskRecord } from './model/taskRecord';
import type { CallToolOptions } from './tasks/taskStarter';

export interface TaskService {
  /** Any change of any task, tool call or hosted. */
  readonly onDidChangeTask: Event<TaskRecord>;
  /** A finished task was removed from the history. */
  readonly onDidRemoveTask: Event<TaskRecord>;
  list(): TaskRecord[];
  get(key: string): TaskRecord | undefined;
  /** The key of a server's task (tool call) or of a task the host runs for that server. */
  keyFor(serverId: string, taskId: string): string | undefined;
  isHosted(key: string): boolean;
  /** Starts a tool call; resolves once its record exists. */
  call(serverId: string, tool: string, args: Record<string, unknown>, options?: CallToolOptions): Promise<TaskRecord>;
  /** Cancels a task; resolves with its state afterwards. */
  cancel(key: string): Promise<TaskRecord>;
  /** Removes a finished task from the history; false for one that still runs. */
  forget(key: string): Promise<boolean>;
  /** tasks/list on a server; adopts the tasks not known yet. */
  discover(serverId: string): Promise<TaskRecord[]>;
  readResult(stored: StoredResult): Promise<unknown>;
}
