/**
 * Task results too large to keep inside the record set: one JSON file per task under
 * `<ledger>/results/`, replaced atomically. Only files inside that folder are ever read or
 * removed through a record, whatever path a damaged record may carry.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { StoredResult } from '../model/taskRecord';
import { fsyncDir, parseTempName, writeFileAtomic } from './atomicFile';
import { jsonChunks } from './jsonChunks';

export const RESULTS_FOLDER = 'results';

export class ResultFiles {
  readonly dir: string;

  constructor(ledgerDir: string, private readonly onWrite: (file: string, bytes: number) => void) {
    this.dir = path.join(ledgerDir, RESULTS_FOLDER);
  }

  /** Readable, unique and short: the key's safe characters plus a hash of the whole key. */
  fileNameFor(key: string): string {
    const readable = key.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 80);
    const hash = createHash('sha256').update(key).digest('hex').slice(0, 16);
    return `${readable || 'result'}-${hash}.json`;
  }

  /**
   * Keeps a small result inline and writes a large one to its file, piece by piece: the JSON text
   * of a result of many megabytes never exists whole in memory beside the result itself.
   */
  async store(key: string, value: unknown, inlineLimitBytes: number): Promise<StoredResult> {
    const pieces = jsonChunks(value);
    const head: string[] = [];
    let bytes = 0;
    let done = false;
    try {
      while (bytes <= inlineLimitBytes) {
        const next = pieces.next();
        if (next.done) { done = true; break; }
        head.push(next.value);
        bytes += Buffer.byteLength(next.value, 'utf8');
      }
    } catch (err) {
      throw new Error(`the result of ${key} cannot be stored: ${(err as Error).message}`);
    }
    if (done && head.length === 0) throw new Error(`the result of ${key} cannot be stored: it is not a JSON value`);
    if (done && bytes <= inlineLimitBytes) return { kind: 'inline', value: value as Record<string, unknown> };
    const file = path.join(this.dir, this.fileNameFor(key));
    await fs.promises.mkdir(this.dir, { recursive: true });
    let total: number;
    try {
      total = await writeFileAtomic(file, chain(head.splice(0), pieces));
    } catch (err) {
      // A part of the value further in that JSON cannot hold (a cycle) is found while writing.
      if (err instanceof TypeError) throw new Error(`the result of ${key} cannot be stored: ${err.message}`);
      throw err;
    }
    this.onWrite(file, total);
    return { kind: 'file', path: file, bytes: total };
  }

  async read(stored: StoredResult): Promise<unknown> {
    if (stored.kind === 'inline') return stored.value;
    const file = this.resolveInside(stored.path);
    if (!file) throw new Error(`result file ${stored.path} is outside the ledger's results folder; not read`);
    let text: string;
    try {
      text = await fs.promises.readFile(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new Error(code === 'ENOENT' ? `result file ${file} is missing` : `result file ${file} cannot be read: ${(err as Error).message}`);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new Error(`result file ${file} is damaged (expected ${stored.bytes} bytes of JSON, found ${Buffer.byteLength(text)} bytes)`);
    }
  }

  /** Removes a record's result file, if it has one in the results folder. */
  async remove(stored: StoredResult | undefined): Promise<void> {
    if (stored?.kind !== 'file') return;
    const file = this.resolveInside(stored.path);
    if (!file) return;
    await fs.promises.unlink(file).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }

  /**
   * Removes result files no record refers to (a crash between storing a result and recording
   * it), once they are older than `graceMs` so a result being recorded right now is spared.
   */
  async sweepOrphans(referenced: ReadonlySet<string>, now: number, graceMs: number): Promise<number> {
    let names: string[];
    try {
      names = await fs.promises.readdir(this.dir);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const name of names) {
      const file = path.join(this.dir, name);
      const isTemp = parseTempName(name) !== undefined;
      if (!isTemp && (!name.endsWith('.json') || referenced.has(file))) continue;
      try {
        const stat = await fs.promises.stat(file);
        if (now - stat.mtimeMs <= graceMs) continue;
        await fs.promises.unlink(file);
        removed++;
      } catch {
        // vanished or busy: try again at the next prune
      }
    }
    if (removed) await fsyncDir(this.dir);
    return removed;
  }

  /** Absolute path of a stored result file when it lies inside the results folder. */
  resolveInside(stored: string): string | undefined {
    const file = path.resolve(this.dir, '..', stored);
    const relative = path.relative(this.dir, file);
    if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
    return file;
  }
}

/** The pieces already taken, then the rest as they come (never all at once). */
function* chain(taken: string[], pieces: Generator<string>): Generator<string> {
  yield* taken;
  for (let next = pieces.next(); !next.done; next = pieces.next()) yield next.value;
}
