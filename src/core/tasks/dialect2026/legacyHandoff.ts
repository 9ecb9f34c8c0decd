/**
 * A transport that is already started, handed on to the SDK's 2025-11-25 Client: after a failed
 * `server/discover` probe the same connection (the same stdio process) continues with
 * `initialize`, and `Client.connect` must not start the transport a second time.
 */
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, MessageExtraInfo } from '@modelcontextprotocol/sdk/types.js';

export class StartedTransport implements Transport {
  onclose: (() => void) | undefined;
  onerror: ((error: Error) => void) | undefined;
  onmessage: (<T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void) | undefined;
  private negotiated: string | undefined;

  constructor(private readonly inner: Transport) {
    inner.onmessage = (message, extra) => this.onmessage?.(message, extra);
    inner.onclose = () => this.onclose?.();
    inner.onerror = (error) => this.onerror?.(error);
  }

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  async start(): Promise<void> {
    // Started already, by the probe.
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    return this.inner.send(message, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** The version `initialize` settled on, once the Client has connected. */
  get protocolVersion(): string | undefined {
    return this.negotiated;
  }

  setProtocolVersion(version: string): void {
    this.negotiated = version;
    this.inner.setProtocolVersion?.(version);
  }
}
