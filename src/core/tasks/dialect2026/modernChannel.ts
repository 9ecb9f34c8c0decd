/**
 * Requests of the modern era (MCP 2026-07-28) over an SDK 1.32.2 transport: every request
 * carries the `_meta` envelope (protocol version, client info, client capabilities), replies are
 * matched by id, JSON-RPC errors become McpError with their code. The SDK's own request machinery
 * is not used: its Client insists on the `initialize` handshake, and its Protocol layer carries the
 * 2025-11-25 task semantics (task augmentation, tasks/result); this layer keeps every reply raw
 * so the callers' schemas see exactly what the server sent.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { McpError, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { Disposable } from '../../events';
import { ErrorCodes } from '../../model/errorCodes';
import { UnexpectedReplyError } from '../toolResultShape';
import { MetaKeys, MODERN_PROTOCOL_VERSION } from './wire2026';

/**
 * The connection went away under a request. Its code is the SDK's "connection closed" (so the
 * engine treats it as every lost connection), but its class tells it from a server that answered
 * with an error of the same number.
 */
export class ChannelClosedError extends McpError {
  constructor() {
    super(ErrorCodes.ConnectionClosed, 'Connection closed');
  }
}

export interface ChannelIdentity {
  clientInfo: { name: string; version: string };
  /** The client capabilities sent on every request (the tasks extension is declared here). */
  capabilities: Record<string, unknown>;
  /**
   * stdio ends a request early with `notifications/cancelled`; on Streamable HTTP closing the
   * response stream is the signal, and a client sends no notifications.
   */
  transportKind: 'stdio' | 'http';
}

export interface RequestSettings {
  /** No deadline when absent: long calls are bounded by their callers. */
  timeoutMs?: number;
  /** A fixed id, for requests a later message refers to (a listen stream). */
  id?: string | number;
  /** Gives the request up: it rejects with the signal's reason and the server hears of it (stdio). */
  signal?: AbortSignal;
}

interface Pending {
  resolve(raw: Record<string, unknown>): void;
  reject(error: Error): void;
}

type Json = Record<string, unknown>;

export class ModernChannel {
  private nextId = 1;
  private readonly pending = new Map<string | number, Pending>();
  private readonly notificationHandlers = new Map<string, Set<(params: Json) => void>>();
  private closedError: Error | undefined;
  private version = MODERN_PROTOCOL_VERSION;

  /** Transport errors and messages that fit nowhere, for the log. */
  onProblem: ((what: string) => void) | undefined;
  /** The connection closed (the process exited, the transport was closed). */
  onClose: (() => void) | undefined;

  constructor(private readonly transport: Transport, readonly identity: ChannelIdentity) {
    transport.onmessage = (message) => this.receive(message);
    transport.onclose = () => {
      this.failAll(new ChannelClosedError());
      this.onClose?.();
    };
    transport.onerror = (error) => this.onProblem?.(`transport error: ${error.message}`);
  }

  get protocolVersion(): string {
    return this.version;
  }

  start(): Promise<void> {
    return this.transport.start();
  }

  setProtocolVersion(version: string): void {
    this.version = version;
    this.transport.setProtocolVersion?.(version);
  }

