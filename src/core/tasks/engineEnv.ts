/** What the parts of the task engine share, and the request counts behind the benchmarks. */
import type { Clock, Logger } from '../ports';
import type { TaskEngineSettings } from './engineSettings';
import type { OutputValidator } from './outputValidation';
import type { PollScheduler } from './pollScheduler';
import type { TaskProtocol } from './taskProtocol';

/** Requests sent (and notifications received) for one task: the numbers behind the benchmarks. */
export interface RequestCounts {
  create: number;
  call: number;
  get: number;
  result: number;
  cancel: number;
  notifications: number;
}

export function emptyCounts(): RequestCounts {
  return { create: 0, call: 0, get: 0, result: 0, cancel: 0, notifications: 0 };
}

/**
 * What every part of the engine shares and none of them owns: time, logs, settings, the wire
 * dialect, the poll scheduler and the output check. Records live in the TaskBook, servers are
 * reached through ServerAccess.
 */
export interface EngineEnv {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly settings: TaskEngineSettings;
  readonly protocol: TaskProtocol;
  readonly scheduler: PollScheduler;
  readonly validator: OutputValidator;
}
