/**
 * What the person is shown before a tool runs, gathered without side effects (prepareInvocation
 * must have none): the server, tool and arguments of a start, the task a cancel would stop, and
 * a few words for the progress line of the reads.
 */
import { isTerminalStatus, type TaskRecord } from '../../core/model/taskRecord';
import type { AgentDeps } from './agentDeps';
import { clampSeconds, WAIT_LIMITS, type CancelTaskInput, type StartTaskInput, type WaitForTaskInput } from './agentToolNames';
import { parseCallArguments } from './callArguments';
import { findServer } from './serverTargets';
import { findTask } from './taskHandles';
import { formatProgress } from '../tasks/model/taskText';

export interface StartPreview {
  /** The server's label when it is known, else the name as the model wrote it. */
  readonly server: string;
  readonly tool: string;
  /** The arguments as they will be sent, or as given when they are not an object. */
  readonly args: unknown;
}

export function previewStart(deps: Pick<AgentDeps, 'servers'>, input: StartTaskInput): StartPreview {
  const server = findServer(deps.servers, input.server);
  const args = parseCallArguments(input.arguments);
  return {
    server: server.ok ? server.value.label : String(input.server ?? ''),
    tool: String(input.tool ?? ''),
    args: args.ok ? args.value : input.arguments,
  };
}

export interface CancelPreview {
  readonly handle: string;
  readonly record?: TaskRecord;
  /**
   * A task that has ended cannot be stopped, so nothing is asked; an unknown handle is still
   * asked about, as a task could take that handle before the call runs.
   */
  readonly confirm: boolean;
}

export function previewCancel(deps: Pick<AgentDeps, 'tasks'>, input: CancelTaskInput): CancelPreview {
  const found = findTask(deps.tasks, input.handle);
  const handle = String(input.handle ?? '');
  if (!found.ok) return { handle, confirm: true };
  return { handle, record: found.value, confirm: !isTerminalStatus(found.value.status) };
}

export interface WaitPreview {
  readonly seconds: number;
  readonly record?: TaskRecord;
  /** "2/5" or "40 %" when the task reports progress. */
  readonly progress?: string;
}

export function previewWait(deps: Pick<AgentDeps, 'tasks'>, input: WaitForTaskInput): WaitPreview {
  const found = findTask(deps.tasks, input.handle);
  const seconds = clampSeconds(input.timeoutSeconds, WAIT_LIMITS.waitDefaultSeconds, 1, WAIT_LIMITS.waitMaxSeconds);
  if (!found.ok) return { seconds };
  const progress = formatProgress(found.value.progress);
  return { seconds, record: found.value, ...(progress ? { progress } : {}) };
}
