import * as assert from 'node:assert/strict';
import { cpuRoundsSection, type CpuRound } from '../../bench/support/cpuRounds';
import { emptyResult, type Scenario } from '../../bench/support/loadScenario';

const scenario: Scenario = { tasks: 10, notify: true, durationsMs: [], deadlineMs: 1000, pollIntervalMs: 1000 };

function round(engineCpuMs: number, floorCpuMs: number, completed = 10): CpuRound {
  const engine = { ...emptyResult('engine', scenario), cpuMs: engineCpuMs, completed };
  const floor = { ...emptyResult('floor', scenario), cpuMs: floorCpuMs, completed: 10 };
  return { engine, floor, engineFirst: true };
}

function verdictLine(rounds: CpuRound[]): string {
  return cpuRoundsSection(rounds).find((l) => l.startsWith('- target'))!;
}

describe('benchmark: CPU rounds against the SDK minimum', () => {
  it('judges the median of the per-round ratios, so one noisy round decides nothing', () => {
    const line = verdictLine([round(140, 100), round(300, 100), round(145, 100)]);
    assert.match(line, /1\.45×, met/);
  });

  it('is not met when the median ratio is over 1.5×', () => {
    assert.match(verdictLine([round(160, 100), round(120, 100), round(170, 100)]), /1\.60×, \*\*not met\*\*/);
  });

  it('is not met when a round left tasks unfinished, however cheap it was', () => {
    assert.match(verdictLine([round(100, 100), round(100, 100, 9), round(100, 100)]), /\*\*not met\*\*/);
  });

  it('takes the mean of the two middle ratios of an even number of rounds, not the lower one', () => {
    assert.match(verdictLine([round(140, 100), round(170, 100)]), /1\.55×, \*\*not met\*\*/);
  });

  it('lists what went wrong in a round under that round', () => {
    const bad = round(100, 100, 9);
    bad.engine.failures.push('failed: the server closed');
    assert.ok(cpuRoundsSection([round(100, 100), bad]).includes('- round 2, engine: failed: the server closed'));
  });

  it('prints nothing without rounds', () => {
    assert.deepEqual(cpuRoundsSection([]), []);
  });
});
