/**
 * What one MCP session's hosted tasks are kept under, and what the session's wire side needs from
 * the store that keeps them (HostedTaskService implements it; the session knows nothing else).
 */
import type { Task } from '@modelcontextprotocol/sdk/types.js';
import type { HostedMethod, HostedOutcome, HostedTask } from './hostedTask';

/** One MCP session of one server: tasks are visible only to the session that created them. */
export interface HostedTaskScope {
  readonly serverId: string;
  readonly serverLabel: string;
  /** Sends notifications/tasks/status to the server; must not throw. */
  readonly notify: (task: Task) => void;
  closed: boolean;
}

export interface HostedTaskKeeper {
  /** tasks/list page size. */
  readonly pageSize: number;
  /** Creates a working task for the scope, or refuses with a JSON-RPC error when a limit is reached. */
  create(scope: HostedTaskScope, method: HostedMethod, requestedTtl: unknown, statusMessage?: string, args?: Record<string, unknown>): HostedTask;
  find(scope: HostedTaskScope, taskId: string): HostedTask | undefined;
  /** The scope's tasks in creation order. */
  tasksOf(scope: HostedTaskScope): HostedTask[];
  /** The work ended: store its outcome unless the task already finished (cancelled, expired). */
  settle(task: HostedTask, outcome: HostedOutcome): void;
  /** The server cancels through tasks/cancel (the caller checked that the task is still running). */
  cancelByServer(task: HostedTask): void;
  /** The session ended: running work is aborted and the session's tasks are forgotten. */
  closeScope(scope: HostedTaskScope, why: string): void;
}
