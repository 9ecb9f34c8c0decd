import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { TaskMessageQueue } from '@modelcontextprotocol/sdk/experimental/tasks/index.js';
import type { DemoTaskStore } from './demoTaskStore';
import { registerConnectAccount, SignInPages } from './connectAccount';
import { registerDemoTools } from './tools';

export const DEMO_SERVER_NAME = 'mcp-tasks-demo';

/** One stand-in sign-in site per process, whatever the number of sessions. */
const signInPages = new SignInPages();

/**
 * One McpServer per connection (stdio has one; HTTP has one per session). The store and queue
 * are shared: the SDK binds each task to the session that created it.
 */
export function createDemoServer(store: DemoTaskStore, queue: TaskMessageQueue): McpServer {
  const server = new McpServer(
    { name: DEMO_SERVER_NAME, title: 'MCP Tasks Demo', version: '1.0.0' },
    {
      capabilities: {
        tools: { listChanged: true },
        logging: {},
        tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } },
      },
      taskStore: store,
      taskMessageQueue: queue,
      instructions:
        'Demo tools for long-running MCP tasks: slow_report (progress), ask_user (asks you a question mid-task), ' +
        'flaky_build (fails), long_wait (cancel and reload), connect_account (opens a sign-in page), quick_summary and echo (fast).',
    },
  );
  registerDemoTools({ server, store });
  registerConnectAccount(server, signInPages);
  return server;
}
