/**
 * A session with a server of MCP 2026-07-28, in the engine's terms: what the server declared (as
 * the capabilities the engine already reads), its tools, and task operations that hand back the
 * engine's task shape. Results and errors arrive inline with the status, so the last final
 * snapshot of each task is kept until the engine takes its result; input requests are answered
 * as they are seen, whoever asked for the snapshot (a poll, a wait for the end).
 */
import { McpError, type CallToolResult, type ServerCapabilities, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { ErrorCodes } from '../../model/errorCodes';
import type { CreateOutcome, ToolCall } from '../protocolShapes';
import { isWireTerminal, parseWireTask, type WireTask } from '../wireTask';
import type { EraVerdict } from './eraNegotiation';
import type { Disposable } from '../../events';
import type { Logger } from '../../ports';
import type { ModernChannel } from './modernChannel';
import { InputAnswerer, type InputAnswererOptions } from './modernInputs';
import { SnapshotOrder } from './snapshotOrder';
import { StatusStreams, type OpenListen } from './statusStreams';
import { TaskProtocol2026 } from './taskProtocol2026';
import type { ModernCallOutcome, ModernTask } from './taskShapes2026';
import { UnexpectedReplyError } from '../toolResultShape';

export type ModernVerdict = Extract<EraVerdict, { era: 'modern' }>;

export type ModernLinkOptions = Omit<InputAnswererOptions, 'send'> & {
  /**
   * A channel of its own for each status stream (Streamable HTTP: SDK 1.32.2 closes one POST
   * stream only by closing its transport). Absent on stdio, where a stream is ended by
   * `notifications/cancelled` on the session's own channel.
   */
  readonly listenChannel?: () => Promise<ModernChannel>;
};

type Ended = Extract<ModernTask, { status: 'completed' | 'failed' | 'cancelled' }>;

interface EndWaiter {
  ended(task: Ended): void;
  closed(error: Error): void;
}

/** Final snapshots kept for their results; the engine takes each soon after it is seen. */
const MAX_ENDED = 1_000;
/** Rounds of questions before a tool runs that are answered; a server asking for ever is refused. */
const MAX_INPUT_ROUNDS = 8;
/** Between polls of a plain call the server turned into a task, when it names no interval. */
const DEFAULT_POLL_MS = 1_000;

export class ModernLink {
  readonly protocol: TaskProtocol2026;
  readonly capabilities: ServerCapabilities;
  private readonly inputs: InputAnswerer;
  private readonly status: StatusStreams;
  private readonly order = new SnapshotOrder();
  private readonly ended = new Map<string, Ended>();
  private readonly endWaiters = new Map<string, Set<EndWaiter>>();
  /** Aborted when the link closes: questions asked before a tool runs are withdrawn with it. */
  private readonly lifetime = new AbortController();

  constructor(readonly verdict: ModernVerdict, options: ModernLinkOptions) {
    this.protocol = new TaskProtocol2026(verdict.channel, options.logger);
    this.capabilities = engineCapabilities(verdict);
    this.inputs = new InputAnswerer({ ...options, send: (taskId, responses) => this.protocol.updateTask(taskId, responses) });
    const open: OpenListen = options.listenChannel ? separateListen(options.listenChannel, options.logger) : (ids, listener) => this.protocol.listen(ids, listener);
    this.status = new StatusStreams(open, (task) => this.observe(task), options.logger);
  }

  get version(): string {
    return this.verdict.version;
  }

  /**
   * One page of tools/list (the launch follows the pages, in either era). With the extension the
   * server decides per call, so a tool that does not say is taken as optional.
   */
  async listToolsPage(cursor: string | undefined): Promise<{ tools: Tool[]; nextCursor?: string }> {
    const raw = await this.verdict.channel.request('tools/list', cursor ? { cursor } : {});
    const tools = (Array.isArray(raw.tools) ? raw.tools as Tool[] : []).map((tool) => this.withTaskSupport(tool));
    return typeof raw.nextCursor === 'string' && raw.nextCursor ? { tools, nextCursor: raw.nextCursor } : { tools };
  }

  async createTask(call: ToolCall, signal?: AbortSignal): Promise<CreateOutcome> {
    const outcome = await this.call(call, signal);
    return outcome.kind === 'task' ? { kind: 'task', task: this.observe(outcome.task) } : outcome;
  }

  /**
   * A call whose answer is awaited here, also when the server turns it into a task (then an
   * abort cancels that task on the server, as giving up a plain call would stop it).
   */
  async callTool(call: ToolCall, signal?: AbortSignal): Promise<CallToolResult> {
    const outcome = await this.call(call, signal);
    if (outcome.kind === 'result') return outcome.result;
    let task = outcome.task;
    this.observe(task);
    try {
      while (!isEnded(task)) {
        await pause(task.pollIntervalMs ?? DEFAULT_POLL_MS, signal);
        task = await this.protocol.getTask(task.taskId);
        this.observe(task);
      }
      return this.take(task.taskId) ?? resultOf(task);
    } catch (error) {
      if (signal?.aborted) await this.protocol.cancelTask(task.taskId).catch(() => undefined);
      throw error;
    } finally {
      this.release(task.taskId);
    }
  }

  /**
   * tools/call until the server runs it: a server that first asks for input (MRTR) gets the
   * answers with the repeated request, as many rounds as it asks, up to a bound.
   */
  private async call(call: ToolCall, signal?: AbortSignal): Promise<Exclude<ModernCallOutcome, { kind: 'input' }>> {
    const asking = signal ? AbortSignal.any([signal, this.lifetime.signal]) : this.lifetime.signal;
    let outcome = await this.protocol.callTool(call, undefined, signal);
    for (let round = 1; outcome.kind === 'input'; round++) {
      if (round > MAX_INPUT_ROUNDS) throw new UnexpectedReplyError(`tools/call: the server still asked for input after ${MAX_INPUT_ROUNDS} rounds of answers`, outcome.inputRequests);
      const inputResponses = await this.inputs.answerAll(outcome.inputRequests, asking);
      outcome = await this.protocol.callTool(call, { inputResponses, requestState: outcome.requestState }, signal);
    }
    return outcome;
  }

  async getTask(taskId: string): Promise<WireTask> {
    return this.observe(await this.protocol.getTask(taskId));
  }

  /** The result of an ended task, from its final snapshot; waits for that snapshot (a poll brings it). */
  async result(taskId: string, signal?: AbortSignal): Promise<CallToolResult> {
    const known = this.take(taskId);
    if (known) return known;
    if (!signal) {
      // Asked for a task the engine knows has ended, before this link saw it end (after a restart).
      const task = this.observeModern(await this.protocol.getTask(taskId));
      if (isEnded(task)) return this.take(taskId) ?? resultOf(task);
    }
    const task = await this.whenEnded(taskId, signal);
    return this.take(taskId) ?? resultOf(task);
  }

  /** Asks the server to cancel and reports the task as it stands after the acknowledgement. */
  async cancelTask(taskId: string): Promise<WireTask> {
    await this.protocol.cancelTask(taskId);
    return this.getTask(taskId);
  }

  /** Status notifications (on a listen stream naming the running tasks) for as long as subscribed. */
  onStatus(handler: (task: WireTask) => void, onInvalid: (raw: unknown) => void): Disposable {
    return this.status.subscribe(handler, onInvalid);
  }

  /** The engine is done with the task. */
  release(taskId: string): void {
    this.ended.delete(taskId);
    this.order.forget(taskId);
    this.inputs.withdraw(taskId);
    this.status.forget(taskId);
  }

  close(): void {
    const closed = new McpError(ErrorCodes.ConnectionClosed, 'Connection closed');
    this.lifetime.abort(closed);
    this.inputs.dispose();
    this.status.close();
    for (const waiters of this.endWaiters.values()) for (const waiter of waiters) waiter.closed(closed);
    this.endWaiters.clear();
  }

  private observe(task: ModernTask): WireTask {
    this.observeModern(task);
    return toWireTask(task);
  }

  private observeModern(task: ModernTask): ModernTask {
    // An overtaken snapshot tells the engine nothing new; here it would ask or follow again.
    if (!this.order.admit(task)) return task;
    this.inputs.observe(task);
    this.status.follow(task);
    if (isEnded(task)) {
      if (this.ended.size >= MAX_ENDED) this.ended.delete(this.ended.keys().next().value!);
      this.ended.set(task.taskId, task);
      const waiters = this.endWaiters.get(task.taskId);
      this.endWaiters.delete(task.taskId);
      for (const waiter of waiters ?? []) waiter.ended(task);
    }
    return task;
  }

  /** The result of a final snapshot this link has seen, or undefined; a failure or cancel throws. */
  private take(taskId: string): CallToolResult | undefined {
    const task = this.ended.get(taskId);
    return task ? resultOf(task) : undefined;
  }

  private whenEnded(taskId: string, signal: AbortSignal | undefined): Promise<Ended> {
    if (this.lifetime.signal.aborted) return Promise.reject(this.lifetime.signal.reason);
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      let waiters = this.endWaiters.get(taskId);
      if (!waiters) this.endWaiters.set(taskId, waiters = new Set());
      const waiter: EndWaiter = {
        ended: (task) => { signal?.removeEventListener('abort', onAbort); resolve(task); },
        closed: (error) => { signal?.removeEventListener('abort', onAbort); reject(error); },
      };
      const onAbort = () => {
        waiters.delete(waiter);
        if (waiters.size === 0) this.endWaiters.delete(taskId);
        reject(signal?.reason ?? new Error('aborted'));
      };
      waiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private withTaskSupport(tool: Tool): Tool {
    if (tool.execution?.taskSupport !== undefined || !this.verdict.tasksExtension) return tool;
    return { ...tool, execution: { ...tool.execution, taskSupport: 'optional' } };
  }
}

function isEnded(task: ModernTask): task is Ended {
  return isWireTerminal(task.status);
}

/** The result a final snapshot carries: a failed task's JSON-RPC error is thrown, as a request's would be. */
function resultOf(task: Ended): CallToolResult {
  switch (task.status) {
    case 'completed':
      return task.result;
    case 'failed':
      throw new McpError(task.error.code, task.error.message, task.error.data);
    case 'cancelled':
      throw new McpError(ErrorCodes.InternalError, 'The task was cancelled');
  }
}

/** The engine's shape of a task (the 2025-11-25 field names), within the host's limits. */
function toWireTask(task: ModernTask): WireTask {
  return parseWireTask({
    taskId: task.taskId,
    status: task.status,
    ...(task.statusMessage !== undefined ? { statusMessage: task.statusMessage } : {}),
    ...(task.createdAt !== undefined ? { createdAt: task.createdAt } : {}),
    ...(task.lastUpdatedAt !== undefined ? { lastUpdatedAt: task.lastUpdatedAt } : {}),
    ...(task.ttlMs !== undefined ? { ttl: task.ttlMs } : {}),
    ...(task.pollIntervalMs !== undefined ? { pollInterval: task.pollIntervalMs } : {}),
  });
}

/**
 * What the engine reads of a server's capabilities, from the discover result: with the tasks
 * extension, tools/call may become a task and tasks can be cancelled; there is no listing.
 */
function engineCapabilities(verdict: ModernVerdict): ServerCapabilities {
  const { extensions: _extensions, ...declared } = verdict.discover.capabilities;
  const tasks = verdict.tasksExtension ? { tasks: { requests: { tools: { call: {} } }, cancel: {} } } : {};
  return { ...(declared as ServerCapabilities), ...tasks };
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(timer); reject(signal?.reason); };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Each status stream on a channel of its own, closed with the stream. */
function separateListen(listenChannel: () => Promise<ModernChannel>, logger: Logger): OpenListen {
  return (taskIds, listener) => {
    let disposed = false;
    let stream: Disposable | undefined;
    let channel: ModernChannel | undefined;
    listenChannel().then((opened) => {
      channel = opened;
      if (disposed) return void opened.close().catch(() => undefined);
      stream = new TaskProtocol2026(opened, logger).listen(taskIds, listener);
    }, (error: unknown) => listener.onEnd?.(error));
    return {
      dispose: () => {
        disposed = true;
        stream?.dispose();
        void channel?.close().catch(() => undefined);
      },
    };
  };
}
