/** `--answer accept-defaults` content, and the CLI's answers to elicitation and sampling without a terminal. */
import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { ElicitRequest } from '@modelcontextprotocol/sdk/types.js';
import { defaultContent, enumOptions } from '../../src/core/hosted/elicitationDefaults';
import { CliHostRequests } from '../../src/cli/hostRequests';
import { Terminal } from '../../src/cli/terminal';

describe('accept-defaults content', () => {
  it('fills every default, and for required fields without one: first option, false, minimum or 0, ""', () => {
    const content = defaultContent({
      type: 'object',
      properties: {
        withDefault: { type: 'string', default: 'kept' },
        optionalNoDefault: { type: 'string' },
        flag: { type: 'boolean' },
        count: { type: 'integer', minimum: 2.5 },
        amount: { type: 'number' },
        name: { type: 'string' },
        plainEnum: { type: 'string', enum: ['red', 'green'] },
        titledEnum: { type: 'string', oneOf: [{ const: 'h', title: 'Historical' }, { const: 't', title: 'Technical' }] },
        multi: { type: 'array', items: { type: 'string', enum: ['x', 'y', 'z'] }, minItems: 2 },
        multiOptional: { type: 'array', items: { anyOf: [{ const: 'p' }] } },
        optionalDefaultBool: { type: 'boolean', default: true },
      },
      required: ['flag', 'count', 'amount', 'name', 'plainEnum', 'titledEnum', 'multi', 'withDefault'],
    });
    assert.deepEqual(content, {
      withDefault: 'kept',
      flag: false,
      count: 3,
      amount: 0,
      name: '',
      plainEnum: 'red',
      titledEnum: 'h',
      multi: ['x', 'y'],
      optionalDefaultBool: true,
    });
  });

  it('uses the minimum of a required number', () => {
    assert.deepEqual(defaultContent({ type: 'object', properties: { n: { type: 'number', minimum: -4 } }, required: ['n'] }), { n: -4 });
  });

  it('tolerates a schema without properties', () => {
    assert.deepEqual(defaultContent({ type: 'object' }), {});
    assert.deepEqual(defaultContent(undefined), {});
  });

  it('lists options of every enum form, with legacy enumNames as labels', () => {
    assert.deepEqual(enumOptions({ type: 'string', enum: ['a', 'b'], enumNames: ['Alpha', 'Beta'] }), [{ value: 'a', label: 'Alpha' }, { value: 'b', label: 'Beta' }]);
    assert.deepEqual(enumOptions({ type: 'array', items: { anyOf: [{ const: 'p', title: 'P' }] } }), [{ value: 'p', label: 'P' }]);
    assert.deepEqual(enumOptions({ type: 'string' }), []);
  });
});

describe('CliHostRequests without a terminal', () => {
  const context = { serverId: 's', serverLabel: 'srv', relatedTaskId: 'task-1', signal: new AbortController().signal };
  const form: ElicitRequest['params'] = {
    message: 'Which one?',
    requestedSchema: { type: 'object', properties: { pick: { type: 'string', enum: ['first', 'second'] } }, required: ['pick'] },
  };

  function terminal(): { terminal: Terminal; output: () => string } {
    const stderr = new PassThrough() as unknown as NodeJS.WriteStream;
    let output = '';
    (stderr as unknown as PassThrough).on('data', (c: Buffer) => { output += c.toString(); });
    const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
    return { terminal: new Terminal({ stdin, stderr }), output: () => output };
  }

  it('accepts with defaults when asked to', async () => {
    const t = terminal();
    const host = new CliHostRequests({ terminal: t.terminal, answer: { kind: 'accept-defaults' } });
    assert.deepEqual(await host.elicit(form, context), { action: 'accept', content: { pick: 'first' } });
    assert.match(t.output(), /elicitation from srv \(task task-1\): Which one\?\n {2}answered: accept \{"pick":"first"\}/);
  });

  it('fault: bad input: accept-defaults declines a required text field that has no default, and names it', async () => {
    const t = terminal();
    const host = new CliHostRequests({ terminal: t.terminal, answer: { kind: 'accept-defaults' } });
    const params: ElicitRequest['params'] = {
      message: 'Who?',
      requestedSchema: {
        type: 'object',
        properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' }, nick: { type: 'string', default: '' }, pick: { type: 'string', enum: ['a'] } },
        required: ['name', 'email', 'nick', 'pick'],
      },
    };
    assert.deepEqual(await host.elicit(params, context), { action: 'decline' });
    assert.match(t.output(), /^ {2}declined: --answer accept-defaults has no value for required fields "name", "email" \(no default\); pass --answer @answers\.json to fill them$/m);
    // A default of "" is the server's own answer, and an optional field may stay empty.
    const fine: ElicitRequest['params'] = {
      message: 'Who?',
      requestedSchema: { type: 'object', properties: { nick: { type: 'string', default: '' }, note: { type: 'string' } }, required: ['nick'] },
    };
    assert.deepEqual(await host.elicit(fine, context), { action: 'accept', content: { nick: '' } });
  });

  it('accepts with the content of an answers file, or declines / cancels as told', async () => {
    const t = terminal();
    assert.deepEqual(await new CliHostRequests({ terminal: t.terminal, answer: { kind: 'content', content: { pick: 'second' } } }).elicit(form, context),
      { action: 'accept', content: { pick: 'second' } });
    assert.deepEqual(await new CliHostRequests({ terminal: t.terminal, answer: { kind: 'cancel' } }).elicit(form, context), { action: 'cancel' });
  });

  it('declines without a flag and says how to answer', async () => {
    const t = terminal();
    assert.deepEqual(await new CliHostRequests({ terminal: t.terminal }).elicit(form, context), { action: 'decline' });
    assert.match(t.output(), /declined: no terminal to ask on; pass --answer accept-defaults\|decline\|cancel\|@answers\.json/);
  });

  it('replies to sampling with the given text, and refuses without it', async () => {
    const params = { messages: [{ role: 'user' as const, content: { type: 'text' as const, text: 'Write a haiku' } }], maxTokens: 10 };
    const t = terminal();
    assert.deepEqual(await new CliHostRequests({ terminal: t.terminal, samplingReply: 'hello' }).createMessage(params, context),
      { role: 'assistant', content: { type: 'text', text: 'hello' }, model: 'mcp-tasks-cli', stopReason: 'endTurn' });
    await assert.rejects(new CliHostRequests({ terminal: t.terminal }).createMessage(params, context), /pass --sampling-reply TEXT\|@file/);
    assert.match(t.output(), /sampling request from srv \(task task-1\): Write a haiku/);
  });
});
