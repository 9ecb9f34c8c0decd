/**
 * Identity and change detection for server definitions: a stable id per (source file, name), a
 * content hash that changes exactly when the definition does (used for restarts and for asking
 * the user's trust again), and the diff between two configurations.
 */
import { createHash } from 'node:crypto';

/** Stable across reloads: the same file and server name always give the same id. */
export function serverId(sourceFile: string, name: string): string {
  const fileHash = createHash('sha256').update(sourceFile).digest('hex').slice(0, 12);
  return `${fileHash}/${name}`;
}

/** SHA-256 of the definition's canonical JSON (keys sorted, so formatting and key order do not matter). */
export function definitionHash(definition: unknown): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export interface ConfigDiff {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
  readonly unchanged: readonly string[];
}

/** Compares two id → definition maps (values are hashed, so any JSON-like value works). */
export function diffDefinitions(before: ReadonlyMap<string, unknown>, after: ReadonlyMap<string, unknown>): ConfigDiff {
  const added: string[] = [];
  const removed: string[] = [];
  const changed: string[] = [];
  const unchanged: string[] = [];
  for (const [id, definition] of after) {
    if (!before.has(id)) added.push(id);
    else if (definitionHash(before.get(id)) !== definitionHash(definition)) changed.push(id);
    else unchanged.push(id);
  }
  for (const id of before.keys()) if (!after.has(id)) removed.push(id);
  return { added, removed, changed, unchanged };
}
