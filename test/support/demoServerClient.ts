/** A plain SDK Client for driving the demo task server in tests, plus readers for its event log. */
import * as fs from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/index.js';
import {
  CallToolResultSchema,
  CreateTaskResultSchema,
  ElicitRequestSchema,
  TaskStatusNotificationSchema,
  type CallToolResult,
  type ElicitRequest,
  type ElicitResult,
  type Progress,
  type Task,
} from '@modelcontextprotocol/sdk/types.js';
import type { DemoTaskEvent } from '../../demo/server/demoTaskServer';

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

/** A test client: records progress per token, status notifications, and answers elicitations. */
export class DemoClient {
  readonly client: Client;
  readonly taskStore = new InMemoryTaskStore();
  readonly statuses: Task[] = [];
  readonly elicitations: ElicitRequest[] = [];
  answer: ElicitResult = { action: 'cancel' };

  constructor() {
    this.client = new Client(
      { name: 'demo-server-test', version: '1.0.0' },
      { capabilities: { elicitation: { form: {} }, tasks: { list: {}, cancel: {} } }, taskStore: this.taskStore },
    );
    this.client.setNotificationHandler(TaskStatusNotificationSchema, (n) => {
      this.statuses.push(n.params as Task);
    });
    this.client.setRequestHandler(ElicitRequestSchema, (request) => {
      this.elicitations.push(request);
      return this.answer;
    });
  }

  /** tools/call with `task`; progress lands in `progress` for the task's whole life. */
  async startTask(name: string, args: Record<string, unknown>, progress: Progress[] = []): Promise<Task> {
    const created = await this.client.request(
      { method: 'tools/call', params: { name, arguments: args, task: { ttl: 60_000 } } },
      CreateTaskResultSchema,
      { onprogress: (p) => progress.push(p) },
    );
    return created.task;
  }

  /** Polls tasks/get (at the server's pollInterval) until the task is terminal or in `until`. */
  async waitForStatus(taskId: string, until: string[] = [], timeoutMs = 15_000): Promise<Task> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const task = await this.client.experimental.tasks.getTask(taskId);
      if (TERMINAL.has(task.status) || until.includes(task.status)) return task;
      if (Date.now() > deadline) throw new Error(`task ${taskId} still ${task.status} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(task.pollInterval ?? 500, 200)));
    }
  }

  result(taskId: string): Promise<CallToolResult> {
    return this.client.experimental.tasks.getTaskResult(taskId, CallToolResultSchema);
  }

  async close(): Promise<void> {
    await this.client.close();
    this.taskStore.cleanup();
  }
}

export function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

export function readEvents(file: string): DemoTaskEvent[] {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as DemoTaskEvent);
}

export function eventsFor(file: string, taskId: string): string[] {
  return readEvents(file).filter((e) => e.taskId === taskId).map((e) => e.event);
}
