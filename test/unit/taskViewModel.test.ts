import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TaskRecord } from '../../src/core/model/taskRecord';
import { contextValueOf } from '../../src/vscode/tasks/model/contextValue';
import { arrangeTasks, diffArrangements } from '../../src/vscode/tasks/model/taskGrouping';
import { compileFilter, describeFilter, isFilterActive } from '../../src/vscode/tasks/model/taskFilter';
import { sampleRecord } from '../support/ledgerRecords';

const T0 = 1_700_000_000_000;

function rec(id: string, overrides: Partial<TaskRecord> = {}): TaskRecord {
  return sampleRecord(id, { createdAt: T0, updatedAt: T0, ...overrides });
}

describe('task view: grouping and sorting', () => {
  it('groups by server (by label), then Needs input / Running / Finished, newest first', () => {
    const records = [
      rec('a', { serverId: 'z', serverLabel: 'zeta', key: 'z/a', createdAt: T0 + 1 }),
      rec('b', { createdAt: T0 + 5 }),
      rec('c', { createdAt: T0 + 9 }),
      rec('d', { status: 'completed', createdAt: T0 + 20 }),
      rec('e', { status: 'input_required', createdAt: T0 + 2 }),
      rec('f', { status: 'connection_lost', createdAt: T0 + 1 }),
      rec('g', { kind: 'call', createdAt: T0 + 3 }),
      rec('h', { status: 'expired', createdAt: T0 + 1 }),
    ];
    const arranged = arrangeTasks(records, (r) => r.key === 'srv/task-g');
    assert.deepEqual(arranged.map((s) => s.label), ['Sample server', 'zeta']);
    const [sample] = arranged;
    assert.deepEqual(sample.states.map((g) => g.state), ['needsInput', 'running', 'finished']);
    assert.deepEqual(sample.states[0].keys, ['srv/task-g', 'srv/task-e']);
    assert.deepEqual(sample.states[1].keys, ['srv/task-c', 'srv/task-b', 'srv/task-f']);
    assert.deepEqual(sample.states[2].keys, ['srv/task-d', 'srv/task-h']);
    assert.deepEqual(arranged[1].states.map((g) => g.state), ['running']);
  });

  it('reports only the groups whose task list changed, or everything when servers change', () => {
    const before = arrangeTasks([rec('a'), rec('b', { createdAt: T0 + 1 }), rec('c', { status: 'completed' })], () => false);
    const progressOnly = arrangeTasks([rec('a', { progress: { progress: 1, total: 2 } }), rec('b', { createdAt: T0 + 1 }), rec('c', { status: 'completed' })], () => false);
    assert.deepEqual(diffArrangements(before, progressOnly), { kind: 'partial', servers: [], stateGroups: [] });

    const oneFinished = arrangeTasks([rec('a', { status: 'completed' }), rec('b', { createdAt: T0 + 1 }), rec('c', { status: 'completed' })], () => false);
    assert.deepEqual(diffArrangements(before, oneFinished), {
      kind: 'partial', servers: [], stateGroups: [{ serverId: 'srv', state: 'running' }, { serverId: 'srv', state: 'finished' }],
    });

    const newGroup = arrangeTasks([rec('a', { status: 'input_required' }), rec('b', { createdAt: T0 + 1 }), rec('c', { status: 'completed' })], () => false);
    assert.deepEqual(diffArrangements(before, newGroup), { kind: 'partial', servers: ['srv'], stateGroups: [] });

    const newServer = arrangeTasks([rec('a'), rec('x', { serverId: 'other', serverLabel: 'other', key: 'other/x' })], () => false);
    assert.deepEqual(diffArrangements(before, newServer), { kind: 'all' });
  });

  it('arranges a 1,000-task ledger quickly', () => {
    const records = Array.from({ length: 1000 }, (_, i) => rec(String(i), {
      serverId: `s${i % 4}`, serverLabel: `server ${i % 4}`, key: `s${i % 4}/task-${i}`, createdAt: T0 + i,
      status: i % 3 === 0 ? 'working' : i % 3 === 1 ? 'completed' : 'failed',
    }));
    const started = performance.now();
    for (let i = 0; i < 20; i++) arrangeTasks(records, () => false);
    const perRun = (performance.now() - started) / 20;
    console.log(`      arranging 1,000 tasks: ${perRun.toFixed(2)} ms`);
    assert.ok(perRun < 50, `arranging took ${perRun} ms`);
  });
});

