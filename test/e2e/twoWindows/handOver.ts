import * as fs from 'node:fs';
import * as path from 'node:path';
import { waitFor } from '../../support/waitFor';

/** What one window leaves for the other (both run at once against one task host). */
const file = (name: string): string => path.join(process.env.MCP_TASKS_SCRATCH!, `two-windows-${name}.json`);

export function leave(name: string, value: unknown): void {
  fs.writeFileSync(`${file(name)}.tmp`, JSON.stringify(value));
  fs.renameSync(`${file(name)}.tmp`, file(name));
}

export function pickUp<T>(name: string, timeoutMs: number): Promise<T> {
  return waitFor(() => (fs.existsSync(file(name)) ? JSON.parse(fs.readFileSync(file(name), 'utf8')) as T : undefined), { timeoutMs, intervalMs: 200, what: `the other window's "${name}"` });
}
