import * as assert from 'node:assert/strict';
import { SnapshotOrder } from '../../src/core/tasks/dialect2026/snapshotOrder';
import type { ModernTask } from '../../src/core/tasks/dialect2026/taskShapes2026';

const at = (ms: number) => new Date(Date.UTC(2026, 11, 6, 12, 0, 0, ms)).toISOString();
const asking = (ms: number): ModernTask => ({
  taskId: 't1', status: 'input_required', lastUpdatedAt: at(ms),
  inputRequests: { name: { method: 'elicitation/create', params: { message: 'What is your name?' } } },
});
const working = (ms: number): ModernTask => ({ taskId: 't1', status: 'working', lastUpdatedAt: at(ms) });
const done = (ms: number): ModernTask => ({ taskId: 't1', status: 'completed', lastUpdatedAt: at(ms), result: { content: [] } });

describe('2026-07-28 snapshots overtaken by newer ones', () => {
  it('refuses a reply older than a notification already seen, and takes newer and equal ones', () => {
    const order = new SnapshotOrder();
    assert.equal(order.admit(asking(10)), true);
    assert.equal(order.admit(working(20)), true, 'the answer moved the task on');
    assert.equal(order.admit(asking(10)), false, 'the late reply still asking is old news');
    assert.equal(order.admit(working(20)), true, 'the same moment again');
    assert.equal(order.admit(asking(30)), true, 'a new question later is news');
  });

  it('an ended task does not run again, even with the same timestamp or none', () => {
    const order = new SnapshotOrder();
    assert.equal(order.admit(asking(10)), true);
    assert.equal(order.admit(done(10)), true);
    assert.equal(order.admit(asking(10)), false);
    assert.equal(order.admit({ taskId: 't1', status: 'working' }), false);
    assert.equal(order.admit(done(10)), true, 'the final snapshot again is fine');
  });

  it('takes snapshots without a usable time, and starts over for a task it forgot', () => {
    const order = new SnapshotOrder();
    assert.equal(order.admit(working(20)), true);
    assert.equal(order.admit({ ...asking(0), lastUpdatedAt: 'not a time' }), true);
    assert.equal(order.admit(asking(10)), false, 'the last usable time is kept');
    order.forget('t1');
    assert.equal(order.admit(asking(10)), true);
  });
});
