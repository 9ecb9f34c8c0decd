/**
 * The id the host gives a server a client hands over: the same definition gets the same id from
 * every window and every command-line call, so they share one connection and one set of tasks.
 * A stdio server's inherited environment differs between terminals and windows and is left out;
 * only what the configuration set (`identityEnv`) counts.
 */
import { createHash } from 'node:crypto';
import type { ServerSpec } from '../channel/hostProtocol';

export function serverIdentity(spec: ServerSpec): string {
  const def = spec.definition;
  const basis = def.type === 'stdio'
    ? ['stdio', def.command, def.args, def.cwd ?? '', sorted(spec.identityEnv ?? {})]
    : [def.type, def.url, sorted(def.headers)];
  // A hash, so header values (tokens) never appear in the ledger or the status output.
  return `s-${createHash('sha256').update(JSON.stringify(basis)).digest('hex').slice(0, 20)}`;
}

function sorted(values: Record<string, string | null>): [string, string | null][] {
  return Object.entries(values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
