/**
 * The one way a duration a server chose (pollInterval, ttl) becomes one the host waits on.
 * Servers are not trusted to send sane numbers: JSON reads 1e400 as Infinity, an in-process peer
 * can pass NaN, some servers send "5000". And Node runs any timer over 2³¹−1 ms after 1 ms, so
 * an unchecked huge value is not a long wait but a timer that fires over and over.
 */

/** Decimal numbers only: "" or "0x10" must not quietly become 0 or 16. */
const DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

/**
 * `value` as a duration in [0, max] ms: huge (or infinite) values wait `max`, negative ones 0.
 * Undefined when it is no number at all, so the caller's default applies.
 */
export function serverDuration(value: unknown, max: number): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && DECIMAL.test(value) ? Number(value) : NaN;
  if (Number.isNaN(n)) return undefined;
  return Math.min(Math.max(0, n), max);
}
