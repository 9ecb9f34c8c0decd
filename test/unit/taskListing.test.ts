import * as assert from 'node:assert/strict';
import type { ServerSession } from '../../src/core/servers/types';
import { McpError, ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { walkListing } from '../../src/core/tasks/taskListing';
import type { TaskListPage, TaskProtocol } from '../../src/core/tasks/taskProtocol';
import type { WireTask } from '../../src/core/tasks/wireTask';

/**
 * A listing like the SDK's in-memory store: pages of `size`, oldest first, the cursor is the last
 * task id of the page before; an unknown cursor is -32602. Records what was asked and how many
 * requests were in flight at once.
 */
class Listing {
  ids: string[];
  asked: (string | undefined)[] = [];
  inFlight = 0;
  maxInFlight = 0;
  failNext: ((cursor: string | undefined) => boolean) | undefined;

  constructor(count: number, private readonly size = 10) {
    this.ids = Array.from({ length: count }, (_, i) => `t${i}`);
  }

  protocol(): TaskProtocol {
    return { listTasks: (_session: ServerSession, cursor: string | undefined) => this.list(cursor) } as unknown as TaskProtocol;
  }

  private async list(cursor: string | undefined): Promise<TaskListPage> {
    this.asked.push(cursor);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    this.inFlight--;
    if (this.failNext?.(cursor)) {
      this.failNext = undefined;
      throw new McpError(ErrorCode.InvalidParams, `Failed to list tasks: Invalid cursor: ${cursor}`);
    }
    let start = 0;
    if (cursor !== undefined) {
      const at = this.ids.indexOf(cursor);
      if (at < 0) throw new McpError(ErrorCode.InvalidParams, `Failed to list tasks: Invalid cursor: ${cursor}`);
      start = at + 1;
    }
    const page = this.ids.slice(start, start + this.size);
    const tasks: WireTask[] = page.map((taskId) => ({ taskId, status: 'working' }));
    return start + this.size < this.ids.length ? { tasks, nextCursor: page[page.length - 1] } : { tasks };
  }
}

const client = {} as ServerSession;

async function walk(listing: Listing, knownCursors?: (string | undefined)[], budget = 1_000) {
  const seen: string[] = [];
  const result = await walkListing(listing.protocol(), client, { knownCursors, budget, onPage: (tasks) => seen.push(...tasks.map((t) => t.taskId)) });
  return { result, seen };
}

describe('task listing walk', () => {
  it('follows cursors page by page the first time, and learns them', async () => {
    const listing = new Listing(25);
    const { result, seen } = await walk(listing);
    assert.equal(result.complete, true);
    assert.deepEqual(result.cursors, [undefined, 't9', 't19']);
    assert.equal(result.entries, 25);
    assert.equal(result.pageSize, 10);
    assert.equal(result.requests, 3);
    assert.equal(listing.maxInFlight, 1);
    assert.equal(seen.length, 25);
  });

  it('asks for known pages twenty at a time and accepts an unbroken chain', async () => {
    const listing = new Listing(25);
    const { result, seen } = await walk(listing, [undefined, 't9', 't19']);
    assert.equal(result.complete, true);
    assert.equal(result.requests, 3);
    assert.equal(listing.maxInFlight, 3);
    assert.equal(new Set(seen).size, 25);

    const long = new Listing(250);
    const cursors = (await walk(long)).result.cursors;
    long.maxInFlight = 0;
    long.asked = [];
    const again = await walk(long, cursors);
    assert.equal(again.result.complete, true);
    assert.equal(again.result.requests, 25);
    assert.equal(long.maxInFlight, 20);
    assert.equal(new Set(again.seen).size, 250);
  });

  it('goes on page by page where the listing grew past the known pages', async () => {
    const listing = new Listing(35);
    const { result, seen } = await walk(listing, [undefined, 't9', 't19']);
    assert.equal(result.complete, true);
    assert.deepEqual(result.cursors, [undefined, 't9', 't19', 't29']);
    assert.equal(result.requests, 4);
    assert.equal(new Set(seen).size, 35);
  });

  it('notices a broken chain (a task left the listing) and continues from the last page that still fits', async () => {
    const listing = new Listing(30);
    listing.ids.splice(4, 1); // t4 expired: pages shift by one
    const { result, seen } = await walk(listing, [undefined, 't9', 't19']);
    assert.equal(result.complete, true);
    // Page 1 now ends at t10, not t9: the chain breaks there and the walk goes on from t10.
    assert.deepEqual(result.cursors, [undefined, 't10', 't20']);
    assert.equal(result.entries, 29);
    assert.ok(listing.ids.every((id) => seen.includes(id)), 'every listed task was seen');
  });

  it('a stale cursor met one page at a time restarts the walk once; twice ends it with the error', async () => {
    const listing = new Listing(25);
    listing.failNext = (cursor) => cursor === 't19';
    const once = await walk(listing);
    assert.equal(once.result.complete, true);
    assert.equal(once.result.restarts, 1);
    assert.deepEqual(once.result.cursors, [undefined, 't9', 't19']);
    assert.equal(once.result.requests, 3 + 3);

    const stubborn = new Listing(25);
    let failures = 0;
    const original = stubborn.protocol();
    const failing = { listTasks: async (c: ServerSession, cursor: string | undefined) => {
      if (cursor !== undefined) { failures++; throw new McpError(ErrorCode.InvalidParams, 'Invalid cursor'); }
      return original.listTasks(c, cursor);
    } } as unknown as TaskProtocol;
    const twice = await walkListing(failing, client, { budget: 100, onPage: () => {} });
    assert.equal(twice.complete, false);
    assert.ok(twice.error instanceof McpError);
    assert.equal(failures, 2);
  });

  it('a failed first page ends the walk with the error, and a budget ends it incomplete', async () => {
    const listing = new Listing(25);
    listing.failNext = () => true;
    const failed = await walk(listing);
    assert.equal(failed.result.complete, false);
    assert.ok(failed.result.error);

    const short = await walk(new Listing(55), undefined, 3);
    assert.equal(short.result.complete, false);
    assert.equal(short.result.requests, 3);
    assert.equal(short.result.error, undefined);
  });

  it('stops a server that answers with the cursor it was asked with', async () => {
    const looping = { listTasks: async (_c: ServerSession, cursor: string | undefined) => ({ tasks: [], nextCursor: cursor ?? 'same' }) } as unknown as TaskProtocol;
    const result = await walkListing(looping, client, { budget: 50, onPage: () => {} });
    assert.equal(result.complete, false);
    assert.match(String(result.error), /a cursor it had already been asked with/);
    assert.equal(result.requests, 2);
  });
});
