/**
 * The VS Code answers to what servers ask of the host. Questions (elicitation) are kept as pending
 * questions, attached to their task when the server names one; the Tasks UI shows and answers them.
 * Sampling is refused with a clear error until it is supported.
 */
import type * as vscode from 'vscode';
import type { CreateMessageRequest, CreateMessageResult, ElicitRequest, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import type { HostRequestHandler, ServerRequestContext } from '../../core/ports';
import { PendingQuestions } from './pendingQuestions';

export { PendingQuestions, type PendingQuestion } from './pendingQuestions';
export { askQuestionWithQuickInput, type QuestionUi } from './questionUi';

export const SAMPLING_NOT_SUPPORTED = 'Sampling is not supported yet';

export interface VsCodeHostRequests extends HostRequestHandler {
  /** The questions waiting for an answer; pass it to registerTaskUi. */
  readonly questions: PendingQuestions;
}

export function createVsCodeHostRequests(options: { questions?: PendingQuestions; log?: vscode.LogOutputChannel } = {}): VsCodeHostRequests {
  const questions = options.questions ?? new PendingQuestions();
  const log = options.log;
  return {
    questions,
    async elicit(params: ElicitRequest['params'], context: ServerRequestContext): Promise<ElicitResult> {
      const task = context.relatedTaskId ? ` for task ${context.relatedTaskId}` : '';
      log?.info(`${context.serverLabel} asks a question${task}: ${String((params as { message?: unknown }).message ?? '')}`);
      const { answer } = questions.ask({
        serverId: context.serverId,
        serverLabel: context.serverLabel,
        ...(context.relatedTaskId ? { relatedTaskId: context.relatedTaskId } : {}),
        params,
        signal: context.signal,
      });
      const result = await answer;
      log?.info(`${context.serverLabel}: question${task} ${context.signal.aborted ? 'withdrawn by the server' : `answered (${result.action})`}`);
      return result;
    },
    async createMessage(_params: CreateMessageRequest['params'], context: ServerRequestContext): Promise<CreateMessageResult> {
      log?.warn(`${context.serverLabel} asked for sampling (sampling/createMessage); refused: ${SAMPLING_NOT_SUPPORTED}`);
      throw new Error(SAMPLING_NOT_SUPPORTED);
    },
  };
}
