/**
 * Upper bounds on durations a server chooses. A server may ask for any pollInterval or ttl; the
 * host follows within these limits, so a huge value can neither stall polling for ever, nor turn
 * into a timer that fires at once (Node runs any delay over 2³¹−1 ms after 1 ms), nor keep a
 * finished record in the ledger without end.
 */

/** The longest pause between two polls of a task that a server can ask for. */
export const MAX_POLL_INTERVAL_MS = 60 * 60 * 1000;

/** The longest ttl the host takes from a server (what it shows, and what retention adds). */
export const MAX_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** The longest delay a timer can be armed with (setTimeout runs longer ones after 1 ms). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** `value` within [0, max]. */
export function clampDuration(value: number, max: number): number {
  return Math.min(Math.max(0, value), max);
}
