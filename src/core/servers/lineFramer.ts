/**
 * Newline framing of a stdio server's output, in time proportional to the bytes read. Each chunk
 * is decoded as it arrives and the pieces of a message are joined once, when its newline comes;
 * only the new chunk is searched for a newline. (The SDK's ReadBuffer joins the whole buffer again
 * on every chunk and searches it from the start: a 50 MB message arriving in 64 KB chunks costs
 * gigabytes of copying.) Decoding at once also frees each chunk early, which lowers the peak memory
 * of a large message to about three times its size (text, joined text, parsed value).
 */
import { StringDecoder } from 'node:string_decoder';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { deserializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import { IncomingActivity } from './incomingActivity';
import { megabytes } from './messageLimit';

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
  /** The start of the line being received, decoded. */
  private partial: string[] = [];
  private partialBytes = 0;
  /** Keeps a character split between two chunks; a newline byte never splits one. */
  private decoder = new StringDecoder('utf8');

  constructor(private readonly maxMessageBytes: number, readonly activity = new IncomingActivity()) {}

  append(chunk: Buffer): void {
    let start = 0;
    let newline = chunk.indexOf(NEWLINE);
    while (newline !== -1) {
      this.addPart(chunk.subarray(start, newline));
      this.partial.push(this.decoder.end());
      this.lines.push(this.partial.join(''));
      this.partial = [];
      this.partialBytes = 0;
      start = newline + 1;
      newline = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) this.addPart(chunk.subarray(start));
    if (this.partialBytes > 0) this.activity.begin();
  }

  readMessage(): JSONRPCMessage | null {
    const line = this.lines.shift();
    if (line === undefined) {
      // Every complete message has been handed on: the reader is idle unless one is half read.
      if (this.partialBytes === 0) this.activity.end();
      return null;
    }
    return deserializeMessage(line.endsWith('\r') ? line.slice(0, -1) : line);
  }

  clear(): void {
    this.lines = [];
    this.partial = [];
    this.partialBytes = 0;
    this.decoder = new StringDecoder('utf8');
    this.activity.end();
  }

  private addPart(part: Buffer): void {
    if (part.length === 0) return;
    if (this.partialBytes + part.length > this.maxMessageBytes) {
      this.clear();
      throw new Error(`The server sent a message larger than ${megabytes(this.maxMessageBytes)}, the most this host accepts; the connection is closed`);
    }
    this.partial.push(this.decoder.write(part));
    this.partialBytes += part.length;
  }
}
