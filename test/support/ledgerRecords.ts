/** Sample task records and throwaway ledger folders for ledger tests. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TaskRecord } from '../../src/core/model/taskRecord';

/** Recent enough that records are not pruned as expired when a ledger opens. */
export const SAMPLE_TIME = Date.now();

export function sampleRecord(id: string | number, overrides: Partial<TaskRecord> = {}): TaskRecord {
  const taskId = `task-${id}`;
  return {
    key: `srv/${taskId}`,
    serverId: 'srv',
    serverLabel: 'Sample server',
    taskId,
    kind: 'task',
    tool: 'longRunningOperation',
    args: { duration: 5, steps: 3 },
    requestedTtl: 60_000,
    ttl: 60_000,
    pollInterval: 1000,
    status: 'working',
    createdAt: SAMPLE_TIME,
    updatedAt: SAMPLE_TIME,
    ...overrides,
  };
}

/** A small completed tool result whose text is derived from `seed` (so it can be checked later). */
export function sampleResult(seed: string, padBytes = 0): { content: { type: 'text'; text: string }[] } {
  return { content: [{ type: 'text', text: `result of ${seed}${'x'.repeat(padBytes)}` }] };
}

/** A fresh folder under the OS temp dir; remove it in after()/afterEach. */
export function makeTempDir(prefix = 'ledger-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
