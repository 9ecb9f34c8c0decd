/** Thrown by `beforeStart` to refuse a start (e.g. an untrusted server): the state becomes stopped with this reason. */
export class StartRefusedError extends Error {
  override readonly name = 'StartRefusedError';
}
