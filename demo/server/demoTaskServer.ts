// The demo MCP server bundled with the extension: tools that run as tasks (progress, questions,
// failure, cancel). Stdio by default; `--http --port N` serves Streamable HTTP on 127.0.0.1.
// With DEMO_SERVER_EVENTS_FILE set, task lifecycle events are appended to that file as JSON lines.
import { InMemoryTaskMessageQueue } from '@modelcontextprotocol/sdk/experimental/tasks/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createDemoServer } from './createDemoServer';
import { DemoTaskStore } from './demoTaskStore';
import { fileEventSink } from './eventLog';
import { startHttpServer } from './httpServer';

export type { DemoTaskEvent } from './eventLog';

export type DemoServerOptions = { mode: 'stdio' } | { mode: 'http'; port: number };

const USAGE = 'usage: demo-server [--http --port <0-65535>]   (stdio when --http is absent; port 0 picks a free one)';

export function parseDemoServerArgs(argv: readonly string[]): DemoServerOptions | Error {
  let http = false;
  let port: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--http') {
      http = true;
    } else if (arg === '--port' || arg.startsWith('--port=')) {
      const text = arg === '--port' ? argv[++i] : arg.slice('--port='.length);
      port = Number(text);
      if (text === undefined || !/^\d+$/.test(text) || port > 65535) return new Error(`invalid port '${text ?? ''}'`);
    } else if (arg === '--help' || arg === '-h') {
      return new Error(USAGE);
    } else {
      return new Error(`unknown argument '${arg}'`);
    }
  }
  if (!http) return port === undefined ? { mode: 'stdio' } : new Error('--port needs --http');
  return { mode: 'http', port: port ?? 3001 };
}

async function main(): Promise<void> {
  const options = parseDemoServerArgs(process.argv.slice(2));
  if (options instanceof Error) {
    process.stderr.write(`demo-server: ${options.message}\n${USAGE}\n`);
    process.exit(2);
  }
  const store = new DemoTaskStore(fileEventSink(process.env.DEMO_SERVER_EVENTS_FILE));
  const queue = new InMemoryTaskMessageQueue();
  let stopping = false;
  let closeTransport: () => Promise<void> = async () => undefined;
  const stop = (code: number): void => {
    if (stopping) return;
    stopping = true;
    store.cleanup();
    // Running work holds timers; exiting is the clean way to stop them all at once.
    void closeTransport().finally(() => process.exit(code));
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));

  if (options.mode === 'stdio') {
    const server = createDemoServer(store, queue);
    closeTransport = () => server.close();
    // The host closing our stdin is how a stdio server is told to go away.
    process.stdin.on('end', () => stop(0));
    process.stdin.on('close', () => stop(0));
    await server.connect(new StdioServerTransport());
    process.stderr.write('[demo-server] ready on stdio\n');
  } else {
    const http = await startHttpServer(options.port, () => createDemoServer(store, queue));
    closeTransport = () => http.close();
    process.stderr.write(`[demo-server] listening on ${http.url}\n`);
  }
}

main().catch((err) => {
  process.stderr.write(`demo-server: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
