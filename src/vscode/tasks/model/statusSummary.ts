/** What the status bar item says about the running tasks. */
import { isTerminalStatus, type TaskRecord } from '../../../core/model/taskRecord';
import { formatProgress, progressFraction } from './taskText';

export interface StatusSummary {
  /** Whether anything runs or waits for input. */
  readonly active: boolean;
  readonly text: string;
  /** One line per running task. */
  readonly tooltipLines: readonly string[];
  /** A task waits for the user's answer. */
  readonly needsInput: boolean;
}

export function summariseRunning(records: Iterable<TaskRecord>, hasQuestion: (record: TaskRecord) => boolean, orphanQuestions = 0): StatusSummary {
  let running = 0;
  let waiting = orphanQuestions;
  let fractionSum = 0;
  let reporting = 0;
  const lines: string[] = [];
  for (const record of records) {
    if (isTerminalStatus(record.status)) continue;
    running++;
    const asks = hasQuestion(record) || record.status === 'input_required';
    if (asks) waiting++;
    const fraction = progressFraction(record.progress);
    if (fraction !== undefined) {
      fractionSum += fraction;
      reporting++;
    }
    const progress = formatProgress(record.progress);
    const state = asks ? 'needs input' : record.status === 'connection_lost' ? 'connection lost' : progress ?? 'running';
    lines.push(`${record.serverLabel} · ${record.tool || record.taskId} — ${state}`);
  }
  if (running === 0 && waiting === 0) return { active: false, text: '$(check) no tasks running', tooltipLines: [], needsInput: false };
  const parts = [`${running} task${running === 1 ? '' : 's'}`];
  if (reporting > 0) parts.push(`${Math.round((fractionSum / reporting) * 100)} %`);
  if (waiting > 0) parts.push(`${waiting} need${waiting === 1 ? 's' : ''} input`);
  const icon = waiting > 0 ? '$(bell-dot)' : '$(sync~spin)';
  return { active: true, text: `${icon} ${parts.join(' · ')}`, tooltipLines: lines.sort(), needsInput: waiting > 0 };
}

/** How long the status bar offers the result of the last task that finished, once nothing runs. */
export const RECENT_RESULT_MS = 60_000;

/**
 * The task that finished last, if within `windowMs` of `now`: a completion toast hides after a
 * while, and the result should stay one click away a little longer than that.
 */
export function lastFinished(records: Iterable<TaskRecord>, now: number, windowMs = RECENT_RESULT_MS): TaskRecord | undefined {
  let last: TaskRecord | undefined;
  for (const record of records) {
    if (!isTerminalStatus(record.status) || record.kind === 'hosted') continue;
    if (now - record.updatedAt > windowMs || record.updatedAt > now + windowMs) continue;
    if (!last || record.updatedAt > last.updatedAt) last = record;
  }
  return last;
}
