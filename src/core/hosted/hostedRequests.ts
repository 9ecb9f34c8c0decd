/**
 * The work of a hosted elicitation or sampling task: the host's handler, checked the way the SDK
 * checks a direct answer (it checks only the CreateTaskResult when the request is a task).
 */
import {
  CreateMessageResultSchema,
  CreateMessageResultWithToolsSchema,
  ElicitResultSchema,
  ErrorCode,
  McpError,
  type CreateMessageRequest,
  type CreateMessageResult,
  type ElicitRequest,
  type ElicitResult,
} from '@modelcontextprotocol/sdk/types.js';
import type { HostRequestHandler, ServerRequestContext } from '../ports';
import { withDefaults } from './elicitationDefaults';

export const ELICITATION_WAITING = 'Waiting for the user';
export const SAMPLING_WAITING = 'Waiting for a model reply';

/** What the task list shows of a request: the question, or the size of the conversation. */
export function elicitationSummary(params: ElicitRequest['params']): Record<string, unknown> {
  return { message: params.message.length > 500 ? `${params.message.slice(0, 499)}…` : params.message };
}

export function samplingSummary(params: CreateMessageRequest['params']): Record<string, unknown> {
  return { messages: params.messages.length, maxTokens: params.maxTokens };
}

export async function answerElicitation(
  host: HostRequestHandler,
  params: ElicitRequest['params'],
  context: ServerRequestContext,
  applyDefaults: boolean,
): Promise<ElicitResult> {
  const parsed = ElicitResultSchema.safeParse(await host.elicit(params, context));
  if (!parsed.success) throw new McpError(ErrorCode.InvalidParams, `Invalid elicitation result: ${parsed.error.message}`);
  const result = parsed.data;
  const schema = 'requestedSchema' in params ? params.requestedSchema : undefined;
  if (applyDefaults && result.action === 'accept' && result.content && schema) {
    return { ...result, content: withDefaults(schema, result.content) as ElicitResult['content'] };
  }
  return result;
}

export async function answerSampling(
  host: HostRequestHandler,
  params: CreateMessageRequest['params'],
  context: ServerRequestContext,
): Promise<CreateMessageResult> {
  const schema = params.tools || params.toolChoice ? CreateMessageResultWithToolsSchema : CreateMessageResultSchema;
  const parsed = schema.safeParse(await host.createMessage(params, context));
  if (!parsed.success) throw new McpError(ErrorCode.InvalidParams, `Invalid sampling result: ${parsed.error.message}`);
  return parsed.data as CreateMessageResult;
}
