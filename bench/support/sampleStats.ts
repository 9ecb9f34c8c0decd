/** Order statistics for latency samples (nearest-rank percentiles). */

export function percentile(samples: readonly number[], p: number): number | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

export function median(samples: readonly number[]): number | undefined {
  return percentile(samples, 50);
}

/**
 * The middle value of a non-empty sample; with an even count, the mean of the two middle ones. For
 * a verdict: the lower of the two (nearest rank) would flatter whatever is judged.
 */
export function middle(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const half = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2;
}
