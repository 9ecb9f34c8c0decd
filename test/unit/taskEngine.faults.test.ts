/**
 * Faults a server can cause on purpose or by mistake, driven through the real engine against a
 * real in-process SDK server, on a clock that keeps time the way Node does (a delay over
 * 2³¹−1 ms, or NaN, runs after 1 ms) so that a timer storm shows up as a count, not a hang.
 */
import * as assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  ListToolsRequestSchema, RELATED_TASK_META_KEY, type ServerCapabilities, type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { Emitter } from '../../src/core/events';
import { expiresAt } from '../../src/core/ledger/retention';
import { MemoryTaskRecordStore } from '../../src/core/ledger/memoryStore';
import { MAX_POLL_INTERVAL_MS, MAX_TIMER_MS, MAX_TTL_MS } from '../../src/core/model/limits';
import type { TaskRecord } from '../../src/core/model/taskRecord';
import { nodeTimerDelay, systemClock, type Clock } from '../../src/core/ports';
import type { McpServerHandle, ServerLookup, ServerState, SessionChange } from '../../src/core/servers/types';
import { canCancel, canCancelTask } from '../../src/core/tasks/cancelSupport';
import type { TaskEngineSettings } from '../../src/core/tasks/engineSettings';
import { RENEW_AFTER_INTERVALS } from '../../src/core/tasks/resultHolds';
import { serverDuration } from '../../src/core/tasks/serverDuration';
import { TaskEngine } from '../../src/core/tasks/taskEngine';
import { ManualClock } from '../support/manualClock';

/** ManualClock time, with Node's rule for delays it cannot arm; counts what was armed. */
class NodeTimeClock implements Clock {
  readonly manual = new ManualClock(0);
  armed = 0;
  /** Delays Node would have run after 1 ms instead. */
  overflowed = 0;

  now(): number {
    return this.manual.now();
  }

  setTimeout(callback: () => void, ms: number): { dispose(): void } {
    this.armed++;
    const overflow = !(ms <= MAX_TIMER_MS);
    if (overflow) this.overflowed++;
    return this.manual.setTimeout(callback, overflow ? 1 : ms);
  }

  advance(ms: number): Promise<void> {
    return this.manual.advance(ms);
  }
}

type Method = 'tools/call' | 'tasks/get' | 'tasks/result' | 'tasks/cancel';

interface ServerTask {
  taskId: string;
  status: 'working' | 'completed' | 'cancelled';
  resultWaiters: Set<() => void>;
}

/**
 * A task server built on the SDK's Server that answers with whatever durations a test gives it.
 * The requests go through its fallback handler: the SDK's own tools/call handler would check the
 * task it returns, and these tasks are meant to be wrong.
 */
class HostileTaskServer {
  readonly requests: Record<Method, number> = { 'tools/call': 0, 'tasks/get': 0, 'tasks/result': 0, 'tasks/cancel': 0 };
  readonly tasks = new Map<string, ServerTask>();
  private readonly waiters: { method: Method; count: number; resolve: () => void }[] = [];
  private nextId = 1;
  readonly client: Client;
  private readonly server: Server;

  constructor(private readonly durations: { pollInterval?: unknown; ttl?: unknown }, capabilities: ServerCapabilities['tasks']) {
    this.server = new Server({ name: 'hostile', version: '1.0.0' }, { capabilities: { tools: {}, tasks: capabilities } });
    const tool: Tool = { name: 'slow', inputSchema: { type: 'object' }, execution: { taskSupport: 'required' } };
    this.server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [tool] }));
    this.server.fallbackRequestHandler = async (request, extra) => {
      const method = request.method as Method;
      if (!(method in this.requests)) throw new Error(`unexpected ${request.method}`);
      this.requests[method]++;
      for (const waiter of this.waiters.filter((w) => w.method === method && this.requests[method] >= w.count)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      const params = (request.params ?? {}) as { taskId?: string };
      if (method === 'tools/call') return { task: this.wire(this.create()) };
      const task = this.tasks.get(params.taskId ?? '');
      if (!task) throw new Error(`unknown task ${String(params.taskId)}`);
      if (method === 'tasks/get') return this.wire(task);
      if (method === 'tasks/cancel') {
        task.status = 'cancelled';
        return this.wire(task);
      }
      if (task.status === 'working') {
        await new Promise<void>((resolve) => {
          task.resultWaiters.add(resolve);
          extra.signal.addEventListener('abort', () => { task.resultWaiters.delete(resolve); resolve(); }, { once: true });
        });
      }
      return { content: [{ type: 'text', text: 'done' }], _meta: { [RELATED_TASK_META_KEY]: { taskId: task.taskId } } };
    };
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    this.client = new Client({ name: 'engine', version: '1.0.0' }, { capabilities: {} });
    void this.server.connect(serverSide);
    this.connecting = this.client.connect(clientSide);
  }

  readonly connecting: Promise<void>;

  /** Resolves once the server has received `count` requests of `method` in all. */
  received(method: Method, count: number): Promise<void> {
    if (this.requests[method] >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ method, count, resolve }));
  }

  complete(taskId: string): void {
    const task = this.tasks.get(taskId)!;
    task.status = 'completed';
    for (const resolve of task.resultWaiters) resolve();
    task.resultWaiters.clear();
  }

  async close(): Promise<void> {
    await this.client.close();
    await this.server.close();
  }

  private create(): ServerTask {
    const task: ServerTask = { taskId: `t${this.nextId++}`, status: 'working', resultWaiters: new Set() };
    this.tasks.set(task.taskId, task);
    return task;
  }

  private wire(task: ServerTask): Record<string, unknown> {
    const at = new Date(0).toISOString();
    return { taskId: task.taskId, status: task.status, createdAt: at, lastUpdatedAt: at, ...this.durations };
  }
}

