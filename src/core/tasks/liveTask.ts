/**
 * What this process knows about a task while it works on it (never persisted): the session's
 * client, the task's tasks/result request and whether the task is being finished. The request's
 * life is one tagged union with one transition function, so no two fields can disagree about it.
 */
import type { ServerSession } from '../servers/types';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

export type ResultOutcome =
  | { ok: true; result: CallToolResult }
  | { ok: false; error: unknown };

/**
 * The task's tasks/result request.
 * - none: nothing asked, or the last request was given up.
 * - waiting: sent and not answered. `early` when it was sent before the task was known to have
 *   ended (it blocks until the end, and questions arrive on it); only such a request has `abort`.
 * - answered: the reply is kept for whoever finishes the task.
 */
export type ResultRequest =
  | { readonly kind: 'none' }
  | { readonly kind: 'waiting'; readonly reply: Promise<ResultOutcome>; readonly early: boolean; readonly abort?: AbortController }
  | { readonly kind: 'answered'; readonly reply: Promise<ResultOutcome> };

export type ResultEvent =
  | { readonly kind: 'sent'; readonly reply: Promise<ResultOutcome>; readonly early: boolean; readonly abort?: AbortController }
  | { readonly kind: 'answered'; readonly reply: Promise<ResultOutcome> }
  | { readonly kind: 'given-up' };

/** The one way a result request changes. An answer to a request already replaced changes nothing. */
export function nextResultRequest(current: ResultRequest, event: ResultEvent): ResultRequest {
  switch (event.kind) {
    case 'sent':
      return { kind: 'waiting', reply: event.reply, early: event.early, abort: event.abort };
    case 'answered':
      return current.kind === 'waiting' && current.reply === event.reply ? { kind: 'answered', reply: event.reply } : current;
    case 'given-up':
      return NO_REQUEST;
  }
}

export const NO_REQUEST: ResultRequest = { kind: 'none' };

/**
 * The reply a caller can share instead of asking again: any answered one, and a waiting one unless
 * it waits for the end while the caller knows the task has ended (asking again brings the result
 * now instead of whenever the server next checks its blocked request).
 */
export function shareableReply(request: ResultRequest, early: boolean): Promise<ResultOutcome> | undefined {
  if (request.kind === 'answered') return request.reply;
  if (request.kind === 'waiting' && (early || !request.early)) return request.reply;
  return undefined;
}

export function isWaitingEarly(request: ResultRequest): boolean {
  return request.kind === 'waiting' && request.early;
}

/** Whether the task is being moved to its final state (fetching and storing its result). */
export type TaskEnding =
  | { readonly kind: 'open' }
  | { readonly kind: 'finishing'; readonly as: 'completed' | 'failed'; readonly run: Promise<void> };

export const OPEN: TaskEnding = { kind: 'open' };

export interface LiveTask {
  readonly key: string;
  /** The session the task belongs to (a server's new session is a new object). */
  session?: ServerSession;
  result: ResultRequest;
  ending: TaskEnding;
  /**
   * The server answered a waiting tasks/result before the task ended: it does not block on it,
   * so this task's end is found by polling and no early request is sent for it again.
   */
  answersAtOnce: boolean;
  /** Aborts a plain call (or a creation request) in flight. */
  abort?: AbortController;
}

export function newLiveTask(key: string): LiveTask {
  return { key, result: NO_REQUEST, ending: OPEN, answersAtOnce: false };
}

/**
 * Stops waiting on an unanswered result request (the task ended, the wait is renewed, or the
 * session is gone); with `cancel` the server is told (notifications/cancelled for that request,
 * never for the task). An answered request is dropped too: whoever needs it again asks anew.
 */
export function giveUpResult(live: LiveTask, cancel: boolean): void {
  const abort = live.result.kind === 'waiting' && cancel ? live.result.abort : undefined;
  live.result = nextResultRequest(live.result, { kind: 'given-up' });
  abort?.abort(new Error('no longer waiting for this result'));
}
