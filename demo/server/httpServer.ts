import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';

const MAX_BODY_BYTES = 4 * 1024 * 1024;
export const MCP_PATH = '/mcp';

interface Session {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
}

/**
 * Streamable HTTP on 127.0.0.1 only, stateful: a session per initialize, each with its own
 * McpServer. Resolves with the listening server; `port` 0 picks a free port.
 */
export async function startHttpServer(port: number, newServer: () => McpServer): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const sessions = new Map<string, Session>();
  let url = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname !== MCP_PATH) {
      return sendJson(res, 404, { error: `Not found; the MCP endpoint is ${MCP_PATH}` });
    }
    const sessionId = req.headers['mcp-session-id'];
    const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    const body = req.method === 'POST' ? await readJson(req) : undefined;
    if (body instanceof Error) {
      return sendRpcError(res, 400, -32700, body.message);
    }
    if (existing) {
      return existing.transport.handleRequest(req, res, body);
    }
    if (sessionId !== undefined) {
      return sendRpcError(res, 404, -32001, 'Session not found; initialize a new session');
    }
    if (req.method !== 'POST' || !isInitializeRequest(body)) {
      return sendRpcError(res, 400, -32000, 'No session: send an initialize request first');
    }
    const host = new URL(url).host;
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableDnsRebindingProtection: true,
      allowedHosts: [host, host.replace('127.0.0.1', 'localhost')],
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, server });
      },
    });
    const server = newServer();
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  };

  const http = createServer((req, res) => {
    handle(req, res).catch((err) => {
      process.stderr.write(`[demo-server] HTTP request failed: ${String(err)}\n`);
      if (!res.headersSent) sendRpcError(res, 500, -32603, 'Internal server error');
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, '127.0.0.1', () => resolve());
  });
  const address = http.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  url = `http://127.0.0.1:${actualPort}${MCP_PATH}`;

  return {
    server: http,
    url,
    async close() {
      for (const { server } of sessions.values()) await server.close().catch(() => undefined);
      sessions.clear();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return new Error(`Request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return new Error('Request body is not valid JSON');
  }
}

function sendRpcError(res: ServerResponse, status: number, code: number, message: string): void {
  sendJson(res, status, { jsonrpc: '2.0', error: { code, message }, id: null });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
