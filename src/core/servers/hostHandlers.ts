/** Installs on a Client the handlers for what a server may ask of the host, per declared capability. */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  RELATED_TASK_META_KEY,
  type ClientCapabilities,
  type LoggingLevel,
} from '@modelcontextprotocol/sdk/types.js';
import type { HostRequestHandler, Logger, ServerRequestContext } from '../ports';
import type { RootsProvider } from './types';

export interface HostHandlerOptions {
  readonly serverId: string;
  readonly serverLabel: string;
  readonly capabilities: ClientCapabilities;
  readonly hostRequests?: HostRequestHandler;
  readonly roots?: RootsProvider;
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

  if (capabilities.elicitation && hostRequests) {
    client.setRequestHandler(ElicitRequestSchema, async (request, extra) => {
      const ctx = context(request.params._meta, extra.signal);
      return withRelatedTask(await hostRequests.elicit(request.params, ctx), ctx.relatedTaskId);
    });
  }
  if (capabilities.sampling && hostRequests) {
    client.setRequestHandler(CreateMessageRequestSchema, async (request, extra) => {
      const ctx = context(request.params._meta, extra.signal);
      return withRelatedTask(await hostRequests.createMessage(request.params, ctx), ctx.relatedTaskId);
    });
  }
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
