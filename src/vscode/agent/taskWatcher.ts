/**
 * Waits, without polling, until a task reaches a state a tool call returns on: each change of the
 * task or of the questions is looked at, and a deadline and the caller's signal bound the wait.
 */
import type { TaskRecord } from '../../core/model/taskRecord';
import type { TaskService } from '../../core/taskService';
import type { QuestionSource } from './taskReports';

export type WatchEnd =
  | { readonly kind: 'reached'; readonly record: TaskRecord }
  | { readonly kind: 'timeout'; readonly record: TaskRecord }
  | { readonly kind: 'aborted'; readonly record: TaskRecord }
  | { readonly kind: 'removed' };

export interface Watch {
  readonly tasks: Pick<TaskService, 'get' | 'onDidChangeTask' | 'onDidRemoveTask'>;
  readonly questions: QuestionSource;
  readonly key: string;
  /** Whether the record is what the caller waits for. */
  reached(record: TaskRecord): boolean;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export function watchTask(watch: Watch): Promise<WatchEnd> {
  return new Promise<WatchEnd>((resolve) => {
    const { tasks, key } = watch;
    let done = false;
    const subscriptions: { dispose(): void }[] = [];
    const finish = (end: WatchEnd) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      watch.signal?.removeEventListener('abort', onAbort);
      for (const s of subscriptions) s.dispose();
      resolve(end);
    };
    const look = () => {
      const record = tasks.get(key);
      if (!record) finish({ kind: 'removed' });
      else if (watch.reached(record)) finish({ kind: 'reached', record });
    };
    const ending = (kind: 'timeout' | 'aborted') => () => {
      const record = tasks.get(key);
      finish(record ? { kind, record } : { kind: 'removed' });
    };
    const onAbort = ending('aborted');
    const timer = setTimeout(ending('timeout'), Math.max(0, watch.timeoutMs));
    subscriptions.push(
      tasks.onDidChangeTask((record) => { if (record.key === key) look(); }),
      tasks.onDidRemoveTask((record) => { if (record.key === key) look(); }),
      // A question arriving or being answered may be the state waited for.
      watch.questions.onDidChange(() => look()),
    );
    if (watch.signal?.aborted) onAbort();
    else watch.signal?.addEventListener('abort', onAbort, { once: true });
    look();
  });
}
