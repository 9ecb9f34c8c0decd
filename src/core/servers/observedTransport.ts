/**
 * Wraps an SDK transport without the SDK's Protocol noticing: JSON-RPC traffic is traced, and
 * task-augmented host requests are turned into plain ones until the host can run them as tasks.
 */
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, MessageExtraInfo } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../ports';

/** Methods the server may send to the host with `params.task`. */
const HOST_TASK_METHODS = new Set(['elicitation/create', 'sampling/createMessage']);

/** Longest traced message; the rest is cut so a huge payload cannot flood the log. */
const TRACE_LIMIT = 4000;

export class ObservedTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void;

  constructor(
    private readonly inner: Transport,
    private readonly logger: Logger,
  ) {}

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion?.(version);
  }

  start(): Promise<void> {
    this.inner.onclose = () => this.onclose?.();
    this.inner.onerror = (error) => this.onerror?.(error);
    this.inner.onmessage = (message, extra) => {
      this.trace('←', message);
      this.onmessage?.(withoutHostTask(message), extra);
    };
    return this.inner.start();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    this.trace('→', message);
    return this.inner.send(message, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private trace(direction: string, message: JSONRPCMessage): void {
    let text = JSON.stringify(message);
    if (text.length > TRACE_LIMIT) text = `${text.slice(0, TRACE_LIMIT)}… (${text.length} characters)`;
    this.logger.trace(`${direction} ${text}`);
  }
}

/**
 * The host does not yet run elicitation or sampling as tasks, and the spec says a receiver
 * processes such a request normally in that case; the SDK would instead insist on a task result.
 */
function withoutHostTask(message: JSONRPCMessage): JSONRPCMessage {
  if (!('method' in message) || !('id' in message) || !HOST_TASK_METHODS.has(message.method)) return message;
  const params = message.params as Record<string, unknown> | undefined;
  if (!params || !('task' in params)) return message;
  const { task: _ignored, ...rest } = params;
  return { ...message, params: rest };
}
