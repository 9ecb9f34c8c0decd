/**
 * Questions servers ask (elicitation, sampling) go to a client that can answer them: the one
 * that started the task, else the one that handed the server over. With none attached the
 * question waits (the task stays in input_required) until such a client attaches; a client that
 * goes away mid-question hands it on to the next.
 */
import type { CreateMessageResult, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { CancellationTokenSource, type CancellationToken, type MessageConnection } from 'vscode-jsonrpc';
import { ClientMethods, type QuestionContext } from '../channel/hostProtocol';
import type { HostRequestHandler, Logger, ServerRequestContext } from '../core/ports';
import type { AttachedClient, ClientRegistry } from './clientRegistry';

type Ask<T> = (connection: MessageConnection, context: QuestionContext, token: CancellationToken) => Promise<T>;

export class QuestionRouter implements HostRequestHandler {
  constructor(
    private readonly clients: ClientRegistry,
    private readonly keyFor: (serverId: string, taskId: string) => string | undefined,
    private readonly logger: Logger,
  ) {}

  elicit(params: Parameters<HostRequestHandler['elicit']>[0], context: ServerRequestContext): Promise<ElicitResult> {
    const elicitationId = params.mode === 'url' ? params.elicitationId : undefined;
    return this.route(context, 'elicitation', (connection, question, token) => {
      const answer = connection.sendRequest(ClientMethods.elicit, { params, context: question }, token);
      // A URL question ends when the server says the browser step is done: tell the client asking.
      if (elicitationId && context.elicitationCompleted) {
        void context.elicitationCompleted.then(() => connection.sendNotification(ClientMethods.elicitationComplete, { elicitationId })).catch(() => undefined);
      }
      return answer;
    });
  }

  createMessage(params: Parameters<HostRequestHandler['createMessage']>[0], context: ServerRequestContext): Promise<CreateMessageResult> {
    return this.route(context, 'sampling', (connection, question, token) => connection.sendRequest(ClientMethods.createMessage, { params, context: question }, token));
  }

  private async route<T>(context: ServerRequestContext, what: string, ask: Ask<T>): Promise<T> {
    const question: QuestionContext = {
      serverId: context.serverId,
      serverLabel: context.serverLabel,
      ...(context.relatedTaskId !== undefined ? { relatedTaskId: context.relatedTaskId } : {}),
      ...(context.hostedTaskId !== undefined ? { hostedTaskId: context.hostedTaskId } : {}),
    };
    const key = context.relatedTaskId !== undefined ? this.keyFor(context.serverId, context.relatedTaskId) : undefined;
    for (;;) {
      context.signal.throwIfAborted();
      const client = this.clients.answererFor(context.serverId, key) ?? await this.nextAnswerer(context, key);
      // The server withdrawing its request (or the task ending) withdraws the question.
      const withdrawn = new CancellationTokenSource();
      const onAbort = () => withdrawn.cancel();
      context.signal.addEventListener('abort', onAbort, { once: true });
      try {
        return await ask(client.connection, question, withdrawn.token);
      } catch (err) {
        // The client went away while the question was open: ask the next one. Its own answer
        // (an error it returned, a refusal) stands.
        if (this.clients.isAttached(client)) throw err;
        this.logger.info(`${context.serverLabel}: ${what} request handed on, ${client.label} detached`);
      } finally {
        context.signal.removeEventListener('abort', onAbort);
        withdrawn.dispose();
      }
    }
  }

  private nextAnswerer(context: ServerRequestContext, key: string | undefined): Promise<AttachedClient> {
    this.logger.info(`${context.serverLabel}: ${context.relatedTaskId ? `task ${context.relatedTaskId} waits` : 'a request waits'} for a client that can answer`);
    return new Promise((resolve, reject) => {
      const onAbort = () => { sub.dispose(); reject(context.signal.reason instanceof Error ? context.signal.reason : new Error('the request was cancelled')); };
      const sub = this.clients.onDidAddServer(({ serverId }) => {
        if (serverId !== context.serverId) return;
        const client = this.clients.answererFor(context.serverId, key);
        if (!client) return;
        sub.dispose();
        context.signal.removeEventListener('abort', onAbort);
        resolve(client);
      });
      context.signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
