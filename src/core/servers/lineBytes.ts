/**
 * The bytes of one stdio line still being received, kept as bytes until the line ends so it is
 * decoded once. A short line keeps the chunks it arrived in. A long one (or one arriving in many
 * small pieces) moves into a single resizable buffer that grows in place: no copy of the whole line
 * is made while it grows, nothing holds on to the chunks once they are copied, and when the line has
 * been decoded the buffer is shrunk to nothing, giving its pages back without waiting for a full GC.
 * A 50 MB message then needs its bytes and its text at the same moment, never the text twice (as
 * decoding per chunk and joining the pieces does).
 */
import { megabytes } from './messageLimit';

/** Lines longer than this move into the resizable buffer. */
const SHORT_LINE_BYTES = 1024 * 1024;
/** So do lines in more pieces than this: each kept chunk costs a buffer object of its own. */
const SHORT_LINE_CHUNKS = 64;
/** The buffer grows in steps of this, so a long line costs few resizes. */
const GROWTH_STEP = 4 * 1024 * 1024;

export class LineBytes {
  private chunks: Buffer[] = [];
  private long: ArrayBuffer | undefined;
  private size = 0;

  constructor(private readonly maxBytes: number) {}

  get length(): number {
    return this.size;
  }

  /** Adds bytes of the line; throws when the line would pass the limit (nothing is kept then). */
  add(bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (this.size + bytes.length > this.maxBytes) {
      this.clear();
      throw new Error(`The server sent a message larger than ${megabytes(this.maxBytes)}, the most this host accepts; the connection is closed`);
    }
    if (!this.long && this.size + bytes.length <= SHORT_LINE_BYTES && this.chunks.length < SHORT_LINE_CHUNKS) {
      this.chunks.push(bytes);
    } else {
      this.copyIntoLong(bytes);
    }
    this.size += bytes.length;
  }

  /** The line as text (UTF-8), after which this holds nothing. */
  takeText(): string {
    let text: string;
    if (this.long) {
      text = Buffer.from(this.long, 0, this.size).toString('utf8');
    } else {
      text = this.chunks.length === 1 ? this.chunks[0].toString('utf8') : Buffer.concat(this.chunks, this.size).toString('utf8');
    }
    this.clear();
    return text;
  }

  clear(): void {
    // Shrinking gives the pages back now; dropping the reference alone would wait for a full GC.
    this.long?.resize(0);
    this.long = undefined;
    this.chunks = [];
    this.size = 0;
  }

  private copyIntoLong(bytes: Buffer): void {
    this.long ??= new ArrayBuffer(0, { maxByteLength: this.maxBytes });
    this.grow(this.size + bytes.length);
    const target = new Uint8Array(this.long);
    // The chunks of a line that has just become long go first.
    let offset = 0;
    for (const chunk of this.chunks) {
      target.set(chunk, offset);
      offset += chunk.length;
    }
    this.chunks = [];
    target.set(bytes, this.size);
  }

  private grow(needed: number): void {
    const long = this.long!;
    if (needed <= long.byteLength) return;
    long.resize(Math.min(long.maxByteLength, Math.ceil(needed / GROWTH_STEP) * GROWTH_STEP));
  }
}
