// The activation scenario's verdict: each window load appends what its activation cost to one file
// (test/e2e/activation), and the median over the loads is judged here.
import { readFileSync } from 'node:fs';

/** How many windows the scenario loads, the target for activate() and the bound it asserts. */
export const ACTIVATION_WINDOW_LOADS = 5;
const ACTIVATE_TARGET_MS = 25;
const ACTIVATE_MEDIAN_MAX_MS = 100;

/**
 * The median activate() over the activation scenario's window loads. The target is
 * ACTIVATE_TARGET_MS of wall time; on a shared 2-core machine the wall time also holds the time the
 * extension host waited for a core, so the bound asserted is ACTIVATE_MEDIAN_MAX_MS (what waiting
 * for the configuration or the task host would exceed), and the CPU time is set against the target.
 */
export function judgeActivation(file) {
  let runs = [];
  try {
    runs = readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
  } catch {
    // no window recorded anything; judged below
  }
  if (runs.length < ACTIVATION_WINDOW_LOADS) return { ok: false, text: `activation FAILED: ${runs.length} of ${ACTIVATION_WINDOW_LOADS} window loads recorded their activation` };
  const median = (values) => { const sorted = [...values].sort((a, b) => a - b); return sorted[Math.floor(sorted.length / 2)]; };
  const wall = median(runs.map((r) => r.activateMs));
  const cpu = median(runs.map((r) => r.activateCpuMs));
  const load = median(runs.map((r) => r.loadMs));
  const each = runs.map((r) => `${r.activateMs.toFixed(1)}/${r.activateCpuMs.toFixed(1)}`).join(', ');
  const text = `activation over ${runs.length} window loads, ten servers: median activate() ${wall.toFixed(1)} ms (bound ${ACTIVATE_MEDIAN_MAX_MS} ms; target ${ACTIVATE_TARGET_MS} ms), `
    + `${cpu.toFixed(1)} ms of CPU (${cpu <= ACTIVATE_TARGET_MS ? 'within' : 'OVER'} the target); loading dist/extension.js (${runs[0].bundleKb.toFixed(1)} KB) median ${load.toFixed(1)} ms; each wall/CPU ms: ${each}`;
  return { ok: wall <= ACTIVATE_MEDIAN_MAX_MS, text: wall <= ACTIVATE_MEDIAN_MAX_MS ? text : `FAILED: ${text}` };
}