/** The engine's view of the in-process server: always running, one session. */
function lookupFor(id: string, server: HostileTaskServer): ServerLookup {
  const session = { dialect: '2025-11-25' as const, client: server.client, generation: 1, get serverCapabilities() { return server.client.getServerCapabilities(); } };
  const handle: McpServerHandle = {
    id,
    label: id,
    state: { kind: 'running' },
    session,
    get serverCapabilities() { return server.client.getServerCapabilities(); },
    tools: [{ name: 'slow', inputSchema: { type: 'object' }, execution: { taskSupport: 'required' } }],
    connect: async () => session,
    onDidChangeState: new Emitter<ServerState>().event,
    onDidChangeSession: new Emitter<SessionChange>().event,
    onDidChangeTools: new Emitter<readonly Tool[]>().event,
  };
  return { get: (serverId) => (serverId === id ? handle : undefined), all: () => [handle], onDidChangeServers: new Emitter<void>().event };
}

const ALL_TASK_CAPABILITIES = { list: {}, cancel: {}, requests: { tools: { call: {} } } };

async function setup(options: {
  durations?: { pollInterval?: unknown; ttl?: unknown };
  capabilities?: ServerCapabilities['tasks'];
  settings?: Partial<TaskEngineSettings>;
  store?: MemoryTaskRecordStore;
}) {
  const clock = new NodeTimeClock();
  const server = new HostileTaskServer(options.durations ?? {}, options.capabilities ?? ALL_TASK_CAPABILITIES);
  await server.connecting;
  const store = options.store ?? new MemoryTaskRecordStore();
  const engine = new TaskEngine({
    servers: lookupFor('srv', server), store, clock,
    // One kind of request at a time: no held results, no listing sweeps, unless a test asks.
    settings: { heldResults: 0, listSweeps: false, ...options.settings },
  });
  return {
    clock, server, engine, store,
    async dispose() {
      engine.dispose();
      await server.close();
    },
  };
}

