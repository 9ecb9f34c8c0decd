/**
 * One client of the CPU rounds in a process of its own (started with fork by cpuRounds.ts). It
 * warms up, says it is ready, then runs each scenario its parent sends and answers with the result.
 * A process per client keeps one client's leftovers out of the other's measurement: V8 compiles
 * and collects on helper threads after the work that caused it, and process CPU counts them.
 */
import type { TaskEngineSettings } from '../../src/core/tasks/engineSettings';
import { runEngineScenario } from './engineLoadRun';
import { runFloorScenario } from './floorLoadRun';
import type { Scenario, ScenarioResult } from './loadScenario';

export type RoundClient = 'engine' | 'floor';

export type ToChild =
  | { kind: 'warm-up'; client: RoundClient; scenario: Scenario; settings: Partial<TaskEngineSettings> }
  | { kind: 'run'; scenario: Scenario }
  | { kind: 'exit' };

export type FromChild =
  | { kind: 'ready' }
  | { kind: 'result'; result: ScenarioResult }
  | { kind: 'error'; message: string };

let run: ((scenario: Scenario) => Promise<ScenarioResult>) | undefined;

function reply(message: FromChild): void {
  process.send?.(message);
}

async function onMessage(message: ToChild): Promise<void> {
  if (message.kind === 'exit') process.exit(0);
  if (message.kind === 'warm-up') {
    const { client, settings } = message;
    run = client === 'engine' ? async (s) => (await runEngineScenario(s, settings)).result : runFloorScenario;
    await run(message.scenario);
    reply({ kind: 'ready' });
    return;
  }
  if (!run) throw new Error('run before warm-up');
  reply({ kind: 'result', result: await run(message.scenario) });
}

if (require.main === module) {
  process.on('message', (message: ToChild) => {
    onMessage(message).catch((err: unknown) => reply({ kind: 'error', message: err instanceof Error ? err.message : String(err) }));
  });
  // The parent going away ends this process too.
  process.on('disconnect', () => process.exit(0));
}
