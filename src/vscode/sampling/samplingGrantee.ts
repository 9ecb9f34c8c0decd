/**
 * The identity a sampling grant is kept under: where the server is defined (its id names the
 * configuration file and the entry) and what it runs (a digest of its definition). A server of the
 * same name in another file, or the same entry changed to run something else, is asked again.
 */
import { createHash } from 'node:crypto';
import type { SamplingGrantee } from './samplingPermissions';

export function samplingGrantee(serverId: string, label: string, definition: unknown): SamplingGrantee {
  const digest = createHash('sha256').update(JSON.stringify(definition ?? null)).digest('hex').slice(0, 16);
  return { key: `${serverId}#${digest}`, label };
}
