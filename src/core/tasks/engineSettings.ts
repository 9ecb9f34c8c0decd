/** What a person (or the CLI) can tune about the task engine. */
export interface TaskEngineSettings {
  /** How a tool that supports both modes (taskSupport 'optional') is called by default. */
  optionalDefault: 'task' | 'plain';
  /** TTL (ms) to request per server id; absent = ask for none and take what the server grants. */
  ttlByServer: Record<string, number>;
  /** Poll interval when the server suggests none. */
  defaultPollIntervalMs: number;
  /** Never poll one task more often than this, whatever the server suggests. */
  floorPollIntervalMs: number;
  /**
   * Fallback polling is this many times slower (up to maxPollIntervalMs) while status
   * notifications keep a task fresh, and for every task of a server session once that session has
   * sent any status notification (after each task's first poll). Polling never stops: the slow
   * poll is the safety net for a notification that was lost or never sent.
   */
  notifiedSlowdown: number;
  /** Upper bound for slowed-down and backed-off poll intervals (a server's own longer one is honoured, up to an hour). */
  maxPollIntervalMs: number;
  /**
   * Global cap on scheduled polls per second, across all servers: a guard against floods (many
   * tasks whose servers ask for tiny poll intervals), not a throttle of normal work. The default
   * (2,000/s) is twice what 1,000 tasks at the common 1 s interval need, so ordinary loads are
   * polled at the pace their servers ask for, while a runaway case is held to a rate one server
   * process can still answer. Polls over the cap wait in order and go out as the budget refills.
   */
  maxRequestsPerSecond: number;
  /** How long a best-effort tasks/cancel after a local deadline may take before we stop waiting. */
  cancelTimeoutMs: number;
  /**
   * Poll a session's tasks with one tasks/list sweep instead of one tasks/get each, when the
   * server lists tasks and the sweep takes fewer requests (many active tasks, a short list).
   */
  listSweeps: boolean;
  /**
   * Up to this many tasks per server session wait on a blocking tasks/result from their creation
   * and are polled only slowly meanwhile (0: none; every task is polled at its interval).
   */
  heldResults: number;
}

export const DEFAULT_TASK_ENGINE_SETTINGS: TaskEngineSettings = {
  optionalDefault: 'task',
  ttlByServer: {},
  defaultPollIntervalMs: 1000,
  floorPollIntervalMs: 100,
  notifiedSlowdown: 4,
  maxPollIntervalMs: 30_000,
  maxRequestsPerSecond: 2_000,
  cancelTimeoutMs: 5_000,
  listSweeps: true,
  heldResults: 4,
};

export function resolveSettings(partial: Partial<TaskEngineSettings> | undefined): TaskEngineSettings {
  return { ...DEFAULT_TASK_ENGINE_SETTINGS, ...(partial ?? {}), ttlByServer: { ...(partial?.ttlByServer ?? {}) } };
}
