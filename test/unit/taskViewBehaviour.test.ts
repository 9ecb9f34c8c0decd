import * as assert from 'node:assert/strict';
import type { TaskRecord } from '../../src/core/model/taskRecord';
import { Emitter } from '../../src/core/events';
import { PendingQuestions } from '../../src/vscode/prompts/pendingQuestions';
import { alertEventFor, alertMessage, resumedSummary } from '../../src/vscode/tasks/model/alertPolicy';
import { RefreshThrottle } from '../../src/vscode/tasks/model/refreshThrottle';
import { renderResultMarkdown } from '../../src/vscode/tasks/model/resultMarkdown';
import { TaskFeed, type TaskSource } from '../../src/vscode/tasks/model/taskFeed';
import { sampleRecord } from '../support/ledgerRecords';
import { assertInert, readText, renderMarkdown } from './renderedMarkdown';
import { ManualClock } from '../support/manualClock';

const rec = (id: string, o: Partial<TaskRecord> = {}): TaskRecord => sampleRecord(id, o);

describe('task view: refresh throttle', () => {
  it('coalesces a burst into one flush and never flushes more than once per interval', async () => {
    const clock = new ManualClock();
    const flushes: { at: number; items: string[] }[] = [];
    const throttle = new RefreshThrottle<string>(clock, 100, (items) => flushes.push({ at: clock.now(), items: [...items].sort() }));
    const start = clock.now();
    throttle.add('a');
    throttle.add('b');
    throttle.add('a');
    await clock.advance(16);
    assert.deepEqual(flushes, [{ at: start + 16, items: ['a', 'b'] }]);
    // A steady stream of changes (every 5 ms for 1 s) yields at most ~10 flushes.
    for (let i = 0; i < 200; i++) {
      throttle.add(`k${i % 7}`);
      await clock.advance(5);
    }
    await clock.advance(200);
    const gaps = flushes.slice(1).map((f, i) => f.at - flushes[i].at);
    assert.ok(gaps.every((g) => g >= 100), `gaps ${gaps.join(',')}`);
    assert.ok(flushes.length <= 12, `${flushes.length} flushes`);
    assert.equal(throttle.hasPending, false);
    throttle.dispose();
    throttle.add('late');
    await clock.advance(1000);
    assert.ok(!flushes.some((f) => f.items.includes('late')));
    assert.equal(clock.pendingTimers, 0);
  });

  it('flushNow delivers pending changes at once', async () => {
    const clock = new ManualClock();
    const seen: string[][] = [];
    const throttle = new RefreshThrottle<string>(clock, 100, (items) => seen.push([...items]));
    throttle.add('x');
    throttle.flushNow();
    assert.deepEqual(seen, [['x']]);
    await clock.advance(500);
    assert.equal(seen.length, 1);
  });

  it('the feed batches engine and question changes for 1,000 tasks into one refresh', async () => {
    const clock = new ManualClock();
    const changes = new Emitter<TaskRecord>();
    const removals = new Emitter<TaskRecord>();
    const records = new Map<string, TaskRecord>();
    const source: TaskSource = {
      onDidChangeTask: changes.event, onDidRemoveTask: removals.event, list: () => [...records.values()], get: (k) => records.get(k),
      keyFor: (s, t) => (records.has(`${s}/${t}`) ? `${s}/${t}` : undefined),
    };
    const questions = new PendingQuestions(() => clock.now());
    const feed = new TaskFeed(source, questions, clock, 100);
    const batches: number[] = [];
    feed.onDidChange((keys) => batches.push(keys.size));
    for (let i = 0; i < 1000; i++) {
      const r = rec(String(i));
      records.set(r.key, r);
      changes.fire(r);
    }
    const abort = new AbortController();
    questions.ask({ serverId: 'srv', serverLabel: 'S', relatedTaskId: 'task-5', params: { message: 'q', requestedSchema: { type: 'object', properties: {} } }, signal: abort.signal });
    await clock.advance(100);
    assert.deepEqual(batches, [1000]);
    assert.equal(feed.hasQuestion(records.get('srv/task-5')!), true);
    const removed = records.get('srv/task-7')!;
    records.delete(removed.key);
    removals.fire(removed);
    await clock.advance(100);
    assert.equal(feed.records().length, 999);
    assert.equal(feed.get('srv/task-7'), undefined);
    feed.dispose();
    questions.dispose();
  });
});

