/**
 * The SDK's stdio client transport (process start, stderr, close and kill are all its own) with
 * LineFramer in place of its read buffer. The SDK version this product is built on (1.32) frames
 * messages in time quadratic in their size and offers no way to supply another buffer, so the one
 * private field it reads from is replaced after construction; everything else stays the SDK's.
 */
import { StdioClientTransport, type StdioServerParameters } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { IncomingActivity } from './incomingActivity';
import { LineFramer, type ReadBufferLike } from './lineFramer';

export class FramedStdioTransport extends StdioClientTransport {
  readonly incoming: IncomingActivity;

  constructor(server: StdioServerParameters, maxMessageBytes: number) {
    super({ ...server, maxBufferSize: maxMessageBytes });
    const framer = new LineFramer(maxMessageBytes);
    this.incoming = framer.activity;
    const fields = this as unknown as { _readBuffer?: ReadBufferLike };
    // Fail loudly if an SDK update renames the field rather than silently framing the slow way.
    if (!fields._readBuffer) throw new Error('the SDK stdio transport no longer has the read buffer this host replaces');
    fields._readBuffer = framer;
  }
}
