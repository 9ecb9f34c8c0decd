/**
 * Starts a server the way the Call Tool flow does (server.connect(), which asks for the person's
 * consent to start a workspace server and honours workspace trust), but bounded in time: a model
 * must not wait on a consent prompt nobody answers.
 */
import type { McpServerHandle } from '../../core/servers/types';
import type { Found } from './agentReply';

export async function startServerWithin(server: McpServerHandle, timeoutMs: number, signal?: AbortSignal): Promise<Found<McpServerHandle>> {
  if (server.serverCapabilities && server.tools) return { ok: true, value: server };
  if (signal?.aborted) return { ok: false, message: `Starting ${server.label} was interrupted.` };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<'timeout' | 'aborted'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
    onAbort = () => resolve('aborted');
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  // Settled either way, so a start that fails after the wait ended is not an unhandled rejection.
  const starting = server.connect().then(() => 'started' as const, (err: unknown) => ({ failed: err }));
  try {
    const outcome = await Promise.race([starting, stopped]);
    if (outcome === 'started') return { ok: true, value: server };
    if (typeof outcome === 'object') {
      const err = outcome.failed;
      return { ok: false, message: `${server.label} could not start: ${(err instanceof Error ? err.message : String(err)).replace(/\.$/, '')}.` };
    }
    const seconds = Math.round(timeoutMs / 1000);
    return {
      ok: false,
      message: outcome === 'aborted'
        ? `Starting ${server.label} was interrupted.`
        : `${server.label} has not started within ${seconds} s (it may be waiting for the user to allow it to start).`,
    };
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}
