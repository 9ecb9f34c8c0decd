/**
 * The VS Code answers to what servers ask of the host. Questions (elicitation) are kept as pending
 * questions, attached to their task when the server names one; the Tasks UI shows and answers them
 * (a question left unanswered for `mcpTasks.elicitation.timeoutSeconds` is answered "cancel").
 * Sampling goes to a language model through the sampling service, when one is supplied.
 */
import * as vscode from 'vscode';
import type { CreateMessageRequest, CreateMessageResult, ElicitRequest, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import type { HostRequestHandler, ServerRequestContext } from '../../core/ports';
import { PendingQuestions } from './pendingQuestions';

export { PendingQuestions, taskIdsOf, type PendingQuestion } from './pendingQuestions';
export type { QuestionUi } from './questionUi';

export const SAMPLING_NOT_SUPPORTED = 'Sampling is not supported yet';

export interface VsCodeHostRequests extends HostRequestHandler {
  /** The questions waiting for an answer; pass it to registerTaskUi. */
  readonly questions: PendingQuestions;
}

export interface SamplingHandler {
  createMessage(params: CreateMessageRequest['params'], context: ServerRequestContext): Promise<CreateMessageResult>;
}

export interface VsCodeHostRequestOptions {
  questions?: PendingQuestions;
  log?: vscode.LogOutputChannel;
  /** Answers sampling requests; without it they are refused. */
  sampling?: SamplingHandler;
  /** Seconds a question may wait for an answer; 0 = no limit. Default: the setting. */
  questionTimeoutSeconds?: () => number;
}

export function elicitationTimeoutSeconds(): number {
  const value = vscode.workspace.getConfiguration('mcpTasks.elicitation').get<number>('timeoutSeconds', 600);
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

export function createVsCodeHostRequests(options: VsCodeHostRequestOptions = {}): VsCodeHostRequests {
  const questions = options.questions ?? new PendingQuestions();
  const { log, sampling } = options;
  const timeoutSeconds = options.questionTimeoutSeconds ?? elicitationTimeoutSeconds;
  return {
    questions,
    async elicit(params: ElicitRequest['params'], context: ServerRequestContext): Promise<ElicitResult> {
      const task = context.relatedTaskId ? ` for task ${context.relatedTaskId}` : '';
      log?.info(`${context.serverLabel} asks a question${task}: ${String((params as { message?: unknown }).message ?? '')}`);
      const limit = timeoutSeconds();
      const expiry = new AbortController();
      const timer = limit > 0 ? setTimeout(() => expiry.abort(), limit * 1000) : undefined;
      const { answer } = questions.ask({
        serverId: context.serverId,
        serverLabel: context.serverLabel,
        ...(context.relatedTaskId ? { relatedTaskId: context.relatedTaskId } : {}),
        ...(context.hostedTaskId ? { hostedTaskId: context.hostedTaskId } : {}),
        ...(context.elicitationCompleted ? { completed: context.elicitationCompleted } : {}),
        params,
        signal: AbortSignal.any([context.signal, expiry.signal]),
      });
      try {
        const result = await answer;
        const how = context.signal.aborted ? 'withdrawn by the server'
          : expiry.signal.aborted ? `not answered within ${limit} s: cancelled` : `answered (${result.action})`;
        log?.info(`${context.serverLabel}: question${task} ${how}`);
        return result;
      } finally {
        clearTimeout(timer);
      }
    },
    async createMessage(params: CreateMessageRequest['params'], context: ServerRequestContext): Promise<CreateMessageResult> {
      if (sampling) return sampling.createMessage(params, context);
      log?.warn(`${context.serverLabel} asked for sampling (sampling/createMessage); refused: ${SAMPLING_NOT_SUPPORTED}`);
      throw new Error(SAMPLING_NOT_SUPPORTED);
    },
  };
}
