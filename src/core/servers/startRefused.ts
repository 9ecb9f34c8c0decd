/** Thrown by `beforeStart` to refuse a start (e.g. an untrusted server): the state becomes stopped with this reason. */
export class StartRefusedError extends Error {
  override readonly name = 'StartRefusedError';
}

/** Told by name, not class: the window's trust check and the connection may come from different bundles. */
export function isStartRefused(error: unknown): error is StartRefusedError {
  return error instanceof Error && error.name === 'StartRefusedError';
}
