/**
 * `notifications/elicitation/complete` for one connection: a URL-mode question waits on its
 * elicitationId until the server says the browser step is done. The server may say so before
 * anyone waits (the person finished quickly), so recent ids are remembered, a bounded number.
 */
export class ElicitationCompletions {
  private readonly waiting = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  private readonly completed = new Set<string>();

  constructor(private readonly remembered = 100) {}

  /** Resolves when the server reports the elicitation complete; never rejects. */
  whenComplete(elicitationId: string): Promise<void> {
    if (this.completed.has(elicitationId)) return Promise.resolve();
    let entry = this.waiting.get(elicitationId);
    if (!entry) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => { resolve = r; });
      entry = { promise, resolve };
      this.waiting.set(elicitationId, entry);
    }
    return entry.promise;
  }

  complete(elicitationId: string): void {
    this.waiting.get(elicitationId)?.resolve();
    this.waiting.delete(elicitationId);
    this.completed.add(elicitationId);
    if (this.completed.size > this.remembered) this.completed.delete(this.completed.values().next().value as string);
  }

  /** The question was answered another way: stop holding its waiter. */
  release(elicitationId: string): void {
    this.waiting.delete(elicitationId);
  }
}
