/**
 * Streamable HTTP of MCP 2026-07-28 on the SDK 1.32.2 transport, through its `fetch` option:
 * each POST gets the routing headers the revision requires, read from the message it carries
 * (`MCP-Protocol-Version`, `Mcp-Method`, and `Mcp-Name` naming the tool or the task). Modern
 * servers answer some JSON-RPC errors with HTTP 400; the SDK would turn those into a transport
 * failure without the error, so a 400 whose body is a recognised modern error for this very
 * request is passed on as that response. Any other 400 stays a failure: it is how a legacy
 * server refuses a modern request, and era negotiation reads it so.
 */
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { isModernErrorCode, MetaKeys } from './wire2026';

type Json = Record<string, unknown>;

export function createModernHttpTransport(url: URL, baseFetch: FetchLike = fetch): StreamableHTTPClientTransport {
  return new StreamableHTTPClientTransport(url, { fetch: modernHttpFetch(baseFetch) });
}

export function modernHttpFetch(baseFetch: FetchLike): FetchLike {
  return async (url, init) => {
    const message = typeof init?.body === 'string' ? parseObject(init.body) : undefined;
    const version = message ? modernVersion(message) : undefined;
    if (!message || version === undefined) return baseFetch(url, init);
    const headers = new Headers(init?.headers);
    headers.set('mcp-protocol-version', version);
    headers.set('mcp-method', String(message.method));
    const name = routingName(message);
    if (name !== undefined) headers.set('mcp-name', headerValue(name));
    const response = await baseFetch(url, { ...init, headers });
    if (response.status !== 400 || !('id' in message)) return response;
    const text = await response.text();
    const body = parseObject(text);
    const error = body?.error as { code?: unknown } | undefined;
    if (body && body.id === message.id && isModernErrorCode(error?.code)) {
      return new Response(text, { status: 200, headers: { 'content-type': 'application/json' } });
    }
    return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

function modernVersion(message: Json): string | undefined {
  const params = message.params as Json | undefined;
  const meta = params?._meta as Json | undefined;
  const version = meta?.[MetaKeys.protocolVersion];
  return typeof message.method === 'string' && typeof version === 'string' ? version : undefined;
}

/** What `Mcp-Name` carries: the tool, resource or prompt; for the tasks methods, the task id. */
function routingName(message: Json): string | undefined {
  const params = (message.params ?? {}) as Json;
  const pick = (value: unknown) => (typeof value === 'string' ? value : undefined);
  switch (message.method) {
    case 'tools/call':
    case 'prompts/get':
      return pick(params.name);
    case 'resources/read':
      return pick(params.uri);
    case 'tasks/get':
    case 'tasks/update':
    case 'tasks/cancel':
      return pick(params.taskId);
    default:
      return undefined;
  }
}

/** Plain printable ASCII as it is; anything else in the revision's Base64 sentinel form. */
function headerValue(value: string): string {
  if (/^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(value)) return value;
  return `=?base64?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

function parseObject(text: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Json : undefined;
  } catch {
    return undefined;
  }
}