describe('task engine faults', () => {
  describe('hostile numbers', () => {
    it('fault: hostile numbers: a pollInterval of 3e9 ms polls at the cap instead of re-arming a 1 ms timer', async () => {
      const t = await setup({ durations: { pollInterval: 3e9, ttl: 60_000 } });
      try {
        const record = await t.engine.call('srv', 'slow');
        assert.equal(record.pollInterval, MAX_POLL_INTERVAL_MS, 'capped where it is read');
        const armedAtStart = t.clock.armed;
        await t.clock.advance(1_000);
        assert.equal(t.clock.overflowed, 0, 'no delay Node would run after 1 ms');
        assert.ok(t.clock.armed - armedAtStart <= 2, `${t.clock.armed - armedAtStart} timers armed in 1 s`);
        assert.equal(t.server.requests['tasks/get'], 0, 'not polled before its interval');
        await t.clock.advance(MAX_POLL_INTERVAL_MS - 1_000);
        await t.server.received('tasks/get', 1);
        assert.equal(t.server.requests['tasks/get'], 1, 'polled once, at the cap');
      } finally {
        await t.dispose();
      }
    });

    it('fault: hostile numbers: a resumed record that stored a pollInterval of 3e9 ms is polled at the cap, not in a 1 ms loop', async () => {
      // A ledger written before the host capped intervals (or edited by hand) still says 3e9.
      const store = new MemoryTaskRecordStore();
      // The server names no interval of its own: the stored one is all the engine has to go by.
      const t = await setup({ durations: { ttl: 60_000 }, store });
      try {
        const made = await t.engine.call('srv', 'slow');
        t.engine.dispose();
        store.put({ ...made, pollInterval: 3e9 } as TaskRecord);
        const engine = new TaskEngine({ servers: lookupFor('srv', t.server), store, clock: t.clock, settings: { heldResults: 0, listSweeps: false } });
        try {
          await engine.resume();
          await t.clock.advance(0);
          await t.server.received('tasks/get', 1); // a resumed task is polled at once
          const armedAfterResume = t.clock.armed;
          await t.clock.advance(1_000);
          assert.equal(t.clock.overflowed, 0, 'no delay Node would run after 1 ms');
          assert.ok(t.clock.armed - armedAfterResume <= 2, `${t.clock.armed - armedAfterResume} timers armed in 1 s`);
          await t.clock.advance(MAX_POLL_INTERVAL_MS);
          await t.server.received('tasks/get', 2);
          assert.equal(t.server.requests['tasks/get'], 2, 'polled again at the cap');
        } finally {
          engine.dispose();
        }
      } finally {
        await t.dispose();
      }
    });

    it('fault: hostile numbers: a held tasks/result of a task asking for a 2.7e8 ms interval is renewed at 8× the capped interval, not every millisecond', async () => {
      const t = await setup({ durations: { pollInterval: 2.7e8, ttl: 60_000 }, settings: { heldResults: 1 } });
      try {
        await t.engine.call('srv', 'slow');
        await t.server.received('tasks/result', 1);
        await t.clock.advance(10_000);
        assert.equal(t.clock.overflowed, 0, 'no delay Node would run after 1 ms');
        assert.equal(t.server.requests['tasks/result'], 1, 'the first hold, not yet renewed');
        await t.clock.advance(MAX_POLL_INTERVAL_MS * RENEW_AFTER_INTERVALS);
        await t.server.received('tasks/result', 2);
        assert.equal(t.server.requests['tasks/result'], 2, 'renewed once');
      } finally {
        await t.dispose();
      }
    });

    it('fault: hostile numbers: NaN, Infinity, negative and numeric-string durations become safe ones instead of failing the task', async () => {
      const cases: { sent: { pollInterval?: unknown; ttl?: unknown }; pollInterval?: number; ttl?: number | null; firstPollAt: number }[] = [
        { sent: { pollInterval: '1500', ttl: '60000' }, pollInterval: 1_500, ttl: 60_000, firstPollAt: 1_500 },
        { sent: { pollInterval: Infinity, ttl: Infinity }, pollInterval: MAX_POLL_INTERVAL_MS, ttl: MAX_TTL_MS, firstPollAt: MAX_POLL_INTERVAL_MS },
        { sent: { pollInterval: NaN, ttl: NaN }, pollInterval: undefined, ttl: undefined, firstPollAt: 1_000 },
        { sent: { pollInterval: -5, ttl: -1 }, pollInterval: 0, ttl: 0, firstPollAt: 100 },
        { sent: { pollInterval: 'soon', ttl: null }, pollInterval: undefined, ttl: null, firstPollAt: 1_000 },
      ];
      for (const c of cases) {
        const t = await setup({ durations: c.sent });
        const label = JSON.stringify(c.sent, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
        try {
          const record = await t.engine.call('srv', 'slow');
          assert.equal(record.status, 'working', label);
          assert.equal(record.pollInterval, c.pollInterval, `${label}: pollInterval`);
          assert.equal(record.ttl, c.ttl, `${label}: ttl`);
          await t.clock.advance(c.firstPollAt - 1);
          assert.equal(t.server.requests['tasks/get'], 0, `${label}: not polled early`);
          await t.clock.advance(1);
          await t.server.received('tasks/get', 1);
          assert.equal(t.clock.overflowed, 0, label);
        } finally {
          await t.dispose();
        }
      }
    });

    it('fault: hostile numbers: a ttl of 1e400 (Infinity on the wire) keeps a finished record no longer than the ttl ceiling plus retention', async () => {
      const t = await setup({ durations: { pollInterval: 1_000, ttl: JSON.parse('1e400') as number } });
      try {
        const record = await t.engine.call('srv', 'slow');
        t.server.complete(record.taskId);
        await t.clock.advance(1_000);
        const done = await t.engine.whenFinished(record.key);
        assert.equal(done.status, 'completed');
        assert.equal(done.ttl, MAX_TTL_MS);
        const retention = 7 * 24 * 60 * 60 * 1000;
        assert.equal(expiresAt(done, retention), done.createdAt + MAX_TTL_MS + retention);
      } finally {
        await t.dispose();
      }
    });

    it('fault: hostile numbers: serverDuration takes numbers and decimal strings within [0, max] and nothing else', () => {
      assert.equal(serverDuration(3e9, 1_000), 1_000);
      assert.equal(serverDuration(Infinity, 1_000), 1_000);
      assert.equal(serverDuration(-Infinity, 1_000), 0);
      assert.equal(serverDuration(-5, 1_000), 0);
      assert.equal(serverDuration(' 250 ', 1_000), 250);
      assert.equal(serverDuration('2.5e2', 1_000), 250);
      for (const nonsense of [NaN, '', ' ', '0x10', '12ms', 'Infinity', null, true, {}, [], undefined]) {
        assert.equal(serverDuration(nonsense, 1_000), undefined, String(nonsense));
      }
    });

    it('fault: hostile numbers: the system clock never hands Node a delay over 2³¹−1 ms, so a 3e9 ms wait does not fire after 1 ms', async () => {
      assert.equal(nodeTimerDelay(3e9), MAX_TIMER_MS);
      assert.equal(nodeTimerDelay(Infinity), MAX_TIMER_MS);
      assert.equal(nodeTimerDelay(NaN), MAX_TIMER_MS, 'NaN waits the longest, never 1 ms');
      assert.equal(nodeTimerDelay(-5), 0);
      assert.equal(nodeTimerDelay(250), 250);
      const warnings: string[] = [];
      const onWarning = (w: Error) => warnings.push(w.name);
      process.on('warning', onWarning);
      const fired: string[] = [];
      const long = systemClock.setTimeout(() => fired.push('3e9'), 3e9);
      // Node fires a 1 ms timer armed first before a 5 ms one armed after it: had the long wait
      // been turned into 1 ms, it would be in the list when this one runs.
      await new Promise<void>((resolve) => setTimeout(() => { fired.push('5 ms'); resolve(); }, 5));
      long.dispose();
      process.off('warning', onWarning);
      assert.deepEqual(fired, ['5 ms']);
      assert.deepEqual(warnings.filter((w) => w === 'TimeoutOverflowWarning'), []);
    });
  });

  describe('capability lies', () => {
    it('fault: capability lies: cancelling a task on a server without tasks.cancel is refused, sends nothing, and the task runs on', async () => {
      const t = await setup({ durations: { pollInterval: 1_000, ttl: 60_000 }, capabilities: { list: {}, requests: { tools: { call: {} } } } });
      try {
        const record = await t.engine.call('srv', 'slow');
        const capabilities = t.server.client.getServerCapabilities();
        assert.equal(canCancel(capabilities), false);
        assert.equal(canCancelTask(record, capabilities), false, 'a UI hides the action');
        await assert.rejects(t.engine.cancel(record.key), /srv does not let its tasks be cancelled \(it does not declare tasks\.cancel\); slow goes on running on the server/);
        assert.equal(t.server.requests['tasks/cancel'], 0, 'no tasks/cancel was sent');
        assert.equal(t.engine.requestCountsOf(record.key)?.cancel, 0);
        assert.equal(t.engine.get(record.key)?.status, 'working');
        t.server.complete(record.taskId);
        await t.clock.advance(1_000);
        assert.equal((await t.engine.whenFinished(record.key)).status, 'completed', 'the task ran on and was followed to its end');
      } finally {
        await t.dispose();
      }
    });

    it('fault: capability lies: a server that declares tasks.cancel gets exactly one tasks/cancel, and only running records offer it', async () => {
      const t = await setup({ durations: { pollInterval: 1_000, ttl: 60_000 } });
      try {
        const record = await t.engine.call('srv', 'slow');
        const capabilities = t.server.client.getServerCapabilities();
        assert.equal(canCancelTask(record, capabilities), true);
        const final = await t.engine.cancel(record.key);
        assert.equal(final.status, 'cancelled');
        assert.equal(t.server.requests['tasks/cancel'], 1);
        assert.equal(canCancelTask(final, capabilities), false, 'a finished task offers no cancel');
        assert.equal(canCancelTask({ kind: 'call', status: 'working' }, undefined), true, 'a plain call is aborted here');
      } finally {
        await t.dispose();
      }
    });

    it('fault: capability lies: only an object under tasks.cancel counts as declaring it', () => {
      assert.equal(canCancel(undefined), false);
      assert.equal(canCancel({}), false);
      assert.equal(canCancel({ tasks: { list: {} } }), false);
      assert.equal(canCancel({ tasks: { cancel: {} } }), true);
      for (const lie of [null, true, 1, 'yes', []]) {
        assert.equal(canCancel({ tasks: { cancel: lie } } as unknown as ServerCapabilities), false, JSON.stringify(lie));
      }
    });
  });
});
