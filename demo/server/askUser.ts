import { z } from 'zod';
import { ElicitResultSchema, type ElicitRequestFormParams } from '@modelcontextprotocol/sdk/types.js';
import { errorResult, textResult, TaskCancelled, type TaskRunDeps } from './taskRun';
import { registerTaskTool } from './taskTool';

/** How long the task waits for an answer before it gives up. */
const ANSWER_TIMEOUT_MS = 10 * 60_000;
export const ASK_USER_CHOICES = ['continue', 'pause', 'stop'] as const;
export const DEFAULT_QUESTION = 'How should the demo continue?';

/**
 * `ask_user`: the task goes input_required and asks a form question. The elicitation/create is
 * sent with the related-task marker, so the SDK queues it in the task message queue and
 * delivers it on the host's tasks/result stream rather than out of band.
 */
export function registerAskUser(deps: TaskRunDeps): void {
  registerTaskTool(deps, 'ask_user', {
    title: 'Ask User',
    description: 'Asks you a question in the middle of a task (the task shows "input required"), then reports your answer.',
    taskSupport: 'required',
    inputSchema: { question: z.string().optional().describe('The question to ask; a default question is used when empty') },
    initialMessage: () => 'Preparing a question…',
    work: async (task, { question }) => {
      const message = question?.trim() || DEFAULT_QUESTION;
      if (!deps.server.server.getClientCapabilities()?.elicitation) {
        return errorResult('This client cannot answer questions: it did not declare the elicitation capability.');
      }
      await task.sleep(300);
      await task.setStatus('input_required', `Waiting for your answer: ${message}`);
      const params: ElicitRequestFormParams = { mode: 'form', message, requestedSchema: answerForm() };
      let answer;
      try {
        answer = await deps.server.server.request({ method: 'elicitation/create', params }, ElicitResultSchema, {
          relatedTask: { taskId: task.taskId },
          signal: task.signal,
          timeout: ANSWER_TIMEOUT_MS,
        });
      } catch (err) {
        if (task.signal.aborted) throw new TaskCancelled();
        return errorResult(`No answer arrived: ${err instanceof Error ? err.message : String(err)}`);
      }
      await task.setStatus('working', 'Got your answer');
      return textResult(describeAnswer(message, answer));
    },
  });
}

function answerForm(): ElicitRequestFormParams['requestedSchema'] {
  return {
    type: 'object',
    properties: {
      choice: { type: 'string', title: 'Next step', description: 'What the demo should do next', enum: [...ASK_USER_CHOICES] },
      urgent: { type: 'boolean', title: 'Urgent', description: 'Mark the answer as urgent', default: false },
      note: { type: 'string', title: 'Note', description: 'Anything you want to add', default: 'Looks good' },
    },
    required: ['choice'],
  };
}

function describeAnswer(question: string, answer: z.infer<typeof ElicitResultSchema>): string {
  if (answer.action === 'decline') return `You declined to answer “${question}”, so nothing was changed.`;
  if (answer.action === 'cancel') return `The question “${question}” was dismissed without an answer.`;
  const content = answer.content ?? {};
  const choice = typeof content.choice === 'string' ? content.choice : '(none)';
  const urgent = content.urgent === true ? 'yes' : 'no';
  const note = typeof content.note === 'string' && content.note ? content.note : '(none)';
  return `You answered “${question}” with: ${choice} (urgent: ${urgent}, note: ${note}).`;
}
