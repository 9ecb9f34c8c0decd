/**
 * A task as a model reads it: its handle, what it is doing, how far it got, whether it waits for
 * the user, and which call to make next. A few short lines per task, whatever the task.
 */
import type { Event } from '../../core/events';
import { isTerminalStatus, type TaskRecord } from '../../core/model/taskRecord';
import { formatDuration, formatProgress, oneLine } from '../tasks/model/taskText';
import { taskIdsOf, type PendingQuestion } from '../prompts/pendingQuestions';
import { AGENT_TOOLS } from './agentToolNames';

/** The questions servers asked that wait for the person (PendingQuestions). */
export interface QuestionSource {
  forTask(serverId: string, taskId: string): PendingQuestion | undefined;
  all(): PendingQuestion[];
  readonly onDidChange: Event<PendingQuestion>;
}

/**
 * The question a task waits on. A plain call's question carries no task id: it is the call's
 * when it comes from the same server and names no task.
 */
export function questionOf(record: TaskRecord, questions: QuestionSource): PendingQuestion | undefined {
  const own = questions.forTask(record.serverId, record.taskId);
  if (own || record.kind !== 'call' || isTerminalStatus(record.status)) return own;
  return questions.all().find((q) => q.serverId === record.serverId && taskIdsOf(q).length === 0);
}

export function waitsForUser(record: TaskRecord, questions: QuestionSource): boolean {
  return !isTerminalStatus(record.status) && (record.status === 'input_required' || questionOf(record, questions) !== undefined);
}

const STATUS_WORDS: Readonly<Record<TaskRecord['status'], string>> = {
  working: 'running',
  input_required: 'waiting for the user',
  completed: 'completed',
  failed: 'failed',
  cancelled: 'cancelled',
  expired: 'expired (the server no longer keeps it)',
  connection_lost: 'connection to the server lost (tracking resumes when it is back)',
};

/** One word-ish status a model can branch on. */
export function statusWord(record: TaskRecord, questions: QuestionSource): string {
  return waitsForUser(record, questions) ? STATUS_WORDS.input_required : STATUS_WORDS[record.status];
}

/** The lines that describe one task now. */
export function reportTask(record: TaskRecord, now: number, questions: QuestionSource): string[] {
  const lines = [
    `handle: ${record.key}`,
    `task: ${record.tool} on ${record.serverLabel} (${record.kind === 'call' ? 'plain call' : record.kind === 'hosted' ? 'requested by the server' : 'background task'}${record.origin === 'chat' ? ', started from chat' : ''})`,
  ];
  const status = [statusWord(record, questions)];
  if (isTerminalStatus(record.status)) {
    status.push(`after ${formatDuration((record.finishedAt ?? record.updatedAt) - record.createdAt)}`);
    const why = record.status === 'completed' ? undefined : record.error?.message;
    if (why) status.push(`— ${oneLine(why, 300)}`);
  } else {
    status.push(`for ${formatDuration(now - record.createdAt)}`);
    const progress = formatProgress(record.progress);
    if (progress) status.push(`· progress ${progress}`);
    const message = record.progress?.message ?? record.statusMessage;
    if (message) status.push(`· "${oneLine(message, 200)}"`);
  }
  lines.push(`status: ${status.join(' ')}`);
  if (waitsForUser(record, questions)) lines.push(...userQuestionLines(record, questions));
  return lines;
}

/** What the model must know about a question: it is the user's to answer, not the model's. */
export function userQuestionLines(record: TaskRecord, questions: QuestionSource): string[] {
  const question = questionOf(record, questions);
  const asked = question ? (question.params as { message?: unknown }).message : undefined;
  return [
    `question for the user: ${typeof asked === 'string' && asked ? `"${oneLine(asked, 300)}"` : '(its words are not known here; the status message may give them)'}`,
    'The user answers it in VS Code (the "needs your input" notification → Answer, or Answer on the task\'s row in the MCP Tasks view). Do not answer it yourself; tell the user it is waiting for them, then wait for the task.',
  ];
}

/** What to call next about a task. */
export function nextStep(record: TaskRecord): string {
  const handle = JSON.stringify(record.key);
  if (isTerminalStatus(record.status)) {
    return record.result ? `Next: ${AGENT_TOOLS.wait} {"handle": ${handle}} returns its result.` : 'It has ended; there is no result to fetch.';
  }
  return `Next: ${AGENT_TOOLS.wait} {"handle": ${handle}} waits for the result (up to timeoutSeconds); ${AGENT_TOOLS.check} {"handles": [${handle}]} looks without waiting. Do not start it again.`;
}
