import * as assert from 'node:assert/strict';
import { chooseModel, hintMatches, modelMatches, type ModelInfo } from '../../src/vscode/sampling/modelChoice';
import { samplingGrantee } from '../../src/vscode/sampling/samplingGrantee';
import { ALWAYS_KEY, SamplingPermissions, type KeyValueStore } from '../../src/vscode/sampling/samplingPermissions';
import { cutAtStopSequence, requestDocument, requestSummary, toChatTurns, type SamplingParams } from '../../src/vscode/sampling/samplingRequest';
import { plainText } from '../../src/vscode/inertText';
import { assertInert } from './renderedMarkdown';

// What server-everything's trigger-sampling-request sends.
const everythingRequest: SamplingParams = {
  messages: [{ role: 'user', content: { type: 'text', text: 'Resource trigger-sampling-request context: Say hello' } }],
  systemPrompt: 'You are a helpful test server.',
  maxTokens: 100,
  temperature: 0.7,
};

describe('sampling: request conversion', () => {
  it('puts the system prompt first as a user turn, then the messages in order', () => {
    const { turns, problems } = toChatTurns({
      ...everythingRequest,
      messages: [
        { role: 'user', content: { type: 'text', text: 'first' } },
        { role: 'assistant', content: { type: 'text', text: 'answer' } },
        { role: 'user', content: [{ type: 'text', text: 'look:' }, { type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' }] },
      ],
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(turns, [
      { role: 'user', parts: [{ kind: 'text', text: 'You are a helpful test server.' }] },
      { role: 'user', parts: [{ kind: 'text', text: 'first' }] },
      { role: 'assistant', parts: [{ kind: 'text', text: 'answer' }] },
      { role: 'user', parts: [{ kind: 'text', text: 'look:' }, { kind: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' }] },
    ]);
  });

  it('names what a VS Code language model cannot take: audio, tools, an empty request', () => {
    const audio = toChatTurns({ ...everythingRequest, messages: [{ role: 'user', content: { type: 'audio', data: 'AAAA', mimeType: 'audio/wav' } }] });
    assert.match(audio.problems.join(), /message 1 has audio/);
    const tools = toChatTurns({ ...everythingRequest, tools: [{ name: 't', inputSchema: { type: 'object' } }] });
    assert.match(tools.problems.join(), /tool use/);
    assert.match(toChatTurns({ ...everythingRequest, messages: [] }).problems.join(), /no messages/);
  });

  it('cuts the reply at the earliest stop sequence', () => {
    assert.deepEqual(cutAtStopSequence('Hello\nUser: more', ['User:']), { text: 'Hello\n', stopped: true });
    assert.deepEqual(cutAtStopSequence('a END b STOP c', ['STOP', 'END']), { text: 'a ', stopped: true });
    assert.deepEqual(cutAtStopSequence('nothing here', ['STOP']), { text: 'nothing here', stopped: false });
    assert.deepEqual(cutAtStopSequence('text', ['']), { text: 'text', stopped: false }, 'an empty stop sequence is ignored');
    assert.deepEqual(cutAtStopSequence('text', undefined), { text: 'text', stopped: false });
  });

  it('summarises the request in one clipped line and details it in full', () => {
    assert.equal(requestSummary(everythingRequest), 'Resource trigger-sampling-request context: Say hello');
    const long = requestSummary({ ...everythingRequest, messages: [{ role: 'user', content: { type: 'text', text: 'x '.repeat(200) } }, { role: 'assistant', content: { type: 'text', text: 'ok' } }] }, 40);
    assert.ok(long.startsWith('x x'));
    assert.match(long, /… \(2 messages\)$/);
    const doc = requestDocument({ ...everythingRequest, stopSequences: ['END'], modelPreferences: { hints: [{ name: 'claude' }] } }, 'everything', 'Echo (test/echo)');
    for (const part of ['# Sampling request from everything', 'Model: Echo (test/echo)', 'Maximum tokens: 100', 'Stop sequences: "END"', 'Model hints: claude', '## System prompt', 'You are a helpful test server.', '## 1. user', 'Say hello']) {
      assert.ok(doc.includes(part), `the details lack ${part}`);
    }
  });
});

describe('sampling: hostile request text', () => {
  it('fault: hostile text: a sampling prompt\'s links and images load nothing in the details preview and are inert in the consent text', () => {
    const prompt = '![pixel](https://e.test/p.png) [Open settings](command:workbench.action.openSettings?%22x%22) $(alert)';
    const params: SamplingParams = {
      messages: [{ role: 'user', content: { type: 'text', text: `${prompt}\n\`\`\`\n<img src="https://e.test/q.png">` } },
        { role: 'user', content: { type: 'image', mimeType: 'image/png](https://e.test/m.png', data: 'AA==' } }],
      systemPrompt: '<img src="https://e.test/s.png">',
      stopSequences: ['](command:x)'],
      modelPreferences: { hints: [{ name: '<img src="https://e.test/h.png">' }] },
      maxTokens: 10,
    };
    assertInert(requestDocument(params, '[srv](command:x)', 'Echo'), 'the request details');
    const consent = plainText(requestSummary({ ...params, messages: [params.messages[0]] }));
    assert.equal(consent.replace(/\u2060/g, ''), `${prompt} \`\`\` <img src="https://e.test/q.png">`);
    assert.doesNotMatch(consent, /\[[^\]]+\]\((?:https?:\/\/|command:|file:)/);
    assert.doesNotMatch(consent, /\$\([a-z0-9-]+\)/);
  });
});

describe('sampling: model choice', () => {
  const models: ModelInfo[] = [
    { id: 'gpt-4o', vendor: 'copilot', family: 'gpt-4o', name: 'GPT-4o' },
    { id: 'claude-sonnet-4', vendor: 'copilot', family: 'claude-sonnet', name: 'Claude Sonnet 4' },
    { id: 'echo-1', vendor: 'mcp-tasks-test', family: 'echo', name: 'Echo' },
  ];

  it('names a model by id, vendor/family, vendor/id or family', () => {
    assert.ok(modelMatches('gpt-4o', models[0]));
    assert.ok(modelMatches('copilot/claude-sonnet', models[1]));
    assert.ok(modelMatches('mcp-tasks-test/echo-1', models[2]));
    assert.ok(modelMatches('ECHO', models[2]));
    assert.ok(!modelMatches('claude', models[1]), 'a setting names a model exactly');
    assert.ok(hintMatches('claude', models[1]), 'a hint may name part of a model');
    assert.ok(!hintMatches('', models[1]));
  });

  it('prefers the person\'s choice, then the server\'s hints, then the first model', () => {
    assert.equal(chooseModel({ models, preference: 'mcp-tasks-test/echo', hints: ['claude'] }).model?.id, 'echo-1');
    assert.equal(chooseModel({ models, hints: ['gemini', 'sonnet'] }).model?.id, 'claude-sonnet-4');
    assert.equal(chooseModel({ models, preference: 'unknown', hints: ['nothing'] }).model?.id, 'gpt-4o');
  });

  it('keeps to the allowlist, even against the preference and hints', () => {
    const choice = chooseModel({ models, preference: 'gpt-4o', hints: ['claude'], allowed: ['mcp-tasks-test/echo'] });
    assert.equal(choice.model?.id, 'echo-1');
    const none = chooseModel({ models, allowed: ['llama'] });
    assert.equal(none.model, undefined);
    assert.match(none.why, /none of the available models is allowed.*llama/);
  });

  it('says so when there is no model at all', () => {
    const choice = chooseModel({ models: [] });
    assert.equal(choice.model, undefined);
    assert.match(choice.why, /no language model/);
  });
});

class MemoryStore implements KeyValueStore {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined { return this.values.get(key) as T | undefined; }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
  }
}

describe('sampling: remembered permissions', () => {
  const who = (label: string) => samplingGrantee(`hash/${label}`, label, { type: 'stdio', command: label });

  it('forgets "once" and "deny", keeps "session" in memory and "always" in the store', async () => {
    const store = new MemoryStore();
    const permissions = new SamplingPermissions(store);
    let changes = 0;
    permissions.onDidChange(() => changes++);
    assert.equal(await permissions.record(who('alpha'), 'once'), true);
    assert.equal(await permissions.record(who('beta'), 'deny'), false);
    assert.equal(permissions.scopeOf(who('alpha')), undefined);
    assert.equal(permissions.scopeOf(who('beta')), undefined);
    assert.equal(await permissions.record(who('gamma'), 'session'), true);
    assert.equal(await permissions.record(who('delta'), 'always'), true);
    assert.equal(permissions.scopeOf(who('gamma')), 'session');
    assert.equal(permissions.scopeOf(who('delta')), 'always');
    assert.deepEqual(store.get(ALWAYS_KEY), [who('delta')]);
    assert.deepEqual(permissions.list(), [{ ...who('delta'), scope: 'always' }, { ...who('gamma'), scope: 'session' }]);
    assert.equal(changes, 2);

    // A new window: "always" survives, "session" does not.
    const next = new SamplingPermissions(store);
    assert.equal(next.scopeOf(who('delta')), 'always');
    assert.equal(next.scopeOf(who('gamma')), undefined);
  });

  it('fault: colliding names: a grant is kept by where a server is defined and what it runs, not by its name', async () => {
    const permissions = new SamplingPermissions(new MemoryStore());
    const usersOwn = samplingGrantee('user-file-hash/helper', 'helper', { type: 'stdio', command: 'node', args: ['helper.js'] });
    await permissions.record(usersOwn, 'always');
    assert.equal(permissions.scopeOf(usersOwn), 'always');
    // A workspace defines a server of the same name: it asks again.
    assert.equal(permissions.scopeOf(samplingGrantee('workspace-file-hash/helper', 'helper', { type: 'stdio', command: 'node', args: ['helper.js'] })), undefined);
    // The same entry changed to run something else: it asks again.
    assert.equal(permissions.scopeOf(samplingGrantee('user-file-hash/helper', 'helper', { type: 'stdio', command: 'node', args: ['other.js'] })), undefined);
  });

  it('revokes a permission so the server asks again', async () => {
    const store = new MemoryStore();
    const permissions = new SamplingPermissions(store);
    await permissions.record(who('alpha'), 'always');
    await permissions.record(who('beta'), 'session');
    await permissions.revoke(who('alpha').key);
    await permissions.revoke(who('beta').key);
    assert.equal(permissions.scopeOf(who('alpha')), undefined);
    assert.equal(permissions.scopeOf(who('beta')), undefined);
    assert.deepEqual(permissions.list(), []);
    assert.equal(store.values.has(ALWAYS_KEY), false);
  });

  it('ignores a corrupted stored value, and grants kept by name alone', () => {
    const store = new MemoryStore();
    store.values.set(ALWAYS_KEY, { not: 'a list' });
    assert.deepEqual(new SamplingPermissions(store).list(), []);
    store.values.set(ALWAYS_KEY, ['by-name', 3, null, { key: 'k', label: 'ok' }]);
    assert.deepEqual(new SamplingPermissions(store).list(), [{ key: 'k', label: 'ok', scope: 'always' }]);
  });
});
