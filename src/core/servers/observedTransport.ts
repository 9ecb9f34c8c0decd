/**
 * Wraps an SDK transport without the SDK's Protocol noticing: JSON-RPC traffic is traced, and a
 * task-augmented host request for a method the host did not declare as a task is turned into a
 * plain one.
 */
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, MessageExtraInfo } from '@modelcontextprotocol/sdk/types.js';
import { previewJson } from '../logCap';
import { isTraceOn, type Logger } from '../ports';

/** Longest traced message; the rest is cut so a huge payload cannot flood the log. */
const TRACE_LIMIT = 4000;

export class ObservedTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void;

  constructor(
    private readonly inner: Transport,
    private readonly logger: Logger,
    /** Methods declared under `tasks.requests`: only these keep their `task` parameter. */
    private readonly taskMethods: ReadonlySet<string> = new Set(),
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
      this.onmessage?.(this.withoutUndeclaredTask(message), extra);
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

  /**
   * The spec says a receiver processes a task request for a method it did not declare normally,
   * ignoring `task`; the SDK would instead fail it with -32603.
   */
  private withoutUndeclaredTask(message: JSONRPCMessage): JSONRPCMessage {
    if (!('method' in message) || !('id' in message) || this.taskMethods.has(message.method)) return message;
    const params = message.params as Record<string, unknown> | undefined;
    if (!params || !('task' in params)) return message;
    this.logger.debug(`${message.method} asked for a task the host did not offer; answering it directly`);
    const { task: _ignored, ...rest } = params;
    return { ...message, params: rest };
  }

  private trace(direction: string, message: JSONRPCMessage): void {
    // Asked per message: a log level can change while the connection lives.
    if (!isTraceOn(this.logger)) return;
    this.logger.trace(`${direction} ${previewJson(message, TRACE_LIMIT)}`);
  }
}

