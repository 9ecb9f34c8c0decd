/**
 * Follows each server's sessions for the engine: wires status notifications on every new client,
 * marks tasks connection_lost when a session goes away, and resumes them (tasks/get) when a
 * session is back.
 */
import { DisposableStore, type Disposable } from '../events';
import type { ServerLookup, ServerSession, SessionChange } from '../servers/types';
import type { EngineEnv } from './engineEnv';
import type { TaskBook } from './taskBook';
import type { SessionHooks } from './serverAccess';
import { errorMessage } from './protocolErrors';
import type { TaskLoss } from './taskLoss';
import type { TaskTracker } from './taskTracker';
import { isTerminalStatus } from '../model/taskRecord';

export class SessionWatch implements SessionHooks, Disposable {
  private readonly bound = new Set<string>();
  private readonly subscriptions = new DisposableStore();
  private readonly wired = new WeakSet<ServerSession>();
  private readonly statusHandlers = new DisposableStore();

  constructor(
    private readonly env: EngineEnv,
    private readonly book: TaskBook,
    private readonly servers: ServerLookup,
    private readonly tracker: TaskTracker,
    private readonly loss: TaskLoss,
  ) {}

  /** Starts following a server (once). */
  bind(serverId: string): void {
    if (this.bound.has(serverId)) return;
    const handle = this.servers.get(serverId);
    if (!handle) return;
    this.bound.add(serverId);
    this.subscriptions.add(handle.onDidChangeSession((change) => this.onSessionChange(serverId, change)));
    if (handle.session) this.wire(serverId, handle.session);
  }

  /** Status notifications arrive per session; a session has one handler per method, registered here. */
  wire(serverId: string, session: ServerSession): void {
    if (this.wired.has(session)) return;
    this.wired.add(session);
    this.statusHandlers.add(this.env.protocol.onStatus(
      session,
      (wire) => this.tracker.onNotification(serverId, wire),
      (raw) => this.env.logger.warn(`${serverId}: ignored a malformed task status notification: ${JSON.stringify(raw).slice(0, 200)}`),
    ));
  }

  /** Polls at once every task of the server that waits for a session (after a reconnect or a host restart). */
  resumeServer(serverId: string): void {
    for (const record of this.book.recordsOf(serverId)) {
      if (record.kind !== 'task' || isTerminalStatus(record.status)) continue;
      if (this.book.live(record.key).ending.kind === 'finishing') continue;
      this.env.scheduler.add(record.key, record.pollInterval, true);
      this.env.scheduler.pollSoon(record.key);
    }
  }

  dispose(): void {
    this.subscriptions.dispose();
    this.statusHandlers.dispose();
    this.bound.clear();
  }

  private onSessionChange(serverId: string, change: SessionChange): void {
    // A new session (or none) has yet to show whether it sends status notifications.
    this.env.scheduler.forgetGroup(serverId);
    switch (change.reason) {
      case 'lost':
      case 'stopped':
        this.onSessionGone(serverId, change.reason);
        break;
      case 'reinitialized':
        // The server forgot the old session; its tasks may be gone with it. Ask, and say why if so.
        this.onSessionGone(serverId, 'lost');
        if (change.session) this.wire(serverId, change.session);
        this.resumeServer(serverId);
        break;
      case 'connected':
        if (change.session) this.wire(serverId, change.session);
        this.resumeServer(serverId);
        break;
    }
  }

  private onSessionGone(serverId: string, reason: 'lost' | 'stopped'): void {
    const running = this.book.recordsOf(serverId).filter((r) => r.kind === 'task' && !isTerminalStatus(r.status));
    if (running.length === 0) return;
    // The records carry the label: a server removed from the configuration is no longer looked up.
    const label = running[0].serverLabel;
    const message = reason === 'lost'
      ? `the connection to ${label} was lost; tracking resumes when it reconnects`
      : `${label} was stopped; tracking resumes when it starts again`;
    for (const record of running) {
      this.loss.markLost(record.key, message).catch((err: unknown) => {
        this.env.logger.error(`${record.key}: marking the task connection_lost failed: ${errorMessage(err)}`);
      });
    }
  }
}
