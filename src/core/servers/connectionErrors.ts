/** Classifies and words the errors a connection meets, so that states and logs say something precise. */
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SseError } from '@modelcontextprotocol/sdk/client/sse.js';

/** The message of any thrown value. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The HTTP status carried by an SDK transport error, if any. */
export function httpStatusOf(error: unknown): number | undefined {
  if (error instanceof StreamableHTTPError || error instanceof SseError) {
    return typeof error.code === 'number' && error.code >= 100 ? error.code : undefined;
  }
  return undefined;
}

/**
 * True when a Streamable HTTP server no longer knows our session. The spec answer is 404; some
 * servers (server-everything among them) answer 400 "No valid session ID", which we accept too
 * because the cure — a fresh initialize — is the same.
 */
export function isSessionNotFound(error: unknown): boolean {
  if (!(error instanceof StreamableHTTPError)) return false;
  if (error.code === 404) return true;
  return error.code === 400 && /session/i.test(error.message);
}

/** True when the initial Streamable HTTP POST was refused in a way that means "try legacy SSE". */
export function isStreamableHttpRefused(error: unknown): boolean {
  return error instanceof StreamableHTTPError && (error.code === 404 || error.code === 405);
}

/** Words an error the transport reported (garbage on stdout, a dropped stream) for the log. */
export function describeTransportError(error: Error): string {
  if (error instanceof SyntaxError) return `Protocol error: the server sent something that is not JSON: ${error.message}`;
  if (error.name === 'ZodError' || error.constructor?.name === 'ZodError') {
    return `Protocol error: the server sent JSON that is not a JSON-RPC message: ${error.message.slice(0, 500)}`;
  }
  return `Connection error: ${error.message}`;
}
