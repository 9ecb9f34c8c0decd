import * as assert from 'node:assert/strict';
import { CallToolResultSchema, RELATED_TASK_META_KEY } from '@modelcontextprotocol/sdk/types.js';
import { parseToolResult } from '../../src/core/tasks/toolResultShape';
import { parseWireTask, safeParseWireTask, WireTaskSchema } from '../../src/core/tasks/wireTask';

/** The shortcut must agree with the schema on every value: same result, or the same rejection. */
function agrees(parse: (raw: unknown) => unknown, schema: { safeParse(raw: unknown): { success: boolean; data?: unknown } }, raw: unknown): void {
  const expected = schema.safeParse(raw);
  if (expected.success) {
    assert.deepEqual(parse(raw), expected.data, JSON.stringify(raw));
  } else {
    assert.throws(() => parse(raw), (err: unknown) => Array.isArray((err as { issues?: unknown }).issues), JSON.stringify(raw));
  }
}

describe('parsing shortcuts agree with the schemas', () => {
  const task = { taskId: 't1', status: 'working', createdAt: '2025-11-25T00:00:00Z', lastUpdatedAt: '2025-11-25T00:00:01Z', ttl: 60000, pollInterval: 1000 };

  it('tasks', () => {
    const samples: unknown[] = [
      task, { ...task, ttl: null }, { ...task, statusMessage: 'half way', extra: { any: 1 } }, { taskId: 'x', status: 'made-up' },
      { ...task, ttl: '60000' }, { ...task, pollInterval: null }, { ...task, taskId: 7 }, { status: 'working' }, null, [], 'task',
      { ...task, statusMessage: 3 }, { ...task, createdAt: 0 },
    ];
    for (const raw of samples) {
      agrees(parseWireTask, WireTaskSchema, raw);
      const safe = safeParseWireTask(raw);
      assert.equal(safe !== undefined, WireTaskSchema.safeParse(raw).success);
    }
  });

  it('tool results', () => {
    const related = { [RELATED_TASK_META_KEY]: { taskId: 't1' } };
    const samples: unknown[] = [
      { content: [{ type: 'text', text: 'done' }] },
      { content: [{ type: 'text', text: 'done' }], _meta: related },
      { content: [{ type: 'text', text: 'boom' }], isError: true },
      { content: [], structuredContent: { count: 3 } },
      { content: [{ type: 'text', text: 'a', _meta: { k: 1 } }], _meta: { progressToken: 5, other: true } },
      // The schema's own business: defaults, stripping, other content types, bad shapes.
      // (A reply with neither content nor structuredContent is refused before the schema: toolResultKinds.test.ts.)
      { structuredContent: { a: 1 } },
      { content: [{ type: 'text', text: 'a', stray: 1 }] },
      { content: [{ type: 'text', text: 'a', annotations: { priority: 0.5 } }] },
      { content: [{ type: 'image', data: 'AAAA', mimeType: 'image/png' }] },
      { content: [{ type: 'text' }] }, { content: [{ type: 'text', text: 1 }] }, { content: 'text' },
      { content: [], isError: 'yes' }, { content: [], structuredContent: [1] },
      { content: [], _meta: { [RELATED_TASK_META_KEY]: { taskId: 't1', extra: 1 } } },
      { content: [], _meta: { [RELATED_TASK_META_KEY]: { taskId: 2 } } },
      { content: [], _meta: { progressToken: 1.5 } }, null,
    ];
    for (const raw of samples) agrees(parseToolResult, CallToolResultSchema, raw);
  });
});
