/**
 * Walks a server's task listing (tasks/list, page by page). Pages normally follow one another
 * (each cursor comes with the page before it), so a long listing costs one round trip per page.
 * When an earlier walk of the same session showed the cursors of every page, they are asked for
 * several at a time and the answers are checked link by link: each page must name, as its next cursor,
 * the cursor the following page was asked with. Where the chain breaks (the listing changed: a
 * task expired, a cursor went stale) the walk goes on one page at a time from the last page that
 * still fits. Cursors are only ever passed back as they were received.
 */
import type { ServerSession } from '../servers/types';
import { isUnknownTaskError } from './protocolErrors';
import type { TaskListPage, TaskProtocol } from './taskProtocol';
import type { WireTask } from './wireTask';

/**
 * Known pages asked for at once. A server answers in order: what a page shows (a task that ended,
 * whose result is then fetched) should not wait behind the whole listing, only behind a few pages.
 */
const PAGES_AT_ONCE = 20;

export interface ListingWalk {
  /** The walk reached the last page through an unbroken chain of cursors. */
  complete: boolean;
  requests: number;
  /** The cursor each page of the listing was asked with (undefined for the first), in order. */
  cursors: (string | undefined)[];
  /** Entries in the unbroken listing, and the most seen on a page that had a next one (0 if none). */
  entries: number;
  pageSize: number;
  /** Times a stale cursor sent the walk back to the first page. */
  restarts: number;
  /** Why the walk ended early: a failed request (other than one stale cursor) or a looping server. */
  error?: unknown;
}

export interface WalkOptions {
  /** The cursors of a previous complete walk of this session, asked for all at once. */
  knownCursors?: readonly (string | undefined)[];
  /** Stop (incomplete) once this many requests were made. */
  budget: number;
  /** Every page received, whether or not it ends up in the unbroken listing (its statuses are real). */
  onPage(tasks: readonly WireTask[]): void;
}

/** Lists all pages; never rejects (a failure ends the walk with `error`). */
export async function walkListing(protocol: TaskProtocol, session: ServerSession, options: WalkOptions): Promise<ListingWalk> {
  const walk: ListingWalk = { complete: false, requests: 0, cursors: [], entries: 0, pageSize: 0, restarts: 0 };
  try {
    await walkInto(walk, protocol, session, options);
  } catch (err) {
    walk.complete = false;
    walk.error = err;
  }
  return walk;
}

async function walkInto(walk: ListingWalk, protocol: TaskProtocol, session: ServerSession, options: WalkOptions): Promise<void> {
  const take = (cursor: string | undefined, page: TaskListPage) => {
    walk.cursors.push(cursor);
    walk.entries += page.tasks.length;
    if (page.nextCursor !== undefined) walk.pageSize = Math.max(walk.pageSize, page.tasks.length);
  };
  /** Where the one-by-one walk starts: the first page (undefined) or a next cursor. */
  let from: { cursor: string | undefined } = { cursor: undefined };
  const known = options.knownCursors;
  if (known && known.length > 1 && known.length <= options.budget) {
    let previous: TaskListPage | undefined;
    let intact = true;
    for (let start = 0; intact && start < known.length; start += PAGES_AT_ONCE) {
      const cursors = known.slice(start, start + PAGES_AT_ONCE);
      walk.requests += cursors.length;
      // Each page is taken in as it arrives: a task that ended is seen without waiting for the others.
      const answers = await Promise.allSettled(cursors.map((cursor) => protocol.listTasks(session, cursor).then((page) => {
        options.onPage(page.tasks);
        return page;
      })));
      for (let i = 0; i < answers.length; i++) {
        const answer = answers[i]!;
        if (answer.status === 'rejected' || (previous && previous.nextCursor !== cursors[i])) {
          intact = false;
          break;
        }
        take(cursors[i], answer.value);
        previous = answer.value;
        if (previous.nextCursor === undefined) {
          walk.complete = true; // the listing got shorter, or is as long as before
          return;
        }
      }
    }
    if (previous) from = { cursor: previous.nextCursor };
  }
  let cursor = from.cursor;
  // A server whose cursors come round again would be walked until the budget runs out.
  const asked = new Set<string>();
  while (walk.requests < options.budget) {
    let page: TaskListPage;
    walk.requests++;
    try {
      page = await protocol.listTasks(session, cursor);
    } catch (err) {
      if (cursor === undefined || !isUnknownTaskError(err) || walk.restarts > 0) throw err;
      // The cursor went stale (its task expired meanwhile): list again from the first page.
      walk.restarts++;
      walk.cursors = [];
      walk.entries = walk.pageSize = 0;
      asked.clear();
      cursor = undefined;
      continue;
    }
    options.onPage(page.tasks);
    take(cursor, page);
    if (page.nextCursor === undefined) {
      walk.complete = true;
      return;
    }
    if (cursor !== undefined) asked.add(cursor);
    if (asked.has(page.nextCursor)) throw new Error('tasks/list answered with a cursor it had already been asked with (the listing goes round in a circle)');
    cursor = page.nextCursor;
  }
}
