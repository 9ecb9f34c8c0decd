/**
 * Newline framing of a stdio server's output, in time proportional to the bytes read. Only the new
 * chunk is searched for a newline, and a line's bytes are decoded once, when its newline comes (see
 * LineBytes for how a long line is held). The SDK's ReadBuffer joins the whole buffer again on every
 * chunk and searches it from the start: a 50 MB message arriving in 64 KB chunks costs gigabytes of
 * copying.
 */
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { deserializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import { IncomingActivity } from './incomingActivity';
import { LineBytes } from './lineBytes';

const NEWLINE = 0x0a;

/** The shape StdioClientTransport expects of its read buffer. */
export interface ReadBufferLike {
  append(chunk: Buffer): void;
  readMessage(): JSONRPCMessage | null;
  clear(): void;
}

export class LineFramer implements ReadBufferLike {
  /** Complete lines not yet read, each already joined. */
  private lines: string[] = [];
  /** The start of the line being received; a newline byte never splits a character. */
  private readonly partial: LineBytes;

  constructor(maxMessageBytes: number, readonly activity = new IncomingActivity()) {
    this.partial = new LineBytes(maxMessageBytes);
  }

  append(chunk: Buffer): void {
    try {
      this.frame(chunk);
    } catch (err) {
      // A message over the limit: the connection is closed, so nothing read so far is handed on.
      this.clear();
      throw err;
    }
  }

  readMessage(): JSONRPCMessage | null {
    const line = this.lines.shift();
    if (line === undefined) {
      // Every complete message has been handed on: the reader is idle unless one is half read.
      if (this.partial.length === 0) this.activity.end();
      return null;
    }
    return deserializeMessage(line.endsWith('\r') ? line.slice(0, -1) : line);
  }

  clear(): void {
    this.lines = [];
    this.partial.clear();
    this.activity.end();
  }

  private frame(chunk: Buffer): void {
    let start = 0;
    let newline = chunk.indexOf(NEWLINE);
    while (newline !== -1) {
      this.partial.add(chunk.subarray(start, newline));
      this.lines.push(this.partial.takeText());
      start = newline + 1;
      newline = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) this.partial.add(chunk.subarray(start));
    if (this.partial.length > 0) this.activity.begin();
  }
}
