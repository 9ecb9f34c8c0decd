import * as assert from 'node:assert/strict';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { resolveCallMode } from '../../src/core/tasks/callMode';

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
