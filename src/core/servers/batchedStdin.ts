/**
 * Writes the messages sent to a stdio server in one turn of the event loop as one chunk. A burst
 * of requests (a thousand polls or task creations due at once) then costs one write system call
 * and one wake-up of the server instead of one each, and one 'drain' wait instead of one listener
 * per message.
 */
import type { Writable } from 'node:stream';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

export class BatchedStdin {
  private chunks: string[] = [];
  private waiters: Waiter[] = [];

  constructor(private readonly stdin: Writable) {}

  /** Resolves once the message is handed to the pipe (or, over the high-water mark, once it drained). */
  send(message: JSONRPCMessage): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.stdin.destroyed || !this.stdin.writable) {
        reject(new Error('Not connected'));
        return;
      }
      this.chunks.push(serializeMessage(message));
      this.waiters.push({ resolve, reject });
      // Everything sent before the current turn ends (including promise callbacks) joins this write.
      if (this.chunks.length === 1) process.nextTick(() => this.flush());
    });
  }

  private flush(): void {
    const chunk = this.chunks.length === 1 ? this.chunks[0]! : this.chunks.join('');
    const waiters = this.waiters;
    this.chunks = [];
    this.waiters = [];
    if (this.stdin.destroyed || !this.stdin.writable) {
      for (const w of waiters) w.reject(new Error('Not connected'));
      return;
    }
    const settle = () => { for (const w of waiters) w.resolve(); };
    // Write errors reach the transport through the stream's 'error' event, as without batching.
    if (this.stdin.write(chunk)) settle();
    else this.stdin.once('drain', settle);
  }
}
