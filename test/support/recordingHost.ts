/**
 * A host request handler for tests: each test sets how elicitations and sampling requests are
 * answered, and every request is kept with its context (signal, related and hosted task ids).
 */
import type { CreateMessageRequest, CreateMessageResult, ElicitRequest, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import type { HostRequestHandler, ServerRequestContext } from '../../src/core/ports';

export type ElicitAnswer = (params: ElicitRequest['params'], context: ServerRequestContext) => ElicitResult | Promise<ElicitResult>;
export type SampleAnswer = (params: CreateMessageRequest['params'], context: ServerRequestContext) => CreateMessageResult | Promise<CreateMessageResult>;

export class RecordingHost implements HostRequestHandler {
  readonly elicitations: { params: ElicitRequest['params']; context: ServerRequestContext }[] = [];
  readonly samplings: { params: CreateMessageRequest['params']; context: ServerRequestContext }[] = [];
  answerElicitation: ElicitAnswer = () => ({ action: 'decline' });
  answerSampling: SampleAnswer = () => ({ role: 'assistant', content: { type: 'text', text: 'a reply' }, model: 'test-model', stopReason: 'endTurn' });

  async elicit(params: ElicitRequest['params'], context: ServerRequestContext): Promise<ElicitResult> {
    this.elicitations.push({ params, context });
    return this.answerElicitation(params, context);
  }

  async createMessage(params: CreateMessageRequest['params'], context: ServerRequestContext): Promise<CreateMessageResult> {
    this.samplings.push({ params, context });
    return this.answerSampling(params, context);
  }
}

/** An answer that waits until the request is aborted (the server cancelled it) and then rejects. */
export function untilAborted(context: ServerRequestContext): Promise<never> {
  return new Promise((_, reject) => {
    if (context.signal.aborted) reject(new Error('aborted'));
    context.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
  });
}
