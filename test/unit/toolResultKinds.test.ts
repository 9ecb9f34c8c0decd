/**
 * Replies that are not what the request returns are protocol errors carrying an excerpt of the
 * reply, never an empty success: 2025-11-25 tool results, and the 2026-07-28 task shapes.
 */
import * as assert from 'node:assert/strict';
import { isShapeError } from '../../src/core/tasks/protocolErrors';
import { checkAck, parseCallOutcome, parseDetailedTask } from '../../src/core/tasks/dialect2026/taskShapes2026';
import { parseToolResult, UnexpectedReplyError } from '../../src/core/tasks/toolResultShape';

const handle = { resultType: 'task', taskId: 't1', status: 'working', createdAt: '2026-07-28T00:00:00Z', lastUpdatedAt: '2026-07-28T00:00:00Z', ttlMs: 60000, pollIntervalMs: 500 };

function refused(parse: () => unknown, message: RegExp): UnexpectedReplyError {
  let caught: unknown;
  try {
    parse();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof UnexpectedReplyError, `expected an UnexpectedReplyError, got ${String(caught)}`);
  assert.match(caught.message, message);
  assert.ok(isShapeError(caught), 'classified as a protocol (shape) error');
  return caught;
}

describe('tool results that are something else', () => {
  it('a 2026-07-28 task handle is refused, with or without a content list', () => {
    const error = refused(() => parseToolResult(handle), /task handle \(resultType "task"/);
    assert.ok(error.raw.startsWith('{"resultType":"task","taskId":"t1"'), error.raw);
    refused(() => parseToolResult({ content: [], ...handle }), /task handle/);
  });

  it('another resultType is refused; "complete" and none are tool results', () => {
    refused(() => parseToolResult({ resultType: 'input_required', inputRequests: {} }), /of type "input_required"/);
    assert.deepEqual(parseToolResult({ resultType: 'complete', content: [{ type: 'text', text: 'ok' }] }).content, [{ type: 'text', text: 'ok' }]);
    assert.deepEqual(parseToolResult({ content: [] }).content, []);
  });

  it('a reply with neither content nor structuredContent is refused', () => {
    refused(() => parseToolResult({}), /no content/);
    refused(() => parseToolResult({ isError: false, _meta: {} }), /no content/);
  });

  it('the excerpt of a large reply is cut short', () => {
    const error = refused(() => parseToolResult({ ...handle, statusMessage: 'x'.repeat(5_000) }), /task handle/);
    assert.equal(error.raw.length, 501);
    assert.ok(error.raw.endsWith('…'));
  });
});

describe('2026-07-28 task shapes', () => {
  it('tools/call: a handle is a task, an inline result (with or without resultType) is a result', () => {
    const outcome = parseCallOutcome(handle);
    assert.ok(outcome.kind === 'task' && outcome.task.status === 'working' && outcome.task.ttlMs === 60000 && outcome.task.pollIntervalMs === 500);
    for (const raw of [{ resultType: 'complete', content: [] }, { content: [] }]) assert.equal(parseCallOutcome(raw).kind, 'result');
    refused(() => parseCallOutcome({ resultType: 'input_required', inputRequests: {} }), /asked for input/);
    const asked = parseCallOutcome({ resultType: 'input_required', inputRequests: { ok: { method: 'elicitation/create', params: { message: 'Go?' } } }, requestState: 'round-1' });
    assert.equal(asked.kind, 'input');
    if (asked.kind === 'input') {
      assert.deepEqual(Object.keys(asked.inputRequests), ['ok']);
      assert.equal(asked.requestState, 'round-1');
    }
    refused(() => parseCallOutcome({ resultType: 'something-new' }), /of type "something-new"/);
  });

  it('a handle can already be terminal, with its result or error inline', () => {
    const failed = parseCallOutcome({ ...handle, status: 'failed', error: { code: -32603, message: 'quota' } });
    assert.ok(failed.kind === 'task' && failed.task.status === 'failed' && failed.task.error.code === -32603);
  });

  it('tasks/get: each status with what it carries; anything else is refused', () => {
    const base = { taskId: 't1', ttlMs: null };
    assert.equal(parseDetailedTask({ ...base, resultType: 'complete', status: 'working' }, 'tasks/get').ttlMs, null);
    const asking = parseDetailedTask({ ...base, status: 'input_required', inputRequests: { k: { method: 'elicitation/create', params: {} } } }, 'tasks/get');
    assert.ok(asking.status === 'input_required' && asking.inputRequests.k!.method === 'elicitation/create');
    const done = parseDetailedTask({ ...base, status: 'completed', result: { content: [{ type: 'text', text: 'x' }], isError: true } }, 'tasks/get');
    assert.ok(done.status === 'completed' && done.result.isError === true);
    refused(() => parseDetailedTask({ ...base, status: 'paused' }, 'tasks/get'), /not a task/);
    refused(() => parseDetailedTask({ ...base, status: 'completed' }, 'tasks/get'), /not a task .* at result/);
    refused(() => parseDetailedTask({ ...base, status: 'failed', error: 'boom' }, 'tasks/get'), /not a task/);
    refused(() => parseDetailedTask({ ...base, status: 'input_required' }, 'tasks/get'), /not a task/);
    refused(() => parseDetailedTask({ ...base, status: 'completed', result: { resultType: 'task' } }, 'tasks/get'), /completed task's result is not a tool result/);
    refused(() => parseDetailedTask({ ...handle }, 'tasks/get'), /resultType "task", not "complete"/);
    refused(() => parseDetailedTask({ status: 'working' }, 'tasks/get'), /not a task/);
  });

  it('acknowledgements are complete results', () => {
    checkAck({}, 'tasks/cancel');
    checkAck({ resultType: 'complete' }, 'tasks/update');
    refused(() => checkAck({ resultType: 'task' }, 'tasks/cancel'), /acknowledgement says resultType "task"/);
  });
});
