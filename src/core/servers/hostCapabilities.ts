/** The capabilities the host declares to a server: only what the connection will really serve. */
import { mergeCapabilities } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import type { HostRequestHandler, Logger } from '../ports';
import type { RootsProvider } from './types';

export function honestCapabilities(
  options: { capabilities?: ClientCapabilities; hostRequests?: HostRequestHandler; roots?: RootsProvider; hostedTasks?: boolean },
  logger: Logger,
): ClientCapabilities {
  const extra: ClientCapabilities = { ...options.capabilities };
  for (const key of ['elicitation', 'sampling'] as const) {
    if (extra[key] && !options.hostRequests) {
      logger.warn(`Not declaring ${key}: no handler for server requests was supplied`);
      delete extra[key];
    }
  }
  // Tasks are declared from what the host really runs as a task, never taken as given.
  if (extra.tasks && !options.hostedTasks) logger.warn('Not declaring tasks: hosted tasks are not enabled for this server');
  delete extra.tasks;
  if (options.hostedTasks && (extra.elicitation || extra.sampling)) {
    extra.tasks = {
      list: {},
      cancel: {},
      requests: {
        ...(extra.elicitation ? { elicitation: { create: {} } } : {}),
        ...(extra.sampling ? { sampling: { createMessage: {} } } : {}),
      },
    };
  }
  // Roots are declared from the provider alone, so the declaration and the handler always agree.
  delete extra.roots;
  const roots: ClientCapabilities = options.roots ? { roots: { listChanged: options.roots.onDidChangeRoots !== undefined } } : {};
  return mergeCapabilities(roots, extra);
}

/** The server→host methods the capabilities promise to run as tasks. */
export function hostedTaskMethods(capabilities: ClientCapabilities): ReadonlySet<string> {
  const requests = capabilities.tasks?.requests;
  const methods = new Set<string>();
  if (requests?.elicitation?.create) methods.add('elicitation/create');
  if (requests?.sampling?.createMessage) methods.add('sampling/createMessage');
  return methods;
}
