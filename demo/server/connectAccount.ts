import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { errorResult, textResult } from './taskRun';

/** How long the tool waits for the person to finish in the browser. */
const ANSWER_TIMEOUT_MS = 10 * 60_000;

/**
 * `connect_account`: a URL-mode question. The server asks the host to send the person to a page
 * (here a page this process serves on 127.0.0.1, standing in for a sign-in site); when the page is
 * visited the server sends notifications/elicitation/complete, so the host knows without being told.
 */
export function registerConnectAccount(server: McpServer, pages: SignInPages): void {
  server.registerTool(
    'connect_account',
    {
      title: 'Connect Account',
      description: 'Asks you to open a sign-in page in your browser (a URL-mode question); the demo page confirms when visited.',
      inputSchema: {},
    },
    async (_args, extra) => {
      const elicitationId = randomUUID();
      let url: string;
      try {
        url = await pages.urlFor(elicitationId, () => {
          void server.server.createElicitationCompletionNotifier(elicitationId)().catch(() => undefined);
        });
      } catch (err) {
        return errorResult(`The sign-in page could not be served: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (!server.server.getClientCapabilities()?.elicitation?.url) {
        return errorResult('This client cannot open web pages for a server: it did not declare URL-mode elicitation.');
      }
      const answer = await server.server.elicitInput(
        { mode: 'url', message: 'Sign in to the demo account to connect it', url, elicitationId },
        { signal: extra.signal, timeout: ANSWER_TIMEOUT_MS },
      );
      const visited = pages.visited(elicitationId) ? 'The sign-in page was visited.' : 'The sign-in page was not visited.';
      if (answer.action === 'accept') return textResult(`Connected the demo account. ${visited}`);
      if (answer.action === 'decline') return textResult(`You declined to sign in. ${visited}`);
      return textResult(`Signing in was cancelled. ${visited}`);
    },
  );
}

/** The demo's stand-in sign-in site: one page per question, served once the first question needs it. */
export class SignInPages {
  private server: Promise<string> | undefined;
  private readonly waiting = new Map<string, () => void>();
  private readonly seen = new Set<string>();

  async urlFor(elicitationId: string, onVisit: () => void): Promise<string> {
    this.waiting.set(elicitationId, onVisit);
    return `${await this.origin()}/sign-in/${elicitationId}`;
  }

  visited(elicitationId: string): boolean {
    return this.seen.has(elicitationId);
  }

  private origin(): Promise<string> {
    this.server ??= new Promise((resolve, reject) => {
      const site = http.createServer((req, res) => this.serve(req, res));
      site.on('error', reject);
      // The process exits when its host goes away; the page server must not keep it alive.
      site.unref();
      site.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(site.address() as AddressInfo).port}`));
    });
    return this.server;
  }

  private serve(req: http.IncomingMessage, res: http.ServerResponse): void {
    const id = /^\/sign-in\/([\w-]+)$/.exec(req.url ?? '')?.[1];
    const onVisit = id ? this.waiting.get(id) : undefined;
    if (!id || (!onVisit && !this.seen.has(id))) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('No sign-in is waiting at this address.');
      return;
    }
    // A second visit (a reload, or the browser and the person both opening it) is still a success.
    this.waiting.delete(id);
    this.seen.add(id);
    onVisit?.();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end('<!doctype html><title>Demo account connected</title><h1>Demo account connected</h1><p>You can close this tab and go back to VS Code.</p>');
  }
}
