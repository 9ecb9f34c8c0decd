/**
 * Questions servers asked (elicitation) that wait for the person's answer. A question belongs to a
 * task when the server marked it with the related-task id; it disappears when answered, or when
 * the server withdraws it (the request's signal aborts). Free of 'vscode' so it can be unit-tested.
 */
import type { ElicitRequest, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { Emitter, type Event } from '../../core/events';

export interface PendingQuestion {
  readonly id: number;
  readonly serverId: string;
  readonly serverLabel: string;
  /** The server's task id, when the question belongs to a task. */
  readonly relatedTaskId?: string;
  /** The host's own task id, when the server asked for the question as a task (hosted task). */
  readonly hostedTaskId?: string;
  readonly params: ElicitRequest['params'];
  readonly askedAt: number;
  /** Aborted when the server withdraws the question. */
  readonly signal: AbortSignal;
  /** URL mode: resolves when the server reports the browser step done (it may never). */
  readonly completed?: Promise<void>;
}

interface Entry {
  question: PendingQuestion;
  resolve(result: ElicitResult): void;
}

/** How a question stopped waiting: the person answered it, or the server withdrew it. */
export type QuestionOutcome = 'answered' | 'withdrawn';

/** Outcomes kept for questions that are gone, so a late click on an old notification can be told apart. */
const OUTCOMES_KEPT = 200;

export class PendingQuestions {
  private readonly entries = new Map<number, Entry>();
  private nextId = 1;
  private readonly changed = new Emitter<PendingQuestion>();
  /** Fires when a question arrives, is answered or is withdrawn. */
  readonly onDidChange: Event<PendingQuestion> = this.changed.event;
  private readonly added = new Emitter<PendingQuestion>();
  readonly onDidAdd: Event<PendingQuestion> = this.added.event;
  private readonly answered = new Emitter<PendingQuestion>();
  /** Fires when the person's answer reached the question (not when it was withdrawn). */
  readonly onDidAnswer: Event<PendingQuestion> = this.answered.event;
  private readonly outcomes = new Map<number, QuestionOutcome>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Keeps the question until `answer` or the signal; resolves with the answer (cancel when withdrawn). */
  ask(question: Omit<PendingQuestion, 'id' | 'askedAt'>): { question: PendingQuestion; answer: Promise<ElicitResult> } {
    const full: PendingQuestion = { ...question, id: this.nextId++, askedAt: this.now() };
    let resolve!: (result: ElicitResult) => void;
    const answer = new Promise<ElicitResult>((r) => { resolve = r; });
    if (question.signal.aborted) {
      resolve({ action: 'cancel' });
      return { question: full, answer };
    }
    this.entries.set(full.id, { question: full, resolve });
    question.signal.addEventListener('abort', () => this.settle(full.id, { action: 'cancel' }, 'withdrawn'), { once: true });
    this.added.fire(full);
    this.changed.fire(full);
    return { question: full, answer };
  }

  /** Gives the server its answer; false if the question is no longer pending. */
  answer(id: number, result: ElicitResult): boolean {
    const entry = this.entries.get(id);
    if (!this.settle(id, result, 'answered')) return false;
    this.answered.fire(entry!.question);
    return true;
  }

  /** How a question that is no longer pending ended; undefined while it waits (or when long forgotten). */
  outcomeOf(id: number): QuestionOutcome | undefined {
    return this.outcomes.get(id);
  }

  get(id: number): PendingQuestion | undefined {
    return this.entries.get(id)?.question;
  }

  all(): PendingQuestion[] {
    return [...this.entries.values()].map((e) => e.question);
  }

  /** The oldest pending question of a server's task or of a task the host runs for that server. */
  forTask(serverId: string, taskId: string): PendingQuestion | undefined {
    for (const { question } of this.entries.values()) {
      if (question.serverId === serverId && taskIdsOf(question).includes(taskId)) return question;
    }
    return undefined;
  }

  hasTask(serverId: string, taskId: string): boolean {
    return this.forTask(serverId, taskId) !== undefined;
  }

  get size(): number {
    return this.entries.size;
  }

  dispose(): void {
    for (const id of [...this.entries.keys()]) this.settle(id, { action: 'cancel' }, 'withdrawn');
    this.changed.dispose();
    this.added.dispose();
    this.answered.dispose();
  }

  private settle(id: number, result: ElicitResult, outcome: QuestionOutcome): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    this.entries.delete(id);
    this.outcomes.set(id, outcome);
    if (this.outcomes.size > OUTCOMES_KEPT) this.outcomes.delete(this.outcomes.keys().next().value!);
    entry.resolve(result);
    this.changed.fire(entry.question);
    return true;
  }
}

/** The tasks a question belongs to: the server's task it is part of, and the hosted task it is. */
export function taskIdsOf(question: PendingQuestion): string[] {
  const ids: string[] = [];
  if (question.relatedTaskId) ids.push(question.relatedTaskId);
  if (question.hostedTaskId) ids.push(question.hostedTaskId);
  return ids;
}
