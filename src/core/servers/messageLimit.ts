/** The largest single message this host accepts from a server, over any transport. */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

export function megabytes(bytes: number): string {
  if (bytes < 100 * 1024) return `${bytes} bytes`;
  const mb = bytes / (1024 * 1024);
  return `${mb >= 10 || Number.isInteger(mb) ? Math.round(mb) : mb.toFixed(1)} MB`;
}
