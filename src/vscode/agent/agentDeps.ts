/** What the agent's tools work with: the same task service, servers and questions the Tasks UI uses. */
import type { ServerLookup } from '../../core/servers/types';
import type { TaskService } from '../../core/taskService';
import { errorReply, type AgentReply } from './agentReply';
import type { ResultLimits } from './resultShaping';
import type { QuestionSource } from './taskReports';

export interface AgentDeps {
  readonly tasks: TaskService;
  readonly servers: ServerLookup;
  readonly questions: QuestionSource;
  readonly now: () => number;
}

/** One tool call's circumstances. */
export interface CallContext {
  /** The chat request was cancelled: stop waiting (tasks keep running). */
  readonly signal?: AbortSignal;
  readonly limits?: ResultLimits;
}

/** Runs a tool's work; whatever it throws becomes a reply the model can read. */
export async function guarded(what: string, work: () => Promise<AgentReply>): Promise<AgentReply> {
  try {
    return await work();
  } catch (err) {
    return errorReply(`${what} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
