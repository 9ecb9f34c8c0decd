import * as assert from 'node:assert/strict';
import { MASK, Redactor, redactingLogger } from '../../src/core/config/redactor';
import { RecordingLogger } from '../support/recordingLogger';

describe('Redactor', () => {
  it('masks every registered secret wherever it appears', () => {
    const redactor = new Redactor();
    redactor.add('s3cr3t-token');
    redactor.add('s3cr3t'); // contained in the first: the longer one is masked whole
    assert.equal(redactor.redact('a=s3cr3t-token b=s3cr3t c=s3cr3t-token'), `a=${MASK} b=${MASK} c=${MASK}`);
  });

  it('does not mask very short values (they would garble every line)', () => {
    const redactor = new Redactor();
    redactor.add('ab');
    assert.equal(redactor.redact('abc'), 'abc');
  });

  it('masks values of credential headers and bearer tokens', () => {
    const redactor = new Redactor();
    redactor.addHeaders({ Authorization: 'Bearer abc.def.ghi', 'X-Request-Id': 'visible-id', 'X-Api-Key': 'key-123456' });
    assert.equal(redactor.redact('token abc.def.ghi, id visible-id, key key-123456'), `token ${MASK}, id visible-id, key ${MASK}`);
  });

  it('masks Authorization-like fields even for values it was never told about', () => {
    const redactor = new Redactor();
    assert.equal(redactor.redact('{"authorization":"Bearer zzzzzzzzzzzz","x":1}'), `{"authorization":"Bearer ${MASK}","x":1}`);
    assert.equal(redactor.redact('Authorization: Basic dXNlcjpwYXNz'), `Authorization: Basic ${MASK}`);
    assert.equal(redactor.redact('sent Bearer abcdefghijklmnop to the server'), `sent Bearer ${MASK} to the server`);
  });

  it('a redacting logger never passes a secret through, at any level', () => {
    const redactor = new Redactor();
    redactor.add('hunter2-password');
    const sink = new RecordingLogger();
    const logger = redactingLogger(sink, redactor);
    logger.trace('→ {"env":{"PASS":"hunter2-password"}}');
    logger.error('failed with hunter2-password');
    assert.ok(sink.lines.every((l) => !l.message.includes('hunter2')), sink.text());
    assert.equal(sink.lines.length, 2);
  });
});
