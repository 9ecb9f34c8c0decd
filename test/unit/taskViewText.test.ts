import * as assert from 'node:assert/strict';
import type { TaskRecord } from '../../src/core/model/taskRecord';
import { lastFinished, summariseRunning } from '../../src/vscode/tasks/model/statusSummary';
import { describeTask, formatElapsed, formatProgress, statusIcon, taskTooltip } from '../../src/vscode/tasks/model/taskText';
import { sampleRecord } from '../support/ledgerRecords';
import { assertInert, readText, renderMarkdown } from './renderedMarkdown';

const T0 = 1_700_000_000_000;
const rec = (id: string, o: Partial<TaskRecord> = {}): TaskRecord => sampleRecord(id, { createdAt: T0, updatedAt: T0, ...o });

describe('task view: words and numbers', () => {
  it('formats elapsed time', () => {
    assert.equal(formatElapsed(0), '0 s');
    assert.equal(formatElapsed(42_900), '42 s');
    assert.equal(formatElapsed(185_000), '3 m 05 s');
    assert.equal(formatElapsed((2 * 3600 + 7 * 60) * 1000), '2 h 07 m');
    assert.equal(formatElapsed((3 * 24 + 4) * 3600 * 1000), '3 d 4 h');
    assert.equal(formatElapsed(-5), '0 s');
  });

  it('formats progress as 3/5 for small counts and 42 % otherwise', () => {
    assert.equal(formatProgress({ progress: 3, total: 5 }), '3/5');
    assert.equal(formatProgress({ progress: 42, total: 100 }), '42 %');
    assert.equal(formatProgress({ progress: 0.4219, total: 1 }), '42 %');
    assert.equal(formatProgress({ progress: 7 }), '7');
    assert.equal(formatProgress({ progress: 0.5 }), undefined);
    assert.equal(formatProgress(undefined), undefined);
    assert.equal(formatProgress({ progress: 9, total: 5 }), '5/5');
  });

  it('describes running tasks by the last message and the share done, or by elapsed time and progress before any message', () => {
    const now = T0 + 12_000;
    assert.equal(describeTask(rec('a', { progress: { progress: 3, total: 5, message: 'Reading' } }), now, false), 'Reading · 60 %');
    assert.equal(describeTask(rec('a', { progress: { progress: 3, total: 5, message: 'Step 3/5' } }), now, false), 'Step 3/5');
    assert.equal(describeTask(rec('a', { statusMessage: 'Compiling 42 files…' }), now, false), 'Compiling 42 files…');
    assert.equal(describeTask(rec('a', { status: 'input_required', statusMessage: 'Waiting' }), now, false), 'needs input · Waiting');
    assert.equal(describeTask(rec('a', { progress: { progress: 3, total: 5 } }), now, false), '12 s · 3/5');
    assert.equal(describeTask(rec('a', { kind: 'hosted' }), now, false), 'requested by the server · 12 s');
  });

  it('describes finished tasks by outcome, duration and error', () => {
    assert.equal(describeTask(rec('a', { status: 'completed', finishedAt: T0 + 6_040 }), T0 + 60_000, false), 'Completed · 6.0 s');
    assert.equal(describeTask(rec('a', { status: 'completed', finishedAt: T0 + 42_000 }), T0 + 60_000, false), 'Completed · 42 s');
    assert.equal(describeTask(rec('a', { status: 'failed', finishedAt: T0 + 1_580, error: { kind: 'tool-error', message: 'Build failed:\n3 tests' } }), T0, false),
      'Failed · 1.5 s · Build failed: 3 tests');
    assert.equal(describeTask(rec('a', { status: 'cancelled', finishedAt: T0 + 300, error: { kind: 'cancelled', message: 'cancelled on request' } }), T0, false),
      'Cancelled · 0.3 s');
  });

  it('picks a spinning icon while working and coloured icons for outcomes', () => {
    assert.deepEqual(statusIcon(rec('a'), false), { id: 'sync~spin', color: 'progressBar.background' });
    assert.equal(statusIcon(rec('a'), true).id, 'bell-dot');
    assert.deepEqual(statusIcon(rec('a', { status: 'completed' }), false), { id: 'pass', color: 'testing.iconPassed' });
    assert.deepEqual(statusIcon(rec('a', { status: 'failed' }), false), { id: 'error', color: 'testing.iconFailed' });
    assert.equal(statusIcon(rec('a', { status: 'cancelled' }), false).id, 'circle-slash');
  });

  it('puts id, server, times, ttl and expiry, message, error and truncated arguments in the tooltip', () => {
    const tip = taskTooltip(rec('a', {
      ttl: 60_000, statusMessage: 'Step 2', error: { kind: 'server-error', message: 'boom' }, args: { text: 'x'.repeat(2000) },
    }), T0 + 5_000, false);
    assert.match(tip, /Task id: `task-a`/);
    assert.match(tip, /Sample server/);
    assert.match(tip, /TTL: 1 m 00 s \(expires 2023-11-14 22:14:20 UTC\)/);
    assert.match(tip, /Last message: Step 2/);
    assert.match(tip, /Error: server-error — boom/);
    assert.match(tip, /```json/);
    assert.ok(tip.length < 1600, 'arguments are truncated');
  });
});

describe('task view: hostile tooltip text', () => {
  it('fault: hostile text: tool, server, id, status message and error show as written in the task tooltip; nothing links or loads', () => {
    const tip = taskTooltip(rec('a', {
      tool: '[run](command:x)', serverLabel: '<img src="https://e.test/s.png">', taskId: '`<img src=https://e.test/i.png>`',
      statusMessage: 'see https://e.test/x<img src=https://e.test/m.png> $(alert)',
      error: { kind: 'tool-error', message: '[Open settings](command:workbench.action.openSettings?%22x%22)' },
      args: { note: '```\n<img src="https://e.test/a.png">' },
    }), T0, false);
    assertInert(tip, 'the tooltip');
    const text = readText(renderMarkdown(tip, { linkify: false }));
    assert.match(text, /^\[run\]\(command:x\) on <img src="https:\/\/e\.test\/s\.png"> — Running/);
    assert.match(text, /Task id: `<img src=https:\/\/e\.test\/i\.png>`/);
    assert.match(text, /Last message: see https:\/\/e\.test\/x<img src=https:\/\/e\.test\/m\.png> \$\(alert\)/);
    assert.match(text, /Error: tool-error — \[Open settings\]\(command:workbench\.action\.openSettings\?%22x%22\)/);
  });
});

