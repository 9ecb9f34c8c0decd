/**
 * Limits for tasks a server asks the host to run (sampling or elicitation as a task). A server
 * must not be able to pile up work or memory on the host, so every limit has a default.
 */

export interface HostedTaskOptions {
  /** Tasks of one server still working at the same time; more are refused. Default 16. */
  readonly maxConcurrentPerServer?: number;
  /** Tasks of one server kept (working or finished); the oldest finished ones go first. Default 100. */
  readonly maxRetainedPerServer?: number;
  /** The longest ttl granted, counted from creation. Default 1 hour. */
  readonly maxTtlMs?: number;
  /** The ttl granted when the server asks for none. Default: the maximum. */
  readonly defaultTtlMs?: number;
  /** The shortest ttl granted, so a task cannot vanish before the server can ask for it. Default 1 s. */
  readonly minTtlMs?: number;
  /** Suggested interval between the server's tasks/get polls. Default 1000 ms. */
  readonly pollIntervalMs?: number;
  /** Tasks per tasks/list page. Default 50. */
  readonly pageSize?: number;
}

export type ResolvedHostedTaskOptions = Required<HostedTaskOptions>;

export const HOSTED_TASK_DEFAULTS: ResolvedHostedTaskOptions = Object.freeze({
  maxConcurrentPerServer: 16,
  maxRetainedPerServer: 100,
  maxTtlMs: 60 * 60 * 1000,
  defaultTtlMs: 60 * 60 * 1000,
  minTtlMs: 1000,
  pollIntervalMs: 1000,
  pageSize: 50,
});

export function resolveHostedTaskOptions(options: HostedTaskOptions = {}): ResolvedHostedTaskOptions {
  const pick = (value: number | undefined, fallback: number, min: number) =>
    typeof value === 'number' && Number.isFinite(value) ? Math.max(min, Math.floor(value)) : fallback;
  const maxTtlMs = pick(options.maxTtlMs, HOSTED_TASK_DEFAULTS.maxTtlMs, 1);
  const minTtlMs = Math.min(pick(options.minTtlMs, HOSTED_TASK_DEFAULTS.minTtlMs, 1), maxTtlMs);
  const maxConcurrentPerServer = pick(options.maxConcurrentPerServer, HOSTED_TASK_DEFAULTS.maxConcurrentPerServer, 1);
  return {
    maxConcurrentPerServer,
    maxRetainedPerServer: Math.max(maxConcurrentPerServer, pick(options.maxRetainedPerServer, HOSTED_TASK_DEFAULTS.maxRetainedPerServer, 1)),
    maxTtlMs,
    minTtlMs,
    defaultTtlMs: Math.min(maxTtlMs, Math.max(minTtlMs, pick(options.defaultTtlMs, maxTtlMs, 1))),
    pollIntervalMs: pick(options.pollIntervalMs, HOSTED_TASK_DEFAULTS.pollIntervalMs, 1),
    pageSize: pick(options.pageSize, HOSTED_TASK_DEFAULTS.pageSize, 1),
  };
}

/** The ttl the host grants: what was asked, within [min, max]; the default when nothing (or nonsense) was asked. */
export function grantTtl(requested: unknown, options: ResolvedHostedTaskOptions): number {
  if (typeof requested !== 'number' || !Number.isFinite(requested)) return options.defaultTtlMs;
  return Math.min(options.maxTtlMs, Math.max(options.minTtlMs, Math.floor(requested)));
}
