/**
 * The workspace servers waiting for the user's permission to start: the one place that knows, so
 * the notification, the Servers view's row and its tooltip all show the same question and any of
 * them can answer it. Whoever answers first decides; the others find nothing left to answer.
 * No 'vscode' here, so it is unit-tested as it is.
 */
import { Emitter, type Disposable } from '../../core/events';

export interface ConsentRequest {
  readonly serverId: string;
  /** The definition the question is about: a new definition is a new question. */
  readonly definitionHash: string;
  readonly name: string;
  /** What will run, variables substituted (values asked for at start show as written). */
  readonly resolved: string;
  /** As the configuration writes it, when that reads differently from `resolved`. */
  readonly written?: string;
  /** The user allowed an earlier definition of this server. */
  readonly changed: boolean;
}

export type ConsentAnswer = 'allow' | 'refuse';

interface Pending {
  readonly request: ConsentRequest;
  readonly answered: Promise<ConsentAnswer>;
  readonly settle: (answer: ConsentAnswer) => void;
}

export class ConsentRequests implements Disposable {
  private readonly pending = new Map<string, Pending>();
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;

  get(serverId: string): ConsentRequest | undefined {
    return this.pending.get(serverId)?.request;
  }

  all(): ConsentRequest[] {
    return [...this.pending.values()].map((p) => p.request);
  }

  /**
   * Resolves with the user's answer. Asking again about the same definition joins the question
   * already open; a new definition of the server replaces it (the old start was for what is no
   * longer configured, so it is refused).
   */
  ask(request: ConsentRequest): Promise<ConsentAnswer> {
    const open = this.pending.get(request.serverId);
    if (open?.request.definitionHash === request.definitionHash) return open.answered;
    if (open) this.settle(request.serverId, 'refuse', false);
    let settle!: (answer: ConsentAnswer) => void;
    const answered = new Promise<ConsentAnswer>((resolve) => { settle = resolve; });
    this.pending.set(request.serverId, { request, answered, settle });
    this.changed.fire();
    return answered;
  }

  /** Answers the open question of a server; false when there is none (already answered elsewhere). */
  answer(serverId: string, answer: ConsentAnswer, definitionHash?: string): boolean {
    const open = this.pending.get(serverId);
    if (!open || (definitionHash !== undefined && open.request.definitionHash !== definitionHash)) return false;
    this.settle(serverId, answer, true);
    return true;
  }

  dispose(): void {
    for (const serverId of [...this.pending.keys()]) this.settle(serverId, 'refuse', false);
    this.changed.dispose();
  }

  private settle(serverId: string, answer: ConsentAnswer, notify: boolean): void {
    const open = this.pending.get(serverId);
    if (!open) return;
    this.pending.delete(serverId);
    open.settle(answer);
    if (notify) this.changed.fire();
  }
}

