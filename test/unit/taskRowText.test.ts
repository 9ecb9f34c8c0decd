import * as assert from 'node:assert/strict';
import type { TaskRecord } from '../../src/core/model/taskRecord';
import { describeTask, descriptionTicks, taskTooltip } from '../../src/vscode/tasks/model/taskText';
import { sampleRecord } from '../support/ledgerRecords';
import { assertInert, readText, renderMarkdown } from './renderedMarkdown';

const T0 = 1_700_000_000_000;
const rec = (o: Partial<TaskRecord> = {}): TaskRecord => sampleRecord('r', { createdAt: T0, updatedAt: T0, ...o });

describe('task rows while running: the message leads', () => {
  it('shows the status message with the share done instead of the elapsed time', () => {
    const record = rec({ statusMessage: 'Compiling 42 files', progress: { progress: 1, total: 8 } });
    assert.equal(describeTask(record, T0 + 4_000, false), 'Compiling 42 files · 13 %');
    assert.equal(descriptionTicks(record, false), false, 'nothing in it ticks, so the row is not refreshed each second');
  });

  it('shows the message alone when it already says how far the task is', () => {
    const step = 'Step 1/8: Gathering sources';
    assert.equal(describeTask(rec({ statusMessage: step, progress: { progress: 1, total: 8, message: step } }), T0 + 4_000, false), step);
    assert.equal(describeTask(rec({ progress: { progress: 3, total: 30, message: 'Waited 3 of 30 s' } }), T0, false), 'Waited 3 of 30 s');
    assert.equal(describeTask(rec({ progress: { progress: 0.4, total: 1, message: 'Uploading: 40% done' } }), T0, false), 'Uploading: 40% done');
    assert.equal(describeTask(rec({ progress: { progress: 2, total: 8, message: 'Step 1/8' } }), T0, false), 'Step 1/8 · 25 %', 'a stale count is not taken for the progress');
  });

  it('keeps a long message short enough for a sidebar, on one line', () => {
    const text = describeTask(rec({ statusMessage: `Reading\n${'very '.repeat(30)}long input`, progress: { progress: 50, total: 200 } }), T0, false);
    assert.match(text, /^Reading very very .*… · 25 %$/);
    assert.ok(text.length <= 48 + ' · 25 %'.length, text);
  });

  it('says it needs input or lost its connection before the message', () => {
    assert.equal(describeTask(rec({ status: 'input_required', statusMessage: 'Which colour?' }), T0, false), 'needs input · Which colour?');
    assert.equal(describeTask(rec({ statusMessage: 'Polling' }), T0, true), 'needs input · Polling');
    assert.equal(describeTask(rec({ status: 'connection_lost', statusMessage: 'Step 2' }), T0, false), 'connection lost · Step 2');
  });

  it('a task that waits for an answer or its connection says only that: nothing ticks, its tooltip stays put', () => {
    assert.equal(describeTask(rec({ status: 'input_required' }), T0 + 8_000, false), 'needs input');
    assert.equal(describeTask(rec(), T0 + 8_000, true), 'needs input');
    assert.equal(describeTask(rec({ status: 'connection_lost' }), T0 + 8_000, false), 'connection lost');
    assert.equal(descriptionTicks(rec({ status: 'input_required' }), false), false);
    assert.equal(descriptionTicks(rec(), true), false);
  });

  it('shows the elapsed time (which ticks) while the server has said nothing', () => {
    assert.equal(describeTask(rec(), T0 + 8_000, false), '8 s');
    assert.equal(describeTask(rec({ progress: { progress: 13, total: 100 } }), T0 + 8_000, false), '8 s · 13 %');
    assert.equal(descriptionTicks(rec(), false), true);
    assert.equal(descriptionTicks(rec({ status: 'completed' }), false), false);
  });
});

describe('task rows while running: the tooltip', () => {
  it('tells tool, server, status, message, progress, elapsed, start, id and origin', () => {
    const tip = taskTooltip(rec({ origin: 'chat', statusMessage: 'Step 1/8: Gathering sources', progress: { progress: 1, total: 8 } }), T0 + 65_000, false);
    const text = readText(renderMarkdown(tip, { linkify: false }));
    assert.match(text, /^longRunningOperation on Sample server — Running/);
    assert.match(text, /Last message: Step 1\/8: Gathering sources/);
    assert.match(text, /Progress: 1\/8 \(13 %\)/);
    assert.match(text, /Running for: 1 m 05 s/);
    assert.match(text, /Task id: task-r/);
    assert.match(text, /Started by: an agent in chat/);
    assert.match(text, /Started: 2023-11-14 22:13:20 UTC/);
  });

  it('names the protocol revision the task was created in, when the record says', () => {
    assert.match(taskTooltip(rec({ dialect: '2026-07-28' }), T0, false), /^Protocol: MCP 2026-07-28 \(tasks extension\) {2}$/m);
    assert.match(taskTooltip(rec({ dialect: '2025-11-25' }), T0, false), /^Protocol: MCP 2025-11-25 {2}$/m);
    assert.doesNotMatch(taskTooltip(rec(), T0, false), /Protocol/);
  });

  it('says a task waits for an answer', () => {
    const text = readText(renderMarkdown(taskTooltip(rec({ status: 'input_required' }), T0, true), { linkify: false }));
    assert.match(text, /— Needs input \(needs your input\)/);
    assert.match(text, /Running for: 0 s/);
  });

  it("fault: hostile text: a server's text in a running row's tooltip stays text (no link, no image, no icon)", () => {
    const hostile = '[go](command:workbench.action.openSettings) <img src=https://e.test/p.png> $(alert) `x`';
    const tip = taskTooltip(rec({ tool: hostile, serverLabel: hostile, statusMessage: hostile, progress: { progress: 1, total: 3, message: hostile } }), T0, false);
    assertInert(tip, 'the running tooltip');
    const text = readText(renderMarkdown(tip, { linkify: false }));
    assert.ok(text.includes(`Last message: ${hostile}`), text);
    assert.ok(describeTask(rec({ statusMessage: hostile }), T0, false).startsWith('[go](command:'), 'the row shows it as written (descriptions are plain text)');
  });
});
