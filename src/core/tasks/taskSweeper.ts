/**
 * Polls all tasks of a server session with one tasks/list sweep (following cursors) instead of
 * one tasks/get each, when the session has enough active tasks for that to take fewer requests.
 *
 * - Every listed status goes through the tracker's observe(), the path a tasks/get reply takes.
 * - A tracked task absent from a complete listing is not declared gone: the scheduler confirms it
 *   with a tasks/get (which says expired or unknown when the server no longer knows it).
 * - Pages are walked by walkListing: after the first complete listing, many pages at once.
 * - A cursor the server no longer accepts (-32602) restarts the listing once; any other failure
 *   ends the sweep, the tasks it did not reach are polled one by one, and sweeps pause a while.
 * - What one sweep costs is learned per session: pages, entries (finished tasks stay listed until
 *   their ttl passes) and page size; tasks created since then are added to the estimate.
 */
import type { ServerSession } from '../servers/types';
import type { EngineEnv } from './engineEnv';
import type { TaskBook } from './taskBook';
import type { ServerAccess } from './serverAccess';
import type { SweepOutcome, SweepPlanner } from './groupSweeps';
import { errorMessage } from './protocolErrors';
import { walkListing, type ListingWalk } from './taskListing';
import type { TaskTracker } from './taskTracker';
import type { WireTask } from './wireTask';

/** Until a listing has shown how many entries a page holds. */
const GUESSED_PAGE_SIZE = 10;
/** After a failed listing, the session is polled task by task for this long. */
const PAUSE_AFTER_ERROR_MS = 60_000;

/** What listing one session costs, as far as we know. */
interface ListingCost {
  readonly session: ServerSession;
  /** Pages and entries of the last complete listing. */
  pages?: number;
  entries?: number;
  /** Most entries seen on a page that had a next one: the server's page size. */
  pageSize?: number;
  /** A sweep stopped at its budget after this many pages: a listing takes more. */
  pagesAtLeast?: number;
  /** The cursors of the last complete listing's pages: the next sweep asks for many at once. */
  cursors?: (string | undefined)[];
  /** Tasks created on this session since the last complete listing (each adds an entry). */
  createdSince: number;
  pausedUntil?: number;
}

/** Requests made by sweeps, per server (diagnostics and tests). */
export interface SweepCounts {
  sweeps: number;
  pages: number;
  restarts: number;
  failures: number;
}

export class TaskSweeper implements SweepPlanner {
  private readonly costs = new Map<string, ListingCost>();
  private readonly counts = new Map<string, SweepCounts>();

  constructor(
    private readonly env: EngineEnv,
    private readonly book: TaskBook,
    private readonly servers: ServerAccess,
    private readonly tracker: TaskTracker,
  ) {}

  /** A task was created on the server's current session: the listing grows by one entry. */
  noteCreated(serverId: string, session: ServerSession): void {
    this.costOf(serverId, session).createdSince++;
  }

  countsOf(serverId: string): SweepCounts {
    return { ...(this.counts.get(serverId) ?? emptyCounts()) };
  }

  expectedRequests(serverId: string): number | undefined {
    const session = this.listingSession(serverId);
    if (!session) return undefined;
    const cost = this.costOf(serverId, session);
    if (cost.pausedUntil !== undefined && this.env.clock.now() < cost.pausedUntil) return undefined;
    const pageSize = cost.pageSize ?? Math.max(GUESSED_PAGE_SIZE, cost.entries ?? 0);
    const pages = Math.max(1, Math.ceil(((cost.entries ?? 0) + cost.createdSince) / pageSize));
    return cost.pagesAtLeast !== undefined ? Math.max(pages, cost.pagesAtLeast + 1) : pages;
  }

  async sweep(serverId: string, keys: readonly string[], budget: number): Promise<ReadonlyMap<string, SweepOutcome>> {
    const outcomes = new Map<string, SweepOutcome>();
    const session = this.listingSession(serverId);
    if (!session) return outcomes;
    const cost = this.costOf(serverId, session);
    const counts = this.countsFor(serverId);
    counts.sweeps++;
    const wanted = new Set(keys);
    const seen = new Set<string>();
    const createdBefore = cost.createdSince;
    const onPage = (tasks: readonly WireTask[]) => {
      for (const wire of tasks) {
        const key = this.book.keyFor(serverId, wire.taskId);
        if (key === undefined || !wanted.has(key) || seen.has(key)) continue;
        seen.add(key);
        if (this.tracker.observeUnchanged(key, wire)) continue;
        this.tracker.observe(key, wire).catch((err: unknown) => {
          this.env.logger.error(`${key}: applying a listed status failed: ${errorMessage(err)}`);
        });
      }
    };
    const walk = await walkListing(this.env.protocol, session, { knownCursors: cost.cursors, budget, onPage });
    counts.pages += walk.requests;
    counts.restarts += walk.restarts;
    if (walk.error !== undefined) {
      counts.failures++;
      cost.pausedUntil = this.env.clock.now() + PAUSE_AFTER_ERROR_MS;
      cost.cursors = undefined;
      this.env.logger.info(`${serverId}: tasks/list failed (${errorMessage(walk.error)}); polling task by task for a while`);
    } else {
      this.learn(cost, walk, createdBefore);
    }
    for (const key of keys) {
      if (seen.has(key)) outcomes.set(key, this.tracker.afterObserving(key));
      else outcomes.set(key, walk.complete ? 'missing' : 'unseen');
    }
    return outcomes;
  }

  private learn(cost: ListingCost, walk: ListingWalk, createdBefore: number): void {
    if (!walk.complete) {
      cost.pagesAtLeast = Math.max(cost.pagesAtLeast ?? 0, walk.cursors.length);
      return;
    }
    cost.pages = walk.cursors.length;
    cost.entries = walk.entries;
    cost.cursors = walk.cursors;
    if (walk.pageSize > 0) cost.pageSize = walk.pageSize;
    cost.pagesAtLeast = undefined;
    cost.createdSince -= createdBefore;
    cost.pausedUntil = undefined;
  }

  /** The session to list on: the server's, when it declares tasks/list. */
  private listingSession(serverId: string): ServerSession | undefined {
    let session;
    try {
      session = this.servers.server(serverId).session;
    } catch {
      return undefined; // the server was removed
    }
    return session?.serverCapabilities?.tasks?.list ? session : undefined;
  }

  /** The cost record of the session; a new session starts from nothing. */
  private costOf(serverId: string, session: ServerSession): ListingCost {
    let cost = this.costs.get(serverId);
    if (!cost || cost.session !== session) {
      cost = { session, createdSince: 0 };
      this.costs.set(serverId, cost);
    }
    return cost;
  }

  private countsFor(serverId: string): SweepCounts {
    let counts = this.counts.get(serverId);
    if (!counts) this.counts.set(serverId, counts = emptyCounts());
    return counts;
  }
}

function emptyCounts(): SweepCounts {
  return { sweeps: 0, pages: 0, restarts: 0, failures: 0 };
}
