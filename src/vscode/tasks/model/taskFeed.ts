/**
 * One throttled stream of "these tasks changed" for every view: engine changes and question
 * changes are coalesced into at most one batch per interval, whatever the number of tasks.
 */
import { DisposableStore, Emitter, type Disposable, type Event } from '../../../core/events';
import type { Clock } from '../../../core/ports';
import { taskKey, type TaskRecord } from '../../../core/model/taskRecord';
import { taskIdsOf, type PendingQuestion, type PendingQuestions } from '../../prompts/pendingQuestions';
import { RefreshThrottle } from './refreshThrottle';

/** Key under which changes that concern no single task are batched (e.g. a question without a task). */
export const GLOBAL_CHANGE = '';

export interface TaskSource {
  readonly onDidChangeTask: Event<TaskRecord>;
  /** A task left the history: views drop its row. */
  readonly onDidRemoveTask: Event<TaskRecord>;
  list(): TaskRecord[];
  get(key: string): TaskRecord | undefined;
  keyFor(serverId: string, taskId: string): string | undefined;
}

export class TaskFeed implements Disposable {
  private readonly disposables = new DisposableStore();
  private readonly throttle: RefreshThrottle<string>;
  private readonly flushed = new Emitter<ReadonlySet<string>>();
  /** Batches of changed task keys (GLOBAL_CHANGE for changes of no single task). */
  readonly onDidChange: Event<ReadonlySet<string>> = this.flushed.event;

  constructor(readonly source: TaskSource, readonly questions: PendingQuestions, clock: Clock, intervalMs = 100) {
    this.throttle = this.disposables.add(new RefreshThrottle<string>(clock, intervalMs, (keys) => this.flushed.fire(keys)));
    this.disposables.add(source.onDidChangeTask((record) => this.throttle.add(record.key)));
    this.disposables.add(source.onDidRemoveTask((record) => this.throttle.add(record.key)));
    this.disposables.add(questions.onDidChange((q) => {
      const ids = taskIdsOf(q);
      for (const id of ids) this.throttle.add(source.keyFor(q.serverId, id) ?? taskKey(q.serverId, id));
      if (ids.length === 0) this.throttle.add(GLOBAL_CHANGE);
    }));
    this.disposables.add(this.flushed);
  }

  /** The task a question is shown under: the server's task it is part of, else the hosted task it is. */
  recordOfQuestion(q: PendingQuestion): TaskRecord | undefined {
    for (const id of taskIdsOf(q)) {
      const key = this.source.keyFor(q.serverId, id);
      const record = key ? this.get(key) : undefined;
      if (record) return record;
    }
    return undefined;
  }

  /** Every record the views show (before any filter). */
  records(): TaskRecord[] {
    return this.source.list();
  }

  get(key: string): TaskRecord | undefined {
    return this.source.get(key);
  }

  /** Marks keys as changed without an engine event (elapsed-time ticks, removals, filter changes). */
  touch(key: string): void {
    this.throttle.add(key);
  }

  flushNow(): void {
    this.throttle.flushNow();
  }

  hasQuestion(record: TaskRecord): boolean {
    return this.questions.hasTask(record.serverId, record.taskId);
  }

  /** Questions that belong to no known task. */
  orphanQuestionCount(): number {
    let n = 0;
    for (const q of this.questions.all()) {
      if (!taskIdsOf(q).some((id) => this.source.keyFor(q.serverId, id))) n++;
    }
    return n;
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
