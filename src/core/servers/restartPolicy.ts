/** When to restart a crashed server: exponential backoff, capped, with a limit on consecutive crashes. */

export interface RestartPolicy {
  /** Consecutive automatic restarts before giving up (0 = never restart automatically). */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A server that ran this long before crashing starts a fresh series of attempts. */
  readonly stableAfterMs: number;
}

export const defaultRestartPolicy: RestartPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  stableAfterMs: 60_000,
};

export function resolveRestartPolicy(partial: Partial<RestartPolicy> | undefined): RestartPolicy {
  const policy = { ...defaultRestartPolicy, ...partial };
  return {
    maxAttempts: Math.max(0, Math.floor(policy.maxAttempts)),
    // A zero base delay would let a crashing server spin; keep at least a few milliseconds.
    baseDelayMs: Math.max(10, policy.baseDelayMs),
    maxDelayMs: Math.max(Math.max(10, policy.baseDelayMs), policy.maxDelayMs),
    stableAfterMs: Math.max(0, policy.stableAfterMs),
  };
}

/** Delay before attempt `attempt` (1-based): base, 2×base, 4×base, … capped at maxDelayMs. */
export function restartDelay(policy: RestartPolicy, attempt: number): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  return Math.min(policy.baseDelayMs * 2 ** exponent, policy.maxDelayMs);
}

/** What to do after a crash or a failed automatic start. */
export type RestartDecision =
  | { readonly kind: 'retry'; readonly attempt: number; readonly delayMs: number }
  | { readonly kind: 'give-up'; readonly attempts: number };

/**
 * One series of automatic restarts: attempts count up until the server stays up for
 * `stableAfterMs` (then the next crash starts a new series) or the policy's limit is reached.
 */
export class RestartSeries {
  private attempts = 0;

  constructor(readonly policy: RestartPolicy) {}

  /** A start on purpose (not a restart): a new series. */
  reset(): void {
    this.attempts = 0;
  }

  /** `ranForMs`: how long the server had been running before this failure (undefined: it never ran). */
  next(ranForMs: number | undefined): RestartDecision {
    if (ranForMs !== undefined && ranForMs >= this.policy.stableAfterMs) this.attempts = 0;
    if (this.attempts >= this.policy.maxAttempts) return { kind: 'give-up', attempts: this.attempts };
    const attempt = ++this.attempts;
    return { kind: 'retry', attempt, delayMs: restartDelay(this.policy, attempt) };
  }
}
