import * as assert from 'node:assert/strict';
import { ElicitationCompletions } from '../../src/core/servers/elicitationCompletions';

/** Whether a promise has settled by the time queued callbacks ran. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => { done = true; });
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('URL-question completions (notifications/elicitation/complete)', () => {
  it('wakes the question waiting on that id only', async () => {
    const completions = new ElicitationCompletions();
    const a = completions.whenComplete('a');
    const b = completions.whenComplete('b');
    completions.complete('a');
    assert.equal(await settled(a), true);
    assert.equal(await settled(b), false);
  });

  it('a completion that arrives before anyone waits is remembered', async () => {
    const completions = new ElicitationCompletions();
    completions.complete('early');
    assert.equal(await settled(completions.whenComplete('early')), true);
  });

  it('remembers a bounded number of early completions, oldest forgotten first', async () => {
    const completions = new ElicitationCompletions(2);
    completions.complete('1');
    completions.complete('2');
    completions.complete('3');
    assert.equal(await settled(completions.whenComplete('1')), false);
    assert.equal(await settled(completions.whenComplete('3')), true);
  });
});
