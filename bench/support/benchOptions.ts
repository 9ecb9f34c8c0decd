/** A benchmark's `--name=value` option from the command line, or the fallback. */
export function option(name: string, fallback: string): string {
  const prefix = `--${name}=`;
  const hit = process.argv.slice(2).find((a) => a.startsWith(prefix));
  return hit ? hit.slice(prefix.length) : fallback;
}
