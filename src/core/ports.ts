/**
 * What the host environment supplies to the core. The VS Code extension implements these with
 * VS Code APIs (src/vscode), the CLI with flags and a terminal (src/cli), tests with plain objects.
 */
import type {
  CreateMessageRequest,
  CreateMessageResult,
  ElicitRequest,
  ElicitResult,
} from '@modelcontextprotocol/sdk/types.js';
import { MAX_TIMER_MS } from './model/limits';

export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /**
   * False when trace lines are dropped, so a caller can skip building them (e.g. serialising
   * every message). Optional: a logger without it is taken to want everything.
   */
  isTraceEnabled?(): boolean;
}

/** Whether the logger keeps trace lines (a logger that does not say is taken to keep them). */
export function isTraceOn(logger: Logger): boolean {
  return logger.isTraceEnabled?.() ?? true;
}

/** Puts `prefix` before every line; trace lines the inner logger drops are not even built. */
export function prefixedLogger(logger: Logger, prefix: string): Logger {
  return {
    trace: (m) => { if (isTraceOn(logger)) logger.trace(prefix + m); },
    debug: (m) => logger.debug(prefix + m),
    info: (m) => logger.info(prefix + m),
    warn: (m) => logger.warn(prefix + m),
    error: (m) => logger.error(prefix + m),
    isTraceEnabled: () => isTraceOn(logger),
  };
}

export const silentLogger: Logger = {
  trace() {}, debug() {}, info() {}, warn() {}, error() {},
  isTraceEnabled: () => false,
};

/** Wall clock and timers, replaceable so that schedulers can be driven deterministically. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): { dispose(): void };
}

/**
 * The delay Node is given for a wait of `ms`. Node runs a delay over 2³¹−1 ms (or NaN) after 1 ms,
 * so a caller that re-arms until its time has come would spin: a longer wait fires at the limit
 * instead (whoever armed it checks what is due and arms the rest), and so does NaN.
 */
export function nodeTimerDelay(ms: number): number {
  if (Number.isNaN(ms)) return MAX_TIMER_MS;
  return Math.min(Math.max(0, ms), MAX_TIMER_MS);
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, nodeTimerDelay(ms));
    handle.unref?.();
    return { dispose: () => clearTimeout(handle) };
  },
};

export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  store(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Who is asking, for a request the server sends to the host. */
export interface ServerRequestContext {
  serverId: string;
  serverLabel: string;
  /** From `_meta["io.modelcontextprotocol/related-task"]` when the request belongs to a task. */
  relatedTaskId?: string;
  /** Set when the server asked the host to run this request as a task: the host's own task id. */
  hostedTaskId?: string;
  /** Aborted when the server cancels the request or the connection goes away. */
  signal: AbortSignal;
  /**
   * URL-mode elicitation only: resolves when the server sends notifications/elicitation/complete
   * for it. Servers may never send it, so it is a shortcut, not something to wait for alone.
   */
  elicitationCompleted?: Promise<void>;
}

/**
 * Answers requests a server sends to the host (elicitation, sampling). The connection calls it;
 * the extension shows editor UI, the CLI answers from flags, tests answer programmatically.
 */
export interface HostRequestHandler {
  elicit(params: ElicitRequest['params'], context: ServerRequestContext): Promise<ElicitResult>;
  createMessage(params: CreateMessageRequest['params'], context: ServerRequestContext): Promise<CreateMessageResult>;
}
