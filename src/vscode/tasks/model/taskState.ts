/** The three groups a person sorts tasks into, derived from a record (and pending questions). */
import { isTerminalStatus, type TaskRecord } from '../../../core/model/taskRecord';

export type TaskGroupState = 'needsInput' | 'running' | 'finished';

export const GROUP_STATES: readonly TaskGroupState[] = ['needsInput', 'running', 'finished'];

export const GROUP_LABELS: Readonly<Record<TaskGroupState, string>> = {
  needsInput: 'Needs input',
  running: 'Running',
  finished: 'Finished',
};

/** `hasQuestion`: a question from the server is waiting for this task's answer. */
export function groupStateOf(record: TaskRecord, hasQuestion: boolean): TaskGroupState {
  if (isTerminalStatus(record.status)) return 'finished';
  if (hasQuestion || record.status === 'input_required') return 'needsInput';
  return 'running';
}

export function isActive(record: TaskRecord): boolean {
  return !isTerminalStatus(record.status);
}
