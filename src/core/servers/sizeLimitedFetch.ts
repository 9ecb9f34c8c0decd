/**
 * The fetch given to the SDK's HTTP transports: a response body is counted as it streams, and one
 * message larger than the limit ends that response with a clear error instead of being read into
 * memory whole. A plain JSON body is one message; an event stream is counted per event, so a long
 * stream of small messages is never cut. When a stream that answers a request is cut, the request
 * gets a JSON-RPC error saying why (otherwise it would wait for an answer that never comes).
 */
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { megabytes } from './messageLimit';

const LF = 0x0a;
const CR = 0x0d;
/** Statuses whose responses cannot carry a body. */
const BODILESS = new Set([101, 204, 205, 304]);

export function oversizedMessage(maxBytes: number): string {
  return `The server sent a message larger than ${megabytes(maxBytes)}, the most this host accepts from one message`;
}

export function sizeLimitedFetch(maxBytes: number, base: FetchLike = fetch): FetchLike {
  return async (url, init) => {
    const response = await base(url, init);
    // Redirects stay as they are: the SDK reads their target from the original response.
    if (!response.body || BODILESS.has(response.status) || (response.status >= 300 && response.status < 400)) return response;
    const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    let limiter: TransformStream<Uint8Array, Uint8Array>;
    if (type === 'text/event-stream') {
      limiter = eventLimiter(maxBytes, requestIdOf(init?.body));
    } else {
      const declared = Number(response.headers.get('content-length') ?? NaN);
      if (declared > maxBytes) {
        await response.body.cancel().catch(() => undefined);
        throw new Error(oversizedMessage(maxBytes));
      }
      limiter = bodyLimiter(maxBytes);
    }
    return new Response(response.body.pipeThrough(limiter), {
      status: response.status, statusText: response.statusText, headers: response.headers,
    });
  };
}

/** A whole body is one message (or one batch). */
function bodyLimiter(maxBytes: number): TransformStream<Uint8Array, Uint8Array> {
  let total = 0;
  return new TransformStream({
    transform(chunk, controller) {
      total += chunk.length;
      if (total > maxBytes) controller.error(new Error(oversizedMessage(maxBytes)));
      else controller.enqueue(chunk);
    },
  });
}

/** Counts the bytes of each event (events end at an empty line). */
function eventLimiter(maxBytes: number, requestId: string | number | undefined): TransformStream<Uint8Array, Uint8Array> {
  let eventBytes = 0;
  let lineBytes = 0;
  const encoder = new TextEncoder();
  return new TransformStream({
    transform(chunk, controller) {
      let pos = 0;
      for (let lf = chunk.indexOf(LF); lf !== -1; lf = chunk.indexOf(LF, pos)) {
        const before = lf - pos;
        const content = before - (before > 0 && chunk[lf - 1] === CR ? 1 : 0);
        eventBytes += before + 1;
        if (eventBytes > maxBytes) break;
        if (lineBytes + content === 0) eventBytes = 0;
        lineBytes = 0;
        pos = lf + 1;
      }
      if (eventBytes <= maxBytes) {
        const rest = chunk.length - pos;
        lineBytes += rest;
        eventBytes += rest;
      }
      if (eventBytes <= maxBytes) {
        controller.enqueue(chunk);
        return;
      }
      // The part received so far becomes an event the SDK ignores (its type is not "message").
      let tail = '\nevent: discarded\n\n';
      if (requestId !== undefined) {
        const error = { jsonrpc: '2.0', id: requestId, error: { code: -32603, message: oversizedMessage(maxBytes) } };
        tail += `data: ${JSON.stringify(error)}\n\n`;
      }
      controller.enqueue(encoder.encode(tail));
      // Ends this response; the rest of the message is not read.
      controller.terminate();
    },
  });
}

/** The id of the one request a POST carried, whose answer the response stream brings. */
function requestIdOf(body: unknown): string | number | undefined {
  if (typeof body !== 'string') return undefined;
  try {
    const message = JSON.parse(body) as { id?: unknown; method?: unknown };
    const id = message?.id;
    return typeof message?.method === 'string' && (typeof id === 'string' || typeof id === 'number') ? id : undefined;
  } catch {
    return undefined;
  }
}
