/** The capabilities the host declares to a server: only what the connection will really serve. */
import { mergeCapabilities } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import type { HostRequestHandler, Logger } from '../ports';
import type { RootsProvider } from './types';

export function honestCapabilities(
  options: { capabilities?: ClientCapabilities; hostRequests?: HostRequestHandler; roots?: RootsProvider },
  logger: Logger,
): ClientCapabilities {
  const extra: ClientCapabilities = { ...options.capabilities };
  for (const key of ['elicitation', 'sampling'] as const) {
    if (extra[key] && !options.hostRequests) {
      logger.warn(`Not declaring ${key}: no handler for server requests was supplied`);
      delete extra[key];
    }
  }
  // Roots are declared from the provider alone, so the declaration and the handler always agree.
  delete extra.roots;
  const roots: ClientCapabilities = options.roots ? { roots: { listChanged: options.roots.onDidChangeRoots !== undefined } } : {};
  return mergeCapabilities(roots, extra);
}