describe('task view: pending questions', () => {
  it('keeps a question until answered, and drops it with a cancel when the server withdraws it', async () => {
    const questions = new PendingQuestions();
    const changes: number[] = [];
    questions.onDidChange((q) => changes.push(q.id));
    const first = new AbortController();
    const a = questions.ask({ serverId: 's', serverLabel: 'S', relatedTaskId: 't1', params: { message: 'one?', requestedSchema: { type: 'object', properties: {} } }, signal: first.signal });
    const second = new AbortController();
    const b = questions.ask({ serverId: 's', serverLabel: 'S', params: { message: 'two?', requestedSchema: { type: 'object', properties: {} } }, signal: second.signal });
    assert.equal(questions.size, 2);
    assert.equal(questions.forTask('s', 't1')?.id, a.question.id);
    assert.equal(questions.answer(a.question.id, { action: 'accept', content: { x: 1 } }), true);
    assert.deepEqual(await a.answer, { action: 'accept', content: { x: 1 } });
    assert.equal(questions.answer(a.question.id, { action: 'decline' }), false, 'answered once only');
    second.abort();
    assert.deepEqual(await b.answer, { action: 'cancel' });
    assert.equal(questions.size, 0);
    assert.deepEqual(changes, [a.question.id, b.question.id, a.question.id, b.question.id]);
  });
});

describe('task view: alerts', () => {
  it('alerts on the first arrival at an outcome, not on repeats or the user\'s own cancel', () => {
    assert.equal(alertEventFor('working', rec('a', { status: 'completed' }), false), 'completed');
    assert.equal(alertEventFor('input_required', rec('a', { status: 'failed' }), false), 'failed');
    assert.equal(alertEventFor('working', rec('a', { status: 'cancelled' }), false), 'cancelled');
    assert.equal(alertEventFor('working', rec('a', { status: 'cancelled' }), true), undefined);
    assert.equal(alertEventFor('working', rec('a', { status: 'cancelled', error: { kind: 'timeout', message: 'deadline' } }), true), 'failed');
    assert.equal(alertEventFor('working', rec('a', { status: 'expired' }), false), 'expired');
    assert.equal(alertEventFor('working', rec('a', { status: 'connection_lost' }), false), 'connectionLost');
    assert.equal(alertEventFor('connection_lost', rec('a', { status: 'connection_lost' }), false), undefined);
    // The window tells of a lost task host once, not once per task.
    assert.equal(alertEventFor('working', rec('a', { status: 'connection_lost', error: { kind: 'host-lost', message: 'the task host ended unexpectedly' } }), false), undefined);
    assert.equal(alertEventFor('completed', rec('a', { status: 'completed' }), false), undefined);
    assert.equal(alertEventFor('working', rec('a', { status: 'working' }), false), undefined);
    assert.equal(alertEventFor(undefined, rec('a', { status: 'completed' }), false), 'completed');
  });

  it('names server and tool, and the server\'s message on failure', () => {
    const failed = rec('a', { tool: 'flaky_build', serverLabel: 'demo', status: 'failed', error: { kind: 'tool-error', message: "Build failed: 3 tests failed in module 'parser'" } });
    assert.equal(alertMessage('failed', failed), "demo · flaky_build failed: Build failed: 3 tests failed in module 'parser'");
    assert.equal(alertMessage('completed', rec('b', { tool: 'slow_report', serverLabel: 'demo' })), 'demo · slow_report completed.');
  });

  it('fault: hostile text: a tool\'s error text with a command link and an icon is plain text in the failure alert', () => {
    const error = 'Build failed: [Open settings](command:workbench.action.openSettings?%22x%22) $(alert)';
    const message = alertMessage('failed', rec('a', { tool: '[run](command:x)', serverLabel: '$(zap) demo', status: 'failed', error: { kind: 'tool-error', message: error } }));
    assert.equal(message.replace(/\u2060/g, ''), `$(zap) demo · [run](command:x) failed: ${error}`, 'it reads as the server and the configuration wrote it');
    // What a notification makes a link of, and what renders as an icon.
    assert.doesNotMatch(message, /\[[^\]]+\]\((?:https?:\/\/|command:|file:)/);
    assert.doesNotMatch(message, /\$\([a-z0-9-]+\)/);
  });

  it('summarises tasks finished while the window was closed in one line', () => {
    const text = resumedSummary([rec('a', { status: 'completed' }), rec('b', { status: 'failed' }), rec('c', { status: 'completed' })]);
    assert.equal(text, '3 tasks finished while VS Code was closed: 2 completed, 1 failed.');
  });
});

