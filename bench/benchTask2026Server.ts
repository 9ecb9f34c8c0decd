/**
 * The benchmark's task server for MCP 2026-07-28 with the tasks extension (stdio, newline-framed
 * JSON-RPC): the same `sleep_task` and `bench_stats` as benchTaskServer, answered the 2026 way. A
 * `tools/call` of sleep_task is a task handle; `tasks/get` carries the result inline once done.
 * With --notify, `subscriptions/listen` streams get `notifications/tasks` for the tasks they name;
 * with --no-notify the server refuses the stream (-32601) and the client must poll.
 *
 *   node out/bench/benchTask2026Server.js [--notify|--no-notify] [--poll-interval=1000]
 */
import { createInterface } from 'node:readline';
import { BENCH_TOOL, STATS_TOOL, type BenchServerStats, type BenchTaskPayload } from './benchTaskServer';

type Json = Record<string, unknown>;

const VERSION = '2026-07-28';
const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';
const SUBSCRIPTION_KEY = 'io.modelcontextprotocol/subscriptionId';
const TTL_MS = 300_000;

interface BenchTask {
  taskId: string;
  status: 'working' | 'completed';
  createdAt: string;
  lastUpdatedAt: string;
  result?: Json;
}

function flag(name: string, fallback: string): string {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length) ?? fallback;
}

class RpcError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

function main(): void {
  const notify = !process.argv.includes('--no-notify');
  const pollIntervalMs = Number(flag('poll-interval', '1000'));
  const tasks = new Map<string, BenchTask>();
  const listeners = new Map<unknown, Set<string>>();
  let stats: BenchServerStats = { requests: {}, statusNotificationsSent: 0, tasksCompleted: 0 };
  let nextId = 1;

  const send = (message: Json) => process.stdout.write(`${JSON.stringify(message)}\n`);
  const wire = (task: BenchTask): Json => ({
    taskId: task.taskId, status: task.status, createdAt: task.createdAt, lastUpdatedAt: task.lastUpdatedAt, ttlMs: TTL_MS, pollIntervalMs,
    ...(task.result ? { result: task.result } : {}),
  });
  const announce = (task: BenchTask) => {
    for (const [id, taskIds] of listeners) {
      if (!taskIds.has(task.taskId)) continue;
      stats.statusNotificationsSent++;
      send({ jsonrpc: '2.0', method: 'notifications/tasks', params: { ...wire(task), _meta: { [SUBSCRIPTION_KEY]: id } } });
    }
  };

  const handlers: Record<string, (params: Json, id: unknown) => Json | undefined> = {
    'server/discover': () => ({ resultType: 'complete', supportedVersions: [VERSION], capabilities: { tools: {}, extensions: { [TASKS_EXTENSION]: {} } } }),
    'tools/list': () => ({
      resultType: 'complete',
      tools: [
        { name: BENCH_TOOL, inputSchema: { type: 'object', properties: { ms: { type: 'integer' } }, required: ['ms'] } },
        { name: STATS_TOOL, inputSchema: { type: 'object', properties: { reset: { type: 'boolean' } } } },
      ],
    }),
    'tools/call': (params) => {
      const args = (params.arguments ?? {}) as Json;
      if (params.name === STATS_TOOL) {
        const text = JSON.stringify(stats);
        if (args.reset === true) stats = { requests: {}, statusNotificationsSent: 0, tasksCompleted: 0 };
        return { resultType: 'complete', content: [{ type: 'text', text }] };
      }
      if (params.name !== BENCH_TOOL) throw new RpcError(-32602, `Unknown tool: ${String(params.name)}`);
      const now = new Date().toISOString();
      const task: BenchTask = { taskId: `t${nextId++}`, status: 'working', createdAt: now, lastUpdatedAt: now };
      tasks.set(task.taskId, task);
      setTimeout(() => {
        const payload: BenchTaskPayload = { ms: Number(args.ms), completedAt: performance.timeOrigin + performance.now() };
        task.status = 'completed';
        task.lastUpdatedAt = new Date().toISOString();
        task.result = { content: [{ type: 'text', text: JSON.stringify(payload) }] };
        stats.tasksCompleted++;
        announce(task);
      }, Number(args.ms));
      return { resultType: 'task', ...wire(task) };
    },
    'tasks/get': (params) => {
      const task = tasks.get(String(params.taskId));
      if (!task) throw new RpcError(-32602, `Unknown task: ${String(params.taskId)}`);
      return { resultType: 'complete', ...wire(task) };
    },
    'tasks/cancel': () => ({ resultType: 'complete' }),
    'subscriptions/listen': (params, id) => {
      if (!notify) throw new RpcError(-32601, 'This server sends no status notifications');
      const filter = (params.notifications ?? {}) as { taskIds?: unknown };
      listeners.set(id, new Set(Array.isArray(filter.taskIds) ? filter.taskIds.map(String) : []));
      return undefined; // the stream stays open
    },
  };

  createInterface({ input: process.stdin }).on('line', (line) => {
    if (!line.trim()) return;
    const message = JSON.parse(line) as Json;
    const method = String(message.method ?? '');
    if (!('id' in message)) {
      if (method === 'notifications/cancelled') listeners.delete((message.params as Json | undefined)?.requestId);
      return;
    }
    const params = (message.params ?? {}) as Json;
    if (!(method === 'tools/call' && params.name === STATS_TOOL)) stats.requests[method] = (stats.requests[method] ?? 0) + 1;
    try {
      const handler = handlers[method];
      if (!handler) throw new RpcError(-32601, `Method not found: ${method}`);
      const result = handler(params, message.id);
      if (result) send({ jsonrpc: '2.0', id: message.id, result });
    } catch (err) {
      const code = err instanceof RpcError ? err.code : -32603;
      send({ jsonrpc: '2.0', id: message.id, error: { code, message: err instanceof Error ? err.message : String(err) } });
    }
  });
  // The client going away ends the server.
  process.stdin.on('end', () => process.exit(0));
}

if (require.main === module) main();
