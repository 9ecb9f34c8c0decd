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
  /** Fallback polling is this many times slower while status notifications keep a task fresh. */
  notifiedSlowdown: number;
  /** Upper bound for slowed-down and backed-off poll intervals. */
  maxPollIntervalMs: number;
  /** Global cap on scheduled polls per second, across all servers. */
  maxRequestsPerSecond: number;
  /** How long a best-effort tasks/cancel after a local deadline may take before we stop waiting. */
  cancelTimeoutMs: number;
}

export const DEFAULT_TASK_ENGINE_SETTINGS: TaskEngineSettings = {
  optionalDefault: 'task',
  ttlByServer: {},
  defaultPollIntervalMs: 1000,
  floorPollIntervalMs: 100,
  notifiedSlowdown: 4,
  maxPollIntervalMs: 30_000,
  maxRequestsPerSecond: 50,
  cancelTimeoutMs: 5_000,
};

export function resolveSettings(partial: Partial<TaskEngineSettings> | undefined): TaskEngineSettings {
  return { ...DEFAULT_TASK_ENGINE_SETTINGS, ...(partial ?? {}), ttlByServer: { ...(partial?.ttlByServer ?? {}) } };
}