describe('task view: result document', () => {
  it('renders text, structured content, images and resource links, with errors marked at the top', () => {
    const record = rec('a', { tool: 'report', serverLabel: 'demo', status: 'completed', finishedAt: sampleRecord('a').createdAt + 6000 });
    const md = renderResultMarkdown(record, {
      content: [
        { type: 'text', text: '# Report\nAll good' },
        { type: 'image', mimeType: 'image/png', data: 'iVBORw0KGgo=' },
        { type: 'resource_link', uri: 'file:///tmp/out.txt', name: 'out.txt', description: 'the output' },
        { type: 'something_new', value: 1 },
      ],
      structuredContent: { topic: 'x', steps: 3 },
    });
    assert.match(md, /^# report — demo/);
    assert.match(md, /# Report\nAll good/);
    assert.match(md, /!\[image \(image\/png\)\]\(data:image\/png;base64,iVBORw0KGgo=\)/);
    assert.match(md, /🔗 out\.txt `file:\/\/\/tmp\/out\.txt` — the output/);
    assert.match(md, /"type": "something_new"/);
    assert.match(md, /## Structured content\n\n```json\n\{\n {2}"topic": "x"/);
    assert.doesNotMatch(md, /⚠/);
    const failed = renderResultMarkdown(rec('b', { status: 'failed', error: { kind: 'tool-error', message: 'Build failed' } }),
      { isError: true, content: [{ type: 'text', text: 'Build failed' }] });
    assert.match(failed.split('\n')[2], /⚠ The tool reported an error\*\*: Build failed/);
  });

  it('fault: hostile text: a result with remote images, links and HTML loads nothing in the preview; names, ids and addresses are escaped', () => {
    const record = rec('a', {
      tool: 'report](https://e.test/t.png', serverLabel: '<img src="https://e.test/s.png">', taskId: 'x`<img src=https://e.test/i.png>`',
      status: 'failed', error: { kind: 'tool-error', message: 'see ![pixel](https://e.test/e.png)' },
    });
    const md = renderResultMarkdown(record, {
      isError: true,
      content: [
        { type: 'text', text: 'Done.\n\n![pixel](https://e.test/p.png)\n<img src="https://e.test/q.png">\n[Open settings](command:workbench.action.openSettings?%22x%22)' },
        { type: 'image', mimeType: 'image/png)![x](https://e.test/m.png', data: 'AA==' },
        { type: 'image', mimeType: 'image/png', data: 'AA==)![x](https://e.test/d.png' },
        { type: 'resource_link', uri: 'https://e.test/r.png', name: '![n](https://e.test/n.png)', description: '<img src="https://e.test/c.png">' },
        { type: 'resource', resource: { uri: 'https://e.test/res.png)![x](https://e.test/u.png', mimeType: 'image/png', blob: 'AA==' } },
        { type: 'audio', mimeType: '<img src="https://e.test/a.png">', data: 'AA==' },
      ],
    });
    assertInert(md, 'the result document');
    const text = readText(renderMarkdown(md));
    assert.match(text, /!\[pixel\]\(https:\/\/e\.test\/p\.png\)/, 'a remote image reads as the text the server wrote');
    assert.match(text, /report\]\(https:\/\/e\.test\/t\.png — <img src="https:\/\/e\.test\/s\.png">/, 'the heading reads as written');
    assert.match(text, /task x`<img src=https:\/\/e\.test\/i\.png>`/, 'the task id reads as written');
    assert.match(text, /🔗 !\[n\]\(https:\/\/e\.test\/n\.png\) https:\/\/e\.test\/r\.png/, 'a resource link shows its address as text');
    assert.match(md, /`https:\/\/e\.test\/r\.png`/, 'addresses are code, not links');
    assert.equal((md.match(/!\[image/g) ?? []).length, 0, 'images whose type or data could end the data URI are not shown');
  });

  it('keeps code fences intact when the content holds backticks', () => {
    const md = renderResultMarkdown(rec('a', { status: 'completed' }), { content: [], structuredContent: { code: '```js\nx\n```' } });
    assert.match(md, /````json/);
  });
});
