/** The same pseudo-random task durations on every run (mulberry32), so both clients face identical work. */

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` whole-millisecond durations, uniform in [minMs, maxMs]. */
export function seededDurations(count: number, minMs: number, maxMs: number, seed: number): number[] {
  const next = mulberry32(seed);
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(Math.round(minMs + next() * (maxMs - minMs)));
  return out;
}
