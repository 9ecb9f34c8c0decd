import * as assert from 'node:assert/strict';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { mayRetryAsTask, resolveCallMode } from '../../src/core/tasks/callMode';
import { isNeedsTaskResult } from '../../src/core/tasks/protocolErrors';

const withTasks = { tasks: { requests: { tools: { call: {} } } } };
const tool = (taskSupport?: 'required' | 'optional' | 'forbidden'): Tool => ({
  name: 't', inputSchema: { type: 'object' }, ...(taskSupport ? { execution: { taskSupport } } : {}),
});

describe('task or plain call', () => {
  it('never sends a task to a server without tasks.requests.tools.call', () => {
    for (const caps of [undefined, {}, { tasks: { list: {}, cancel: {} } }]) {
      assert.equal(resolveCallMode({ capabilities: caps, tool: tool('required'), optionalDefault: 'task' }).mode, 'plain');
    }
  });

  it('always uses a task for required tools, whatever was asked', () => {
    for (const requested of ['auto', 'task', 'plain'] as const) {
      assert.equal(resolveCallMode({ capabilities: withTasks, tool: tool('required'), requested, optionalDefault: 'plain' }).mode, 'task');
    }
  });

  it('never uses a task for forbidden, unmarked or unknown tools', () => {
    for (const t of [tool('forbidden'), tool(), undefined]) {
      assert.equal(resolveCallMode({ capabilities: withTasks, tool: t, requested: 'task', optionalDefault: 'task' }).mode, 'plain');
    }
  });

  it('follows the request, then the setting, for optional tools', () => {
    const optional = tool('optional');
    assert.equal(resolveCallMode({ capabilities: withTasks, tool: optional, optionalDefault: 'task' }).mode, 'task');
    assert.equal(resolveCallMode({ capabilities: withTasks, tool: optional, optionalDefault: 'plain' }).mode, 'plain');
    assert.equal(resolveCallMode({ capabilities: withTasks, tool: optional, requested: 'plain', optionalDefault: 'task' }).mode, 'plain');
    assert.equal(resolveCallMode({ capabilities: withTasks, tool: optional, requested: 'task', optionalDefault: 'plain' }).mode, 'task');
  });
});

describe('retrying a refused plain call as a task', () => {
  it('only when the server takes tasks and the tool does not forbid one', () => {
    assert.equal(mayRetryAsTask(withTasks, tool('optional')), true);
    assert.equal(mayRetryAsTask(withTasks, tool('required')), true);
    assert.equal(mayRetryAsTask(withTasks, undefined), true, 'a tool missing from a stale list');
    assert.equal(mayRetryAsTask(withTasks, tool('forbidden')), false);
    assert.equal(mayRetryAsTask(withTasks, tool()), false, 'unmarked means forbidden');
    assert.equal(mayRetryAsTask({}, tool('optional')), false);
  });

  it('reads the refusal code as a whole number only', () => {
    const result = (text: string) => ({ content: [{ type: 'text' as const, text }], isError: true });
    assert.equal(isNeedsTaskResult(result('MCP error -32601: Method not found')), true);
    assert.equal(isNeedsTaskResult(result('-32601')), true);
    assert.equal(isNeedsTaskResult(result('code -326010 from upstream')), false);
    assert.equal(isNeedsTaskResult(result('order 1-32601')), false);
    assert.equal(isNeedsTaskResult({ ...result('-32601'), isError: false }), false);
  });
});
