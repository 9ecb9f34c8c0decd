import * as assert from 'node:assert/strict';
import { serverIdentity } from '../../src/host/serverIdentity';
import { IdleExit, type IdleState } from '../../src/host/idleExit';
import { ManualClock } from '../support/manualClock';

describe('IdleExit', () => {
  function setup(quietMs = 1000) {
    const clock = new ManualClock();
    const state: { -readonly [K in keyof IdleState]: IdleState[K] } = { clients: 0, liveTasks: 0, retiring: false };
    const exits: string[] = [];
    const idle = new IdleExit(clock, quietMs, () => state, (why) => exits.push(why));
    return { clock, state, exits, idle };
  }

  it('exits after the quiet period with no client and nothing live', async () => {
    const { clock, exits, idle } = setup();
    idle.check();
    await clock.advance(999);
    assert.deepEqual(exits, []);
    await clock.advance(1);
    assert.equal(exits.length, 1);
    assert.match(exits[0], /idle for 1 s/);
  });

  it('a client or a live task stops the countdown, and it starts over when they are gone', async () => {
    const { clock, state, exits, idle } = setup();
    idle.check();
    await clock.advance(800);
    state.clients = 1;
    idle.check();
    await clock.advance(5000);
    assert.deepEqual(exits, []);
    state.clients = 0;
    state.liveTasks = 2;
    idle.check();
    await clock.advance(5000);
    assert.deepEqual(exits, []);
    state.liveTasks = 0;
    idle.check();
    await clock.advance(999);
    assert.deepEqual(exits, []);
    await clock.advance(1);
    assert.equal(exits.length, 1);
  });

  it('retiring exits as soon as nothing is live, clients or not, and only once', async () => {
    const { state, exits, idle } = setup();
    state.retiring = true;
    state.clients = 2;
    state.liveTasks = 1;
    idle.check();
    assert.deepEqual(exits, []);
    state.liveTasks = 0;
    idle.check();
    idle.check();
    assert.deepEqual(exits, ['retired: nothing is live']);
  });
});

describe('serverIdentity', () => {
  const stdio = (env: Record<string, string>, identityEnv?: Record<string, string | null>) => serverIdentity({
    label: 'demo',
    definition: { type: 'stdio', command: 'node', args: ['server.js'], env, cwd: '/work' },
    ...(identityEnv ? { identityEnv } : {}),
  });

  it('ignores the inherited environment of a stdio server but not what its configuration sets', () => {
    assert.equal(stdio({ PATH: '/a', TERM: 'xterm' }), stdio({ PATH: '/b' }));
    assert.notEqual(stdio({}, { TOKEN: 'one' }), stdio({}, { TOKEN: 'two' }));
    assert.equal(stdio({}, { A: '1', B: '2' }), stdio({}, { B: '2', A: '1' }));
  });

  it('tells apart URLs, headers and transports, and never shows a header value', () => {
    const remote = (url: string, headers: Record<string, string>, type: 'http' | 'sse' = 'http') => serverIdentity({ label: 'x', definition: { type, url, headers } });
    const id = remote('https://a.example/mcp', { Authorization: 'Bearer secret-token' });
    assert.match(id, /^s-[0-9a-f]{20}$/);
    assert.ok(!id.includes('secret'));
    assert.notEqual(id, remote('https://a.example/mcp', { Authorization: 'Bearer other' }));
    assert.notEqual(id, remote('https://b.example/mcp', { Authorization: 'Bearer secret-token' }));
    assert.notEqual(id, remote('https://a.example/mcp', { Authorization: 'Bearer secret-token' }, 'sse'));
    assert.equal(id, remote('https://a.example/mcp', { Authorization: 'Bearer secret-token' }));
  });
});