  /** Sends a request and resolves with its result object (raw); a JSON-RPC error rejects as McpError. */
  request(method: string, params: Json, settings: RequestSettings = {}): Promise<Json> {
    if (this.closedError) return Promise.reject(this.closedError);
    if (settings.signal?.aborted) return Promise.reject(settings.signal.reason);
    const id = settings.id ?? this.nextId++;
    return new Promise<Json>((resolve, reject) => {
      const signal = settings.signal;
      let timer: NodeJS.Timeout | undefined;
      const settle = () => { clearTimeout(timer); this.pending.delete(id); signal?.removeEventListener('abort', onAbort); };
      // Timed out or aborted: the server hears of it (cancelRequest) and the caller gets the reason.
      const giveUp = (reason: unknown) => { settle(); this.cancelRequest(id); reject(reason); };
      const onAbort = () => { if (this.pending.has(id)) giveUp(signal?.reason ?? new Error(`${method} was given up`)); };
      signal?.addEventListener('abort', onAbort, { once: true });
      if (settings.timeoutMs !== undefined) {
        timer = setTimeout(() => giveUp(new McpError(ErrorCodes.RequestTimeout, `${method} timed out after ${settings.timeoutMs} ms`)), settings.timeoutMs);
      }
      this.pending.set(id, {
        resolve: (raw) => { settle(); resolve(raw); },
        reject: (error) => { settle(); reject(error); },
      });
      const message = { jsonrpc: '2.0' as const, id, method, params: { ...params, _meta: this.envelope(params._meta) } };
      this.transport.send(message as JSONRPCMessage).catch((error: unknown) => {
        this.pending.get(id)?.reject(error instanceof Error ? error : new Error(String(error)));
      });
    });
  }

  /** Gives up a request: the server hears of it on stdio; on HTTP only this side forgets it. */
  cancelRequest(id: string | number): void {
    this.pending.delete(id);
    if (this.identity.transportKind !== 'stdio' || this.closedError) return;
    const notification = { jsonrpc: '2.0' as const, method: 'notifications/cancelled', params: { requestId: id } };
    this.transport.send(notification as JSONRPCMessage).catch(() => undefined);
  }

  onNotification(method: string, handler: (params: Json) => void): Disposable {
    let handlers = this.notificationHandlers.get(method);
    if (!handlers) this.notificationHandlers.set(method, (handlers = new Set()));
    handlers.add(handler);
    return { dispose: () => { handlers.delete(handler); } };
  }

  /**
   * Lets go of the transport without closing it (for the `initialize` handshake of a legacy
   * server on the same connection); requests still waiting fail.
   */
  detach(): void {
    this.transport.onmessage = undefined;
    this.transport.onclose = undefined;
    this.transport.onerror = undefined;
    this.failAll(new Error('The connection was handed to the 2025-11-25 client'));
  }

  async close(): Promise<void> {
    await this.transport.close();
    this.failAll(new ChannelClosedError());
  }

  private envelope(meta: unknown): Json {
    return {
      ...(typeof meta === 'object' && meta !== null ? meta as Json : {}),
      [MetaKeys.protocolVersion]: this.version,
      [MetaKeys.clientInfo]: this.identity.clientInfo,
      [MetaKeys.clientCapabilities]: this.identity.capabilities,
    };
  }

  private receive(message: JSONRPCMessage): void {
    const raw = message as Json;
    if (typeof raw.method === 'string' && !('id' in raw)) {
      const params = typeof raw.params === 'object' && raw.params !== null ? raw.params as Json : {};
      for (const handler of [...this.notificationHandlers.get(raw.method) ?? []]) handler(params);
      return;
    }
    if (typeof raw.method === 'string') {
      // This revision puts server-to-client requests inside results (input requests), never on the wire.
      this.onProblem?.(`the server sent a request (${raw.method}), which this revision does not allow`);
      return;
    }
    const pending = this.pending.get(raw.id as string | number);
    if (!pending) return this.onProblem?.(`a reply to no request: ${JSON.stringify(raw).slice(0, 200)}`);
    if ('error' in raw) return pending.reject(toError(raw.error));
    const result = raw.result;
    if (typeof result === 'object' && result !== null && !Array.isArray(result)) pending.resolve(result as Json);
    else pending.reject(new UnexpectedReplyError('the reply has no result object', raw));
  }

  private failAll(error: Error): void {
    this.closedError ??= error;
    for (const pending of [...this.pending.values()]) pending.reject(error);
    this.pending.clear();
  }
}

function toError(error: unknown): Error {
  const shape = error as { code?: unknown; message?: unknown; data?: unknown } | undefined;
  if (typeof shape?.code !== 'number' || typeof shape.message !== 'string') return new UnexpectedReplyError('the error reply is not a JSON-RPC error', error);
  return new McpError(shape.code, shape.message, shape.data);
}
