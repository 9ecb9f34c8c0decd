/**
 * Status notifications of a 2026-07-28 session: one `subscriptions/listen` stream naming the
 * tasks still running, opened while someone subscribes and reopened (debounced) when that set
 * changes. A server that refuses the stream is not asked again; its tasks are polled, as they are
 * anyway (the engine only polls less once notifications arrive).
 */
import type { Disposable } from '../../events';
import type { Logger } from '../../ports';
import { errorMessage, isConnectionError } from '../protocolErrors';
import { isWireTerminal, type WireTask } from '../wireTask';
import type { StatusListener } from './taskProtocol2026';
import type { ModernTask } from './taskShapes2026';

export type OpenListen = (taskIds: string[], listener: StatusListener) => Disposable;

interface Sink {
  handler(task: WireTask): void;
  onInvalid(raw: unknown): void;
}

/** Changes of the running set within this time are one reopen. */
const REOPEN_DEBOUNCE_MS = 100;
/** A stream the server ended on its own is opened again after this long. */
const REOPEN_AFTER_END_MS = 1_000;

export class StatusStreams {
  private readonly sinks = new Set<Sink>();
  private readonly running = new Set<string>();
  private stream: Disposable | undefined;
  private timer: NodeJS.Timeout | undefined;
  private refused = false;
  private closed = false;

  constructor(
    private readonly open: OpenListen,
    /** Takes a notified snapshot in (kept results, questions) and gives the engine's shape of it. */
    private readonly take: (task: ModernTask) => WireTask,
    private readonly logger: Logger,
  ) {}

  subscribe(handler: (task: WireTask) => void, onInvalid: (raw: unknown) => void): Disposable {
    const sink: Sink = { handler, onInvalid };
    this.sinks.add(sink);
    this.schedule(REOPEN_DEBOUNCE_MS);
    return {
      dispose: () => {
        this.sinks.delete(sink);
        if (this.sinks.size === 0) this.closeStream();
      },
    };
  }

  /** Every snapshot of a task passes here: the stream names the tasks that have not ended. */
  follow(task: ModernTask): void {
    const wasRunning = this.running.has(task.taskId);
    if (isWireTerminal(task.status)) this.running.delete(task.taskId);
    else this.running.add(task.taskId);
    if (wasRunning !== this.running.has(task.taskId)) this.schedule(REOPEN_DEBOUNCE_MS);
  }

  forget(taskId: string): void {
    if (this.running.delete(taskId)) this.schedule(REOPEN_DEBOUNCE_MS);
  }

  close(): void {
    this.closed = true;
    this.closeStream();
    this.sinks.clear();
  }

  private schedule(delayMs: number): void {
    if (this.refused || this.closed || this.sinks.size === 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.reopen(), delayMs);
    this.timer.unref?.();
  }

  private reopen(): void {
    this.closeStream();
    if (this.refused || this.closed || this.sinks.size === 0 || this.running.size === 0) return;
    let current: Disposable | undefined;
    current = this.open([...this.running], {
      onTask: (task) => {
        const wire = this.take(task);
        this.follow(task);
        for (const sink of [...this.sinks]) sink.handler(wire);
      },
      onInvalid: (raw) => { for (const sink of [...this.sinks]) sink.onInvalid(raw); },
      onEnd: (error) => {
        if (this.stream !== current) return;
        // What the ended stream holds (its handler, on HTTP its own connection) goes with it.
        this.stream = undefined;
        current?.dispose();
        if (error === undefined || isConnectionError(error)) {
          this.schedule(REOPEN_AFTER_END_MS);
          return;
        }
        this.refused = true;
        this.logger.info(`The server did not open a status stream (${errorMessage(error)}); its tasks are polled`);
      },
    });
    this.stream = current;
  }

  private closeStream(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const stream = this.stream;
    this.stream = undefined;
    stream?.dispose();
  }
}
