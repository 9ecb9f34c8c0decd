import * as assert from 'node:assert/strict';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { ErrorCodes, RequestRefusal } from '../../src/core/model/errorCodes';
import { errorCode, errorMessage } from '../../src/core/tasks/protocolErrors';
import { isStartRefused, StartRefusedError } from '../../src/core/servers/startRefused';

describe('error codes and errors told by their shape', () => {
  it('the codes are the ones the SDK sends and reads', () => {
    for (const [name, code] of Object.entries(ErrorCodes)) assert.equal(code, ErrorCode[name as keyof typeof ErrorCode], name);
  });

  it('an SDK error and a refusal of ours read alike: code, and the server\'s words once', () => {
    const fromSdk = new McpError(ErrorCodes.InvalidParams, 'MCP error -32602: no such task');
    assert.equal(errorCode(fromSdk), -32602);
    assert.equal(errorMessage(fromSdk), 'no such task');
    const ours = new RequestRefusal(-1, 'The user declined the sampling request');
    assert.equal(errorCode(ours), -1);
    assert.equal(errorMessage(ours), 'The user declined the sampling request');
  });

  it('a refused start is known by name, whichever bundle made it', () => {
    const elsewhere = Object.assign(new Error('not trusted'), { name: 'StartRefusedError' });
    assert.equal(isStartRefused(elsewhere), true);
    assert.equal(isStartRefused(new StartRefusedError('not trusted')), true);
    assert.equal(isStartRefused(new Error('other')), false);
  });
});
