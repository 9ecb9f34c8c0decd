/**
 * Waits for a notification or picker, or stops waiting when the signal aborts (the server withdrew
 * its request). A notification cannot be closed from an extension; this only stops listening.
 */
export function untilAborted<T>(signal: AbortSignal, shown: PromiseLike<T | undefined>): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    shown.then((value) => { signal.removeEventListener('abort', onAbort); resolve(value); }, () => resolve(undefined));
  });
}
