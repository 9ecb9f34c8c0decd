/** Builds the SDK transport for a server definition; stdio gets its stderr and exit status captured. */
import type { ChildProcess } from 'node:child_process';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { RemoteServerDefinition, StdioServerDefinition } from '../config/types';
import type { Logger } from '../ports';
import { BatchedStdin } from './batchedStdin';
import { capLogMessage } from '../logCap';
import { FramedStdioTransport } from './framedStdioTransport';
import type { IncomingActivity } from './incomingActivity';
import { MAX_MESSAGE_BYTES } from './messageLimit';
import { sizeLimitedFetch } from './sizeLimitedFetch';
import { modernHttpFetch } from '../tasks/dialect2026/modernHttp';

/** Lines of stderr kept to explain a process that died. */
const STDERR_TAIL_LINES = 5;
/** A longer stderr line is cut: a server dumping data there must not fill memory and logs. */
const STDERR_LINE_CHARS = 4000;

export interface StdioLaunch {
  readonly transport: Transport;
  /** Why the process ended ("exited with code 1", "killed by SIGTERM"), once it has. */
  exitDescription(): string | undefined;
  /** The last lines the process wrote to stderr. */
  stderrTail(): string;
  pid(): number | undefined;
  /** Whether a message from the server is half received. */
  readonly incoming: IncomingActivity;
}

/** `maxMessageBytes`: task results can be large (the SDK's 10 MB default would cut the connection on one). */
export function createStdioLaunch(definition: StdioServerDefinition, logger: Logger, maxMessageBytes = MAX_MESSAGE_BYTES): StdioLaunch {
  const transport = new FramedStdioTransport({
    command: definition.command,
    args: definition.args,
    env: definition.env,
    cwd: definition.cwd,
    stderr: 'pipe',
  }, maxMessageBytes);
  const tail: string[] = [];
  let partial = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split(/\r?\n/);
    // An endless line is kept only as far as it is logged.
    partial = (lines.pop() ?? '').slice(0, STDERR_LINE_CHARS + 1);
    for (const line of lines) recordStderr(line);
  });
  transport.stderr?.on('end', () => { if (partial) recordStderr(partial); partial = ''; });
  function recordStderr(whole: string): void {
    if (!whole.trim()) return;
    const line = capLogMessage(whole, STDERR_LINE_CHARS);
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
    incoming: transport.incoming,
  };
}

/** `sessionId`: go on with an existing session (the SDK client then skips initialize). */
export function createStreamableHttpTransport(
  definition: RemoteServerDefinition, sessionId?: string, maxMessageBytes = MAX_MESSAGE_BYTES,
): StreamableHTTPClientTransport {
  return new StreamableHTTPClientTransport(new URL(definition.url), {
    requestInit: { headers: definition.headers },
    // Requests of 2026-07-28 carry its routing headers; 2025-11-25 ones pass as they are.
    fetch: modernHttpFetch(sizeLimitedFetch(maxMessageBytes)),
    ...(sessionId !== undefined ? { sessionId } : {}),
  });
}

export function createSseTransport(definition: RemoteServerDefinition, maxMessageBytes = MAX_MESSAGE_BYTES): SSEClientTransport {
  // The SDK sends requestInit headers on both the event stream and the POSTs.
  return new SSEClientTransport(new URL(definition.url), { requestInit: { headers: definition.headers }, fetch: sizeLimitedFetch(maxMessageBytes) });
}
