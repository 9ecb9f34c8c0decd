import * as assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { BatchedStdin } from '../../src/core/servers/batchedStdin';

/** A pipe end that keeps each write it receives; `slow` holds writes back until released. */
class RecordingPipe extends Writable {
  readonly writes: string[] = [];
  private held: (() => void)[] = [];
  constructor(private readonly slow = false, highWaterMark = 16 * 1024) {
    super({ highWaterMark, decodeStrings: false });
  }
  override _write(chunk: string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.writes.push(chunk);
    if (this.slow) this.held.push(() => done());
    else done();
  }
  release(): void {
    for (const done of this.held.splice(0)) done();
  }
}

const request = (id: number): JSONRPCMessage => ({ jsonrpc: '2.0', id, method: 'tasks/get', params: { taskId: `t${id}` } });

describe('batched stdin writes', () => {
  it('joins the messages sent in one turn into one write, one JSON line each', async () => {
    const pipe = new RecordingPipe();
    const stdin = new BatchedStdin(pipe);
    await Promise.all(Array.from({ length: 100 }, (_, i) => stdin.send(request(i))));
    assert.equal(pipe.writes.length, 1);
    const lines = pipe.writes[0]!.split('\n');
    assert.equal(lines.pop(), '');
    assert.deepEqual(lines.map((l) => (JSON.parse(l) as { id: number }).id), Array.from({ length: 100 }, (_, i) => i));
    await stdin.send(request(100));
    assert.equal(pipe.writes.length, 2, 'a later turn writes again');
  });

  it('over the high-water mark, resolves once the pipe drained (one listener, not one per message)', async () => {
    const pipe = new RecordingPipe(true, 64);
    const stdin = new BatchedStdin(pipe);
    let settled = 0;
    const sends = Array.from({ length: 50 }, (_, i) => stdin.send(request(i)).then(() => { settled++; }));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(settled, 0, 'waiting for drain');
    assert.equal(pipe.listenerCount('drain'), 1);
    pipe.release();
    await Promise.all(sends);
    assert.equal(settled, 50);
  });

  it('refuses to send once the pipe is gone', async () => {
    const pipe = new RecordingPipe();
    pipe.destroy();
    await assert.rejects(new BatchedStdin(pipe).send(request(1)), /Not connected/);
  });
});
