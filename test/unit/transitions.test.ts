import * as assert from 'node:assert/strict';
import type { TaskRecord } from '../../src/core/model/taskRecord';
import { isLegalMove, transition } from '../../src/core/model/transitions';
import { parseWireStatus } from '../../src/core/tasks/wireTask';

function record(overrides: Partial<TaskRecord> = {}): TaskRecord {
  return {
    key: 's/t1', serverId: 's', serverLabel: 'S', taskId: 't1', kind: 'task', tool: 'tool',
    status: 'working', createdAt: 1, updatedAt: 1, ...overrides,
  };
}

describe('task transitions', () => {
  it('moves between working and input_required and into every final state', () => {
    for (const to of ['input_required', 'completed', 'failed', 'cancelled', 'expired', 'connection_lost'] as const) {
      const outcome = transition(record(), { status: to }, 5);
      assert.equal(outcome.kind, 'changed', to);
      assert.equal(outcome.record.status, to);
      assert.equal(outcome.record.updatedAt, 5);
    }
    assert.equal(transition(record({ status: 'input_required' }), { status: 'working' }, 5).kind, 'changed');
  });

  it('sets finishedAt only when a record ends', () => {
    assert.equal(transition(record(), { status: 'completed' }, 9).record.finishedAt, 9);
    assert.equal(transition(record(), { statusMessage: 'x' }, 9).record.finishedAt, undefined);
  });

  it('never changes a terminal record', () => {
    for (const status of ['completed', 'failed', 'cancelled', 'expired'] as const) {
      const done = record({ status });
      const back = transition(done, { status: 'working' }, 5);
      assert.equal(back.kind, 'refused');
      assert.match(back.kind === 'refused' ? back.reason : '', /never changes to working/);
      assert.equal(back.record, done, 'the record is untouched');
      assert.equal(transition(done, { statusMessage: 'late news' }, 5).kind, 'refused');
      assert.equal(isLegalMove(status, 'completed'), false);
    }
  });

  it('reports a patch that changes nothing as unchanged (no event)', () => {
    const current = record({ statusMessage: 'a', progress: { progress: 1, total: 2 } });
    assert.equal(transition(current, { status: 'working', statusMessage: 'a' }, 5).kind, 'unchanged');
    assert.equal(transition(current, { progress: { progress: 1, total: 2 } }, 5).kind, 'unchanged');
    assert.equal(transition(current, { progress: { progress: 2, total: 2 } }, 5).kind, 'changed');
    // Finished tasks too: repeating the final state is not a refusal.
    assert.equal(transition(record({ status: 'cancelled' }), { status: 'cancelled' }, 5).kind, 'unchanged');
  });

  it('resumes from connection_lost and clears its error', () => {
    const lost = record({ status: 'connection_lost', error: { kind: 'connection-lost', message: 'gone' } });
    const back = transition(lost, { status: 'working' }, 5);
    assert.equal(back.kind, 'changed');
    assert.equal(back.record.error, undefined);
    assert.equal(transition(lost, { status: 'expired' }, 5).record.status, 'expired');
  });

  it('accepts only the protocol\'s five statuses from a server', () => {
    for (const s of ['working', 'input_required', 'completed', 'failed', 'cancelled']) assert.equal(parseWireStatus(s), s);
    for (const s of ['paused', 'expired', 'connection_lost', 'COMPLETED', '']) assert.equal(parseWireStatus(s), undefined);
  });
});