describe('task view: filter', () => {
  const records = [
    rec('a', { tool: 'slow_report', args: { topic: 'weather' } }),
    rec('b', { tool: 'flaky_build', status: 'failed', error: { kind: 'tool-error', message: 'Build failed' } }),
    rec('c', { tool: 'ask_user', serverId: 'other', serverLabel: 'Other', key: 'other/task-c' }),
  ];

  it('matches by state, server and text (tool, arguments, messages), all combined', () => {
    const keys = (f: Parameters<typeof compileFilter>[0], asks = (_r: TaskRecord) => false) => {
      const match = compileFilter(f);
      return records.filter((r) => match(r, asks(r))).map((r) => r.taskId);
    };
    assert.deepEqual(keys({}), ['task-a', 'task-b', 'task-c']);
    assert.deepEqual(keys({ states: ['finished'] }), ['task-b']);
    assert.deepEqual(keys({ states: ['needsInput'] }, (r) => r.tool === 'ask_user'), ['task-c']);
    assert.deepEqual(keys({ serverIds: ['other'] }), ['task-c']);
    assert.deepEqual(keys({ text: 'WEATHER' }), ['task-a']);
    assert.deepEqual(keys({ text: 'build failed' }), ['task-b']);
    assert.deepEqual(keys({ states: ['running'], text: 'ask_u' }), ['task-c']);
    assert.deepEqual(keys({ states: ['running'], serverIds: ['srv'], text: 'ask_u' }), []);
  });

  it('describes an active filter and knows an empty one', () => {
    assert.equal(isFilterActive({}), false);
    assert.equal(isFilterActive({ states: [], text: '  ' }), false);
    assert.equal(isFilterActive({ text: 'x' }), true);
    const label = (id: string) => (id === 'srv' ? 'demo' : id);
    assert.equal(describeFilter({ states: ['finished', 'running'], serverIds: ['srv'], text: 'report' }, label), 'Running, Finished · demo · “report”');
  });
});

describe('task view: item context values', () => {
  it('offers cancel while running, answer while asked, result/remove when finished, cancel but no re-run for hosted tasks', () => {
    assert.equal(contextValueOf(rec('a'), false), 'task running cancellable rerunnable');
    assert.equal(contextValueOf(rec('a', { status: 'input_required' }), true), 'task needsInput cancellable answerable rerunnable');
    assert.equal(contextValueOf(rec('a', { status: 'completed' }), false), 'task finished hasOutcome removable rerunnable');
    assert.equal(contextValueOf(rec('a', { kind: 'hosted', tool: 'elicitation/create' }), false), 'task running cancellable', 'a hosted task can be cancelled (its prompt is aborted)');
    // A server that does not declare tasks.cancel: its tasks offer no Cancel (a plain call still can be stopped).
    assert.equal(contextValueOf(rec('a'), false, { tasks: {} }), 'task running rerunnable');
    assert.equal(contextValueOf(rec('a', { kind: 'call' }), false, { tasks: {} }), 'task running cancellable rerunnable');
    assert.equal(contextValueOf(rec('a'), false, { tasks: { cancel: {} } }), 'task running cancellable rerunnable');
  });

  it('the view models never import vscode (so they stay unit-testable)', () => {
    const dir = path.resolve(__dirname, '../../../src/vscode/tasks/model');
    const extra = path.resolve(__dirname, '../../../src/vscode/prompts/pendingQuestions.ts');
    const files = [...fs.readdirSync(dir).map((f) => path.join(dir, f)), extra];
    const offenders = files.filter((f) => /from\s+['"]vscode['"]/.test(fs.readFileSync(f, 'utf8')));
    assert.deepEqual(offenders, []);
  });
});
