/** Command-line parsing: flags, shell-like splitting of --stdio, headers, --args and --answer. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAnswerFlag, parseSamplingReply, parseToolArgs } from '../../src/cli/answerFlags';
import { parseArgs, TARGET_FLAGS } from '../../src/cli/args';
import { inputEnvName } from '../../src/cli/configLoader';
import { collapse, oneLine, UsageError } from '../../src/cli/errors';
import { splitCommandLine } from '../../src/cli/shellWords';
import { parseHeaders } from '../../src/cli/target';
import { summarizeSchema } from '../../src/cli/commands/tools';

describe('CLI argument parsing', () => {
  const specs = [...TARGET_FLAGS, { name: 'args', kind: 'string' as const }, { name: 'detach', kind: 'boolean' as const }];

  it('reads --flag value, --flag=value, repeatable flags, booleans and positionals', () => {
    const parsed = parseArgs(['--url', 'http://h/mcp', 'tool', '--header=A: 1', '--header', 'B:2', '--detach', '--args={"a":1}'], specs, 'call');
    assert.deepEqual(parsed.positionals, ['tool']);
    assert.equal(parsed.strings.get('url'), 'http://h/mcp');
    assert.equal(parsed.strings.get('args'), '{"a":1}');
    assert.deepEqual(parsed.lists.get('header'), ['A: 1', 'B:2']);
    assert.ok(parsed.booleans.has('detach'));
  });

  it('treats everything after -- as positionals and -h as --help', () => {
    const parsed = parseArgs(['-h', '--', '--not-a-flag'], specs, 'call');
    assert.ok(parsed.booleans.has('help'));
    assert.deepEqual(parsed.positionals, ['--not-a-flag']);
  });

  it('refuses unknown flags, missing values, values for booleans and repeated single flags', () => {
    assert.throws(() => parseArgs(['--colour'], specs, 'call'), (e: Error) => e instanceof UsageError && /unknown option --colour for "call"/.test(e.message));
    assert.throws(() => parseArgs(['-x'], specs, 'call'), /unknown option -x/);
    assert.throws(() => parseArgs(['--url'], specs, 'call'), /--url needs a value/);
    assert.throws(() => parseArgs(['--detach=yes'], specs, 'call'), /--detach takes no value/);
    assert.throws(() => parseArgs(['--url', 'a', '--url', 'b'], specs, 'call'), /more than once/);
  });

  it('keeps negative numbers as positionals', () => {
    assert.deepEqual(parseArgs(['-5'], specs, 'call').positionals, ['-5']);
  });
});

describe('splitCommandLine', () => {
  it('splits like a shell for quotes and escapes, without interpreting anything else', () => {
    assert.deepEqual(splitCommandLine('node server.js --flag'), ['node', 'server.js', '--flag']);
    assert.deepEqual(splitCommandLine(`"/path with space/node"  'a b'  c\\ d`), ['/path with space/node', 'a b', 'c d']);
    assert.deepEqual(splitCommandLine(`echo "say \\"hi\\" \\n" '$HOME' $HOME | x > y`), ['echo', 'say "hi" \\n', '$HOME', '$HOME', '|', 'x', '>', 'y']);
    assert.deepEqual(splitCommandLine(`a "" ''`), ['a', '', '']);
    assert.deepEqual(splitCommandLine('   '), []);
  });

  it('reports an unterminated quote', () => {
    assert.throws(() => splitCommandLine(`node "x`), /unterminated " quote/);
    assert.throws(() => splitCommandLine(`node 'x`), /unterminated ' quote/);
  });
});

describe('headers, inputs and flag files', () => {
  let dir: string;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-args-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('parses --header K:V and refuses malformed ones', () => {
    assert.deepEqual(parseHeaders(['Authorization: Bearer abc:def', 'X-A:1']), { Authorization: 'Bearer abc:def', 'X-A': '1' });
    assert.throws(() => parseHeaders(['no colon']), /--header must look like "Name: value"/);
    assert.throws(() => parseHeaders([': value']), /--header must look like/);
  });

  it('names the environment variable of an input', () => {
    assert.equal(inputEnvName('token'), 'MCP_TASKS_INPUT_TOKEN');
    assert.equal(inputEnvName('api-key.v2'), 'MCP_TASKS_INPUT_API_KEY_V2');
  });

  it('reads --args as a JSON object, inline or from @file', () => {
    assert.deepEqual(parseToolArgs(undefined), {});
    assert.deepEqual(parseToolArgs('{"topic":"x"}'), { topic: 'x' });
    const file = path.join(dir, 'args.json');
    fs.writeFileSync(file, '{"n": 2}');
    assert.deepEqual(parseToolArgs(`@${file}`), { n: 2 });
    assert.throws(() => parseToolArgs('{"topic":'), /--args is not valid JSON/);
    assert.throws(() => parseToolArgs('"text"'), /--args must be a JSON object/);
    assert.throws(() => parseToolArgs(`@${path.join(dir, 'missing.json')}`), /--args: cannot read .*missing\.json: no such file/);
  });

  it('reads --answer modes and answer files, and --sampling-reply from @file', () => {
    assert.deepEqual(parseAnswerFlag('accept-defaults'), { kind: 'accept-defaults' });
    assert.deepEqual(parseAnswerFlag('decline'), { kind: 'decline' });
    assert.deepEqual(parseAnswerFlag('cancel'), { kind: 'cancel' });
    const answers = path.join(dir, 'answers.json');
    fs.writeFileSync(answers, '{"interpretation":"historical"}');
    assert.deepEqual(parseAnswerFlag(`@${answers}`), { kind: 'content', content: { interpretation: 'historical' } });
    fs.writeFileSync(answers, '[1]');
    assert.throws(() => parseAnswerFlag(`@${answers}`), /must hold a JSON object/);
    assert.throws(() => parseAnswerFlag('yes'), /--answer must be accept-defaults, decline, cancel or @answers\.json/);
    const reply = path.join(dir, 'reply.txt');
    fs.writeFileSync(reply, 'from a file');
    assert.equal(parseSamplingReply(`@${reply}`), 'from a file');
    assert.equal(parseSamplingReply('hello'), 'hello');
  });
});

describe('CLI messages', () => {
  it('puts any error on one line, with the cause of a terse one', () => {
    const err = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
    assert.equal(oneLine(err), 'fetch failed: connect ECONNREFUSED 127.0.0.1:9');
    assert.equal(oneLine(new Error('The server process exited with code 3. Last output on stderr:\nfatal: no token')), 'The server process exited with code 3. Last output on stderr: fatal: no token');
    assert.equal(oneLine(Object.assign(new Error('Error POSTing to endpoint'), { code: 401 })), 'Error POSTing to endpoint (HTTP 401)');
    assert.equal(collapse('MCP error -32602: line one\nline two'), 'line one; line two');
  });

  it('summarizes an input schema', () => {
    assert.equal(summarizeSchema({ type: 'object', properties: { topic: { type: 'string' }, ambiguous: { type: 'boolean', default: false } }, required: ['topic'] }),
      'topic*: string, ambiguous: boolean = false');
    assert.equal(summarizeSchema({ type: 'object', properties: { kind: { type: 'string', enum: ['a', 'b'] }, tags: { type: 'array', items: { type: 'string' } } } }),
      'kind: "a"|"b", tags: string[]');
    assert.equal(summarizeSchema({ type: 'object' }), '(no arguments)');
  });
});
