/**
 * The legal moves of a task record, as pure functions: every change to a record goes through
 * `transition`, which refuses illegal moves and reports whether anything really changed.
 */
import { isTerminalStatus, type TaskRecord, type TaskStatus } from './taskRecord';

/** The fields a transition may change. `undefined` values clear a field only when listed in `clear`. */
export type TaskPatch = Partial<Pick<TaskRecord,
  'status' | 'statusMessage' | 'progress' | 'ttl' | 'pollInterval' | 'result' | 'error' | 'kind' | 'taskId' | 'dialect'
>>;

export type TransitionOutcome =
  | { kind: 'changed'; record: TaskRecord }
  | { kind: 'unchanged'; record: TaskRecord }
  | { kind: 'refused'; record: TaskRecord; reason: string };

const ALLOWED: Record<TaskStatus, ReadonlySet<TaskStatus>> = {
  working: new Set<TaskStatus>(['working', 'input_required', 'completed', 'failed', 'cancelled', 'expired', 'connection_lost']),
  input_required: new Set<TaskStatus>(['working', 'input_required', 'completed', 'failed', 'cancelled', 'expired', 'connection_lost']),
  connection_lost: new Set<TaskStatus>(['working', 'input_required', 'completed', 'failed', 'cancelled', 'expired', 'connection_lost']),
  completed: new Set<TaskStatus>(),
  failed: new Set<TaskStatus>(),
  cancelled: new Set<TaskStatus>(),
  expired: new Set<TaskStatus>(),
};

export function isLegalMove(from: TaskStatus, to: TaskStatus): boolean {
  return ALLOWED[from].has(to);
}

/**
 * Applies a patch. A terminal record never changes; a move the protocol forbids is refused with
 * a reason (the caller logs it); a patch that changes nothing is reported as unchanged so no
 * event fires for it.
 */
export function transition(current: TaskRecord, patch: TaskPatch, now: number): TransitionOutcome {
  const changedKeys = (Object.keys(patch) as (keyof TaskPatch)[]).filter((key) => !sameValue(current[key], patch[key]));
  if (changedKeys.length === 0) return { kind: 'unchanged', record: current };

  if (isTerminalStatus(current.status)) {
    const what = patch.status && patch.status !== current.status ? `to ${patch.status}` : `(${changedKeys.join(', ')})`;
    return { kind: 'refused', record: current, reason: `task ${current.taskId} is ${current.status}; a finished task never changes ${what}` };
  }
  const nextStatus = patch.status ?? current.status;
  if (!isLegalMove(current.status, nextStatus)) {
    return { kind: 'refused', record: current, reason: `illegal move ${current.status} → ${nextStatus} for task ${current.taskId}` };
  }

  const next: TaskRecord = { ...current, updatedAt: now };
  for (const key of changedKeys) {
    const value = patch[key];
    if (value === undefined) delete (next as unknown as Record<string, unknown>)[key];
    else (next as unknown as Record<string, unknown>)[key] = value;
  }
  if (isTerminalStatus(nextStatus)) next.finishedAt = now;
  // A task that is running again has no error to show.
  if (!isTerminalStatus(nextStatus) && nextStatus !== 'connection_lost' && patch.error === undefined && current.status === 'connection_lost') {
    delete next.error;
  }
  return { kind: 'changed', record: next };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  // Results can be megabytes: only small objects (progress, error) are compared by content.
  if ('kind' in a && ((a as { kind: unknown }).kind === 'inline' || (a as { kind: unknown }).kind === 'file')) return false;
  return shallowEqual(a as Record<string, unknown>, b as Record<string, unknown>);
}

function shallowEqual(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keysA = Object.keys(a).filter((k) => a[k] !== undefined);
  const keysB = Object.keys(b).filter((k) => b[k] !== undefined);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((k) => a[k] === b[k]);
}
