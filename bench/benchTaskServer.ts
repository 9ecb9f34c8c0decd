/**
 * The benchmark's task server (SDK server API, stdio). One tool, `sleep_task`, runs as a task for
 * `ms` milliseconds and puts the moment it completed into its result, so a client can tell how
 * long it took to notice. The server counts every request it receives by method (the client's own
 * counts are not trusted); the plain tool `bench_stats` reports them and is not counted itself.
 *
 *   node out/bench/benchTaskServer.js [--notify|--no-notify] [--poll-interval=1000]
 *
 * --notify: completion goes through the request's task store, which sends notifications/tasks/status.
 * --no-notify: completion is written to the store directly; only polling can see it.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { InMemoryTaskMessageQueue, InMemoryTaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/index.js';
import type { CreateTaskRequestHandlerExtra, TaskRequestHandlerExtra } from '@modelcontextprotocol/sdk/experimental/tasks/index.js';
import type { CallToolResult, JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';

export const BENCH_TOOL = 'sleep_task';
export const STATS_TOOL = 'bench_stats';

/** What `bench_stats` returns (as JSON text). */
export interface BenchServerStats {
  /** Requests received since the last reset, by method ("tools/call" counts task creations only). */
  requests: Record<string, number>;
  /** notifications/tasks/status sent since the last reset. */
  statusNotificationsSent: number;
  tasksCompleted: number;
}

/** The payload of a finished `sleep_task` (its only text content, as JSON). */
export interface BenchTaskPayload {
  ms: number;
  /** performance.timeOrigin + performance.now() just before the result was stored. */
  completedAt: number;
}

function flag(name: string, fallback: string): string {
  const prefix = `--${name}=`;
  const hit = process.argv.find((a) => a.startsWith(prefix));
  return hit ? hit.slice(prefix.length) : fallback;
}

function main(): void {
  const notify = !process.argv.includes('--no-notify');
  const pollInterval = Number(flag('poll-interval', '1000'));
  const store = new InMemoryTaskStore();
  const server = new McpServer(
    { name: 'bench-task-server', version: '1.0.0' },
    {
      capabilities: { tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } } },
      taskStore: store,
      taskMessageQueue: new InMemoryTaskMessageQueue(),
    },
  );

  let stats: BenchServerStats = { requests: {}, statusNotificationsSent: 0, tasksCompleted: 0 };

  server.experimental.tasks.registerToolTask(BENCH_TOOL, {
    description: 'Sleeps ms milliseconds as a task; the result carries the completion time',
    inputSchema: { ms: z.number().int().min(0).max(600_000) },
    execution: { taskSupport: 'required' },
  }, {
    createTask: async ({ ms }: { ms: number }, extra: CreateTaskRequestHandlerExtra) => {
      const task = await extra.taskStore.createTask({ ttl: extra.taskRequestedTtl ?? 300_000, pollInterval });
      setTimeout(() => {
        const payload: BenchTaskPayload = { ms, completedAt: performance.timeOrigin + performance.now() };
        const result: CallToolResult = { content: [{ type: 'text', text: JSON.stringify(payload) }] };
        // The request-scoped store announces the change; the plain store stays silent.
        const stored = notify
          ? extra.taskStore.storeTaskResult(task.taskId, 'completed', result)
          : store.storeTaskResult(task.taskId, 'completed', result);
        stored.then(
          () => { stats.tasksCompleted++; },
          (err: unknown) => process.stderr.write(`storing the result of ${task.taskId} failed: ${String(err)}\n`),
        );
      }, ms);
      return { task };
    },
    getTask: async (_args: unknown, extra: TaskRequestHandlerExtra) => extra.taskStore.getTask(extra.taskId),
    getTaskResult: async (_args: unknown, extra: TaskRequestHandlerExtra) => (await extra.taskStore.getTaskResult(extra.taskId)) as CallToolResult,
  });

  server.registerTool(STATS_TOOL, {
    description: 'Requests received by method since the last reset (this tool is not counted)',
    inputSchema: { reset: z.boolean().default(false) },
  }, async ({ reset }) => {
    const text = JSON.stringify(stats);
    if (reset) stats = { requests: {}, statusNotificationsSent: 0, tasksCompleted: 0 };
    return { content: [{ type: 'text', text }] };
  });

  const transport = new StdioServerTransport();
  server.connect(transport).then(() => {
    // Count at the transport, after the server installed its handlers: what really arrived and left.
    const receive = transport.onmessage;
    transport.onmessage = (message: JSONRPCMessage) => {
      if ('method' in message && 'id' in message && !isStatsCall(message)) {
        stats.requests[message.method] = (stats.requests[message.method] ?? 0) + 1;
      }
      receive?.(message);
    };
    const send = transport.send.bind(transport);
    transport.send = (message: JSONRPCMessage) => {
      if ('method' in message && message.method === 'notifications/tasks/status') stats.statusNotificationsSent++;
      return send(message);
    };
  }, (err: unknown) => {
    process.stderr.write(`bench server could not start: ${String(err)}\n`);
    process.exit(1);
  });
  // The client going away ends the server (and the store's TTL timers with it).
  process.stdin.on('end', () => { store.cleanup(); process.exit(0); });
}

function isStatsCall(message: JSONRPCMessage): boolean {
  return 'method' in message && message.method === 'tools/call'
    && (message.params as { name?: unknown } | undefined)?.name === STATS_TOOL;
}

if (require.main === module) main();
