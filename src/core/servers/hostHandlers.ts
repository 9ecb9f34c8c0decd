/** Installs on a Client the handlers for what a server may ask of the host, per declared capability. */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CancelTaskRequestSchema,
  CreateMessageRequestSchema,
  GetTaskPayloadRequestSchema,
  GetTaskRequestSchema,
  ListTasksRequestSchema,
  ElicitRequestSchema,
  ElicitationCompleteNotificationSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  RELATED_TASK_META_KEY,
  type ClientCapabilities,
  type LoggingLevel,
} from '@modelcontextprotocol/sdk/types.js';
import {
  answerElicitation,
  answerSampling,
  ELICITATION_WAITING,
  elicitationSummary,
  SAMPLING_WAITING,
  samplingSummary,
} from '../hosted/hostedRequests';
import type { HostedTaskSession } from '../hosted/hostedTaskSession';
import type { HostRequestHandler, Logger, ServerRequestContext } from '../ports';
import { ElicitationCompletions } from './elicitationCompletions';
import type { RootsProvider } from './types';

export interface HostHandlerOptions {
  readonly serverId: string;
  readonly serverLabel: string;
  readonly capabilities: ClientCapabilities;
  readonly hostRequests?: HostRequestHandler;
  readonly roots?: RootsProvider;
  /** Runs task-augmented elicitation/sampling as hosted tasks (only for methods declared under tasks.requests). */
  readonly hostedTasks?: HostedTaskSession;
  /** Receives what the server logs through notifications/message. */
  readonly serverLog: Logger;
}

export function installHostHandlers(client: Client, options: HostHandlerOptions): void {
  const { capabilities, hostRequests } = options;
  const context = (meta: Record<string, unknown> | undefined, signal: AbortSignal): ServerRequestContext => ({
    serverId: options.serverId,
    serverLabel: options.serverLabel,
    relatedTaskId: relatedTaskIdOf(meta),
    signal,
  });

  // A request still carrying `task` here was declared as a task method (the transport strips it otherwise).
  const hosted = options.hostedTasks;
  if (capabilities.elicitation && hostRequests) {
    const applyDefaults = capabilities.elicitation.form?.applyDefaults === true;
    const completions = capabilities.elicitation.url ? new ElicitationCompletions() : undefined;
    if (completions) {
      client.setNotificationHandler(ElicitationCompleteNotificationSchema, (notification) => completions.complete(notification.params.elicitationId));
    }
    client.setRequestHandler(ElicitRequestSchema, async (request, extra) => {
      const { task, ...params } = request.params;
      const elicitationId = params.mode === 'url' ? params.elicitationId : undefined;
      const ctx: ServerRequestContext = {
        ...context(params._meta, extra.signal),
        ...(completions && elicitationId ? { elicitationCompleted: completions.whenComplete(elicitationId) } : {}),
      };
      const release = () => { if (completions && elicitationId) completions.release(elicitationId); };
      if (task && hosted) {
        return hosted.start('elicitation/create', task.ttl, ELICITATION_WAITING, (signal, hostedTaskId) =>
          answerElicitation(hostRequests, params, { ...ctx, signal, hostedTaskId }, applyDefaults).finally(release), elicitationSummary(params));
      }
      try {
        return withRelatedTask(await hostRequests.elicit(params, ctx), ctx.relatedTaskId);
      } finally {
        release();
      }
    });
  }
  if (capabilities.sampling && hostRequests) {
    client.setRequestHandler(CreateMessageRequestSchema, async (request, extra) => {
      const { task, ...params } = request.params;
      const ctx = context(params._meta, extra.signal);
      if (task && hosted) {
        return hosted.start('sampling/createMessage', task.ttl, SAMPLING_WAITING, (signal, hostedTaskId) =>
          answerSampling(hostRequests, params, { ...ctx, signal, hostedTaskId }), samplingSummary(params));
      }
      return withRelatedTask(await hostRequests.createMessage(params, ctx), ctx.relatedTaskId);
    });
  }
  if (hosted && capabilities.tasks) installHostedTaskHandlers(client, hosted);
  if (capabilities.roots && options.roots) {
    const roots = options.roots;
    client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [...(await roots.roots())] }));
  }
  client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
    const { level, logger, data } = notification.params;
    const text = typeof data === 'string' ? data : JSON.stringify(data);
    logAt(options.serverLog, level, logger ? `[${logger}] ${text}` : text);
  });
}

/** tasks/get, tasks/result, tasks/list and tasks/cancel for the tasks the server asked the host to run. */
function installHostedTaskHandlers(client: Client, hosted: HostedTaskSession): void {
  client.setRequestHandler(GetTaskRequestSchema, (request) => hosted.get(request.params.taskId));
  client.setRequestHandler(GetTaskPayloadRequestSchema, (request, extra) => hosted.result(request.params.taskId, extra.signal));
  client.setRequestHandler(ListTasksRequestSchema, (request) => hosted.list(request.params?.cursor));
  client.setRequestHandler(CancelTaskRequestSchema, (request) => hosted.cancel(request.params.taskId));
}

export function relatedTaskIdOf(meta: Record<string, unknown> | undefined): string | undefined {
  const related = meta?.[RELATED_TASK_META_KEY] as { taskId?: unknown } | undefined;
  return typeof related?.taskId === 'string' ? related.taskId : undefined;
}

/** The spec asks for the related-task marker on the host's reply too; the SDK does not add it. */
function withRelatedTask<T extends { _meta?: Record<string, unknown> }>(result: T, taskId: string | undefined): T {
  if (!taskId) return result;
  return { ...result, _meta: { ...result._meta, [RELATED_TASK_META_KEY]: { taskId } } };
}

/** MCP has syslog's eight levels; the host logger has five. */
export function logAt(logger: Logger, level: LoggingLevel, message: string): void {
  switch (level) {
    case 'debug': return logger.debug(message);
    case 'info':
    case 'notice': return logger.info(message);
    case 'warning': return logger.warn(message);
    default: return logger.error(message);
  }
}