describe('task view: status bar text', () => {
  it('counts running tasks and averages the progress of those that report it', () => {
    const s = summariseRunning([
      rec('a', { progress: { progress: 1, total: 4 } }),
      rec('b', { progress: { progress: 3, total: 5 } }),
      rec('c'),
      rec('d', { status: 'completed', progress: { progress: 5, total: 5 } }),
    ], () => false);
    assert.equal(s.active, true);
    assert.equal(s.text, '$(sync~spin) 3 tasks · 43 %');
    assert.equal(s.needsInput, false);
    assert.equal(s.tooltipLines.length, 3);
  });

  it('warns while a task needs input and is inactive when nothing runs', () => {
    const s = summariseRunning([rec('a', { tool: 'ask_user' })], (r) => r.tool === 'ask_user');
    assert.equal(s.text, '$(bell-dot) 1 task · 1 needs input');
    assert.equal(s.needsInput, true);
    assert.deepEqual(s.tooltipLines, ['Sample server · ask_user — needs input']);
    assert.equal(summariseRunning([rec('a', { status: 'failed' })], () => false).active, false);
    assert.equal(summariseRunning([], () => false, 1).needsInput, true);
  });
});

describe('task view: the last finished task in the status bar', () => {
  it('offers the task that finished last, for a minute, once nothing runs', () => {
    const now = 1_000_000;
    const done = rec('a', { tool: 'slow_report', status: 'completed', updatedAt: now - 5_000 });
    const older = rec('b', { tool: 'quick_summary', status: 'failed', updatedAt: now - 20_000 });
    const hosted = rec('c', { kind: 'hosted', tool: 'elicitation/create', status: 'completed', updatedAt: now - 1_000 });
    assert.equal(lastFinished([older, done, hosted], now)?.key, done.key, 'the newest tool call; a server\'s own request is not a result to open');
    assert.equal(lastFinished([done], now + 56_000), undefined, 'a minute later it is gone');
    assert.equal(lastFinished([rec('d', { status: 'working', updatedAt: now })], now), undefined);
  });
});
