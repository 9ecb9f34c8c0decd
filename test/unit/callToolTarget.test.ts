import * as assert from 'node:assert/strict';
import { callToolTarget } from '../../src/vscode/tasks/model/callToolTarget';

describe('what Call Tool… was invoked on', () => {
  const serverOfTask = (key: string) => (key === 'abc/demo/76c7' ? 'abc/demo' : undefined);

  it('a selected task row: that task\'s server, never the row\'s id', () => {
    assert.deepEqual(callToolTarget({ kind: 'task', id: 'task:abc/demo/76c7', key: 'abc/demo/76c7' }, undefined, serverOfTask), { serverId: 'abc/demo' });
    assert.deepEqual(callToolTarget({ kind: 'task', id: 'task:gone', key: 'gone' }, undefined, serverOfTask), {});
  });

  it('a tool row in the Servers view: that server and that tool', () => {
    assert.deepEqual(callToolTarget({ kind: 'tool', serverId: 'abc/demo', tool: { name: 'slow_report' } }, undefined, serverOfTask), { serverId: 'abc/demo', tool: 'slow_report' });
  });

  it('server and group rows of either view: that server', () => {
    assert.deepEqual(callToolTarget({ kind: 'server', server: { id: 'abc/demo' } }, undefined, serverOfTask), { serverId: 'abc/demo' });
    assert.deepEqual(callToolTarget({ kind: 'server', id: 'server:abc/demo', serverId: 'abc/demo' }, undefined, serverOfTask), { serverId: 'abc/demo' });
    assert.deepEqual(callToolTarget({ kind: 'state', id: 'state:x', serverId: 'abc/demo', state: 'running' }, undefined, serverOfTask), { serverId: 'abc/demo' });
  });

  it('ids from a command link, or nothing from the palette', () => {
    assert.deepEqual(callToolTarget('abc/demo', 'slow_report', serverOfTask), { serverId: 'abc/demo', tool: 'slow_report' });
    assert.deepEqual(callToolTarget(undefined, undefined, serverOfTask), {});
    assert.deepEqual(callToolTarget({ kind: 'problem' }, undefined, serverOfTask), {});
  });
});
