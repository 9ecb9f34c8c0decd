import * as assert from 'node:assert/strict';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { createContext } from '../../src/cli/context';
import { Redactor, redactingLogger } from '../../src/core/config/redactor';
import { isTraceOn, prefixedLogger, silentLogger, type Logger } from '../../src/core/ports';
import { ObservedTransport } from '../../src/core/servers/observedTransport';
import { RecordingLogger } from '../support/recordingLogger';

/** A recording logger whose trace level can be switched, as a log channel's can. */
class SwitchableLogger extends RecordingLogger {
  traceOn = false;
  isTraceEnabled(): boolean { return this.traceOn; }
}

/** Counts how often a value is serialised (JSON.stringify calls toJSON). */
function countingPayload(): { payload: object; count: () => number } {
  let n = 0;
  return { payload: { toJSON: () => { n++; return { ok: true }; } }, count: () => n };
}

describe('Loggers: trace lines cost nothing when trace is off', () => {
  it('a logger that does not say is taken to keep trace lines; silentLogger drops them', () => {
    const plain: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
    assert.equal(isTraceOn(plain), true);
    assert.equal(isTraceOn(silentLogger), false);
  });

  it('redactingLogger follows the inner logger and skips redaction of dropped trace lines', () => {
    const inner = new SwitchableLogger();
    const redactor = new Redactor();
    redactor.add('s3cr3t-value');
    let redactions = 0;
    const redact = redactor.redact.bind(redactor);
    redactor.redact = (text: string) => { redactions++; return redact(text); };
    const logger = redactingLogger(inner, redactor);

    assert.equal(logger.isTraceEnabled?.(), false);
    logger.trace('token s3cr3t-value');
    assert.equal(redactions, 0);
    assert.deepEqual(inner.lines, []);

    inner.traceOn = true;
    assert.equal(logger.isTraceEnabled?.(), true);
    logger.trace('token s3cr3t-value');
    assert.equal(redactions, 1);
    assert.equal(inner.matching(/token/, 'trace').length, 1);
    assert.doesNotMatch(inner.text(), /s3cr3t-value/);
  });

  it('prefixedLogger follows the inner logger and prefixes what it passes on', () => {
    const inner = new SwitchableLogger();
    const logger = prefixedLogger(inner, '[server] ');
    logger.trace('dropped');
    logger.info('kept');
    assert.equal(logger.isTraceEnabled?.(), false);
    inner.traceOn = true;
    logger.trace('kept too');
    assert.equal(logger.isTraceEnabled?.(), true);
    assert.deepEqual(inner.lines, [{ level: 'info', message: '[server] kept' }, { level: 'trace', message: '[server] kept too' }]);
  });

  it('the CLI logger traces only when debugging is on', () => {
    assert.equal(createContext({}).logger.isTraceEnabled?.(), false);
    assert.equal(createContext({ MCP_TASKS_DEBUG: '1' }).logger.isTraceEnabled?.(), true);
  });

  it('ObservedTransport serialises messages for the log only while trace is on, asking per message', async () => {
    const [ours, theirs] = InMemoryTransport.createLinkedPair();
    const logger = new SwitchableLogger();
    const observed = new ObservedTransport(ours, logger);
    const received: JSONRPCMessage[] = [];
    theirs.onmessage = (message) => { received.push(message); };
    await theirs.start();
    await observed.start();
    try {
      const off = countingPayload();
      await observed.send({ jsonrpc: '2.0', id: 1, method: 'tasks/get', params: { taskId: 't', _meta: off.payload } } as JSONRPCMessage);
      assert.equal(off.count(), 0, 'nothing was stringified for a dropped trace line');
      assert.equal(logger.lines.length, 0);

      logger.traceOn = true;
      const on = countingPayload();
      await observed.send({ jsonrpc: '2.0', id: 2, method: 'tasks/get', params: { taskId: 't', _meta: on.payload } } as JSONRPCMessage);
      assert.equal(on.count(), 1);
      assert.equal(logger.matching(/^→ .*"id":2/, 'trace').length, 1);
      assert.equal(received.length, 2, 'both messages reached the other side');
    } finally {
      await observed.close();
    }
  });
});
