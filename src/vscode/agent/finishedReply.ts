/** The reply for a task that has ended: what happened, then its result as the reply's own content. */
import type { TaskRecord } from '../../core/model/taskRecord';
import type { AgentDeps } from './agentDeps';
import type { AgentReply, ReplyPart } from './agentReply';
import { DEFAULT_RESULT_LIMITS, shapeResult, type ResultLimits } from './resultShaping';
import { reportTask } from './taskReports';

/** Where the whole result is, for a reply that had to leave some of it out. */
export function wholeResultPointer(record: TaskRecord): string {
  return `The whole result: the user can open it with Open Result on the task's row in the MCP Tasks view (command mcpTasks.openResult with the handle "${record.key}").`;
}

export async function finishedReply(deps: AgentDeps, record: TaskRecord, header: string, limits: ResultLimits = DEFAULT_RESULT_LIMITS): Promise<AgentReply> {
  const lines = [header, ...reportTask(record, deps.now(), deps.questions)];
  if (!record.result) {
    if (record.status === 'completed') lines.push('It returned no result.');
    return { parts: [{ kind: 'text', text: lines.join('\n') }] };
  }
  let result: unknown;
  try {
    result = await deps.tasks.readResult(record.result);
  } catch (err) {
    lines.push(`Its result could not be read: ${err instanceof Error ? err.message : String(err)}. ${wholeResultPointer(record)}`);
    return { parts: [{ kind: 'text', text: lines.join('\n') }] };
  }
  const isError = (result as { isError?: unknown } | undefined)?.isError === true;
  lines.push(isError ? 'The tool reported an error; its result:' : 'result:');
  const parts: ReplyPart[] = [{ kind: 'text', text: lines.join('\n') }, ...shapeResult(result, wholeResultPointer(record), limits)];
  return { parts };
}
