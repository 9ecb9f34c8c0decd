/** Clean-up of temp files left by writers that died before renaming them into place. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTempName } from './atomicFile';

/** A temp file of a live writer elsewhere is left alone unless it is this old. */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes our temp files in `dir` whose writer process is gone (or that were abandoned long ago). */
export async function sweepStaleTemps(dir: string): Promise<number> {
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const temp = parseTempName(name);
    if (!temp || temp.pid === process.pid) continue;
    const file = path.join(dir, name);
    try {
      const stat = await fs.promises.stat(file);
      if (isProcessAlive(temp.pid) && Date.now() - stat.mtimeMs < ABANDONED_AFTER_MS) continue;
      await fs.promises.unlink(file);
      removed++;
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}
