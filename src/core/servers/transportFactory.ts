/** Builds the SDK transport for a server definition; stdio gets its stderr and exit status captured. */
import type { ChildProcess } from 'node:child_process';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { RemoteServerDefinition, StdioServerDefinition } from '../config/types';
import type { Logger } from '../ports';
import { BatchedStdin } from './batchedStdin';

/** Lines of stderr kept to explain a process that died. */
const STDERR_TAIL_LINES = 5;

export interface StdioLaunch {
  readonly transport: Transport;
  /** Why the process ended ("exited with code 1", "killed by SIGTERM"), once it has. */
  exitDescription(): string | undefined;
  /** The last lines the process wrote to stderr. */
  stderrTail(): string;
  pid(): number | undefined;
}

/** The largest single message accepted from a stdio server. */
export const STDIO_MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

export function createStdioLaunch(definition: StdioServerDefinition, logger: Logger): StdioLaunch {
  const transport = new StdioClientTransport({
    command: definition.command,
    args: definition.args,
    env: definition.env,
    cwd: definition.cwd,
    stderr: 'pipe',
    // Task results can be large (the SDK's 10 MB default would cut the connection on one message).
    maxBufferSize: STDIO_MAX_MESSAGE_BYTES,
  });
  const tail: string[] = [];
  let partial = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split(/\r?\n/);
    partial = lines.pop() ?? '';
    for (const line of lines) recordStderr(line);
  });
  transport.stderr?.on('end', () => { if (partial) recordStderr(partial); partial = ''; });
  function recordStderr(line: string): void {
    if (!line.trim()) return;
    logger.info(`[stderr] ${line}`);
    tail.push(line);
    if (tail.length > STDERR_TAIL_LINES) tail.shift();
  }

  let exit: string | undefined;
  let child: ChildProcess | undefined;
  const start = transport.start.bind(transport);
  transport.start = async () => {
    await start();
    // The SDK does not expose the process; its exit status tells a person why a server stopped.
    child = (transport as unknown as { _process?: ChildProcess })._process;
    child?.once('exit', (code, signal) => {
      exit = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    });
    // Messages sent in one turn go out in one write (same framing as the SDK's own send).
    const stdin = child?.stdin;
    if (stdin) {
      const batched = new BatchedStdin(stdin);
      transport.send = (message) => batched.send(message);
    }
  };
  return {
    transport,
    exitDescription: () => exit,
    stderrTail: () => tail.join('\n'),
    pid: () => child?.pid,
  };
}

/** `sessionId`: go on with an existing session (the SDK client then skips initialize). */
export function createStreamableHttpTransport(definition: RemoteServerDefinition, sessionId?: string): StreamableHTTPClientTransport {
  return new StreamableHTTPClientTransport(new URL(definition.url), {
    requestInit: { headers: definition.headers },
    ...(sessionId !== undefined ? { sessionId } : {}),
  });
}

export function createSseTransport(definition: RemoteServerDefinition): SSEClientTransport {
  // The SDK sends requestInit headers on both the event stream and the POSTs.
  return new SSEClientTransport(new URL(definition.url), { requestInit: { headers: definition.headers } });
}
