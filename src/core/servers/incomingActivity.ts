/**
 * Whether a message from a server is being received right now (part of it has arrived, the rest
 * has not), so that the engine does not give up, or ask again for, a request whose answer is on
 * its way: a large result takes a while to arrive, and asking again makes the server send it again.
 * Known for stdio (its framing sees partial messages); other transports register none.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

export class IncomingActivity {
  private receiving = false;
  private waiters: (() => void)[] = [];

  get busy(): boolean {
    return this.receiving;
  }

  begin(): void {
    this.receiving = true;
  }

  end(): void {
    if (!this.receiving) return;
    this.receiving = false;
    this.release();
  }

  /**
   * Resolves once no message is half received, and after the replies already delivered have run
   * their continuations (a macrotask later): whoever waits then sees a request the message answered
   * as answered.
   */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      if (!this.receiving) this.release();
    });
  }

  private release(): void {
    setImmediate(() => {
      if (this.receiving) return;
      const waiters = this.waiters;
      this.waiters = [];
      for (const resolve of waiters) resolve();
    });
  }
}

const byClient = new WeakMap<Client, IncomingActivity>();

/** Called where a client and its transport are put together. */
export function registerIncomingActivity(client: Client, activity: IncomingActivity): void {
  byClient.set(client, activity);
}

/** The client's incoming activity, when its transport reports one. */
export function incomingActivityOf(client: Client | undefined): IncomingActivity | undefined {
  return client ? byClient.get(client) : undefined;
}

/**
 * Waits until the client is not receiving a message; for transports that do not say, only until
 * the replies already delivered have run their continuations.
 */
export function whenIdle(client: Client | undefined): Promise<void> {
  return incomingActivityOf(client)?.whenIdle() ?? new Promise((resolve) => setImmediate(resolve));
}
