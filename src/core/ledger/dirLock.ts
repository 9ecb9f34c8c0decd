/**
 * An exclusive lock file shared by every process that opens the same ledger directory (two
 * editor windows, the CLI). It is held only for the few milliseconds of one read or write.
 *
 * The lock is created with its content in one step (write a temp file, then hard-link it to the
 * lock name, which fails when the lock exists), so a crash never leaves an empty lock behind.
 * A lock is stale when its owner is a dead process on this machine, or when it is older than
 * `staleMs` (an owner that hung or lives on another machine); a stale lock is moved aside and
 * checked before it is removed, so two processes breaking it at once do not both win.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { randomBytes } from 'node:crypto';
import { tempPathFor } from './atomicFile';
import { isProcessAlive } from './staleTemps';

interface LockOwner {
  pid: number;
  host: string;
  token: string;
  at: number;
}

export interface DirLockOptions {
  /** Give up waiting after this long (default 15 s). */
  timeoutMs?: number;
  /** Break a lock older than this (default 10 s). */
  staleMs?: number;
}

export class DirLock {
  private token: string | undefined;
  private readonly timeoutMs: number;
  private readonly staleMs: number;

  constructor(readonly lockPath: string, options: DirLockOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.staleMs = options.staleMs ?? 10_000;
  }

  async withLock<T>(work: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await work();
    } finally {
      await this.release();
    }
  }

  async acquire(): Promise<void> {
    if (this.token) throw new Error(`lock ${this.lockPath} is already held by this ledger`);
    const token = randomBytes(8).toString('hex');
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      if (await this.tryCreate(token)) {
        this.token = token;
        return;
      }
      const owner = await readOwner(this.lockPath);
      if (owner === 'gone') continue;
      if (await this.isStale(owner)) {
        await this.breakStale(owner);
        continue;
      }
      if (Date.now() - started > this.timeoutMs) {
        const who = owner ? `process ${owner.pid} on ${owner.host}` : 'an unknown process';
        throw new Error(`timed out after ${this.timeoutMs} ms waiting for ${this.lockPath} (held by ${who})`);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(2 + attempt * 2, 25)));
    }
  }

  async release(): Promise<void> {
    const token = this.token;
    this.token = undefined;
    if (!token) return;
    const owner = await readOwner(this.lockPath);
    // Someone broke our lock as stale (we were stopped for a long time): theirs now, leave it.
    if (owner === 'gone' || owner?.token !== token) return;
    await fs.promises.unlink(this.lockPath).catch(() => undefined);
  }

  private async tryCreate(token: string): Promise<boolean> {
    const owner: LockOwner = { pid: process.pid, host: os.hostname(), token, at: Date.now() };
    const temp = tempPathFor(this.lockPath);
    await fs.promises.writeFile(temp, JSON.stringify(owner), { flag: 'wx' });
    try {
      await fs.promises.link(temp, this.lockPath);
      return true;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw err;
      // No hard links on this file system: exclusive create, then content (a crash in between
      // leaves an empty lock, which turns stale by age).
      try {
        await fs.promises.writeFile(this.lockPath, JSON.stringify(owner), { flag: 'wx' });
        return true;
      } catch (inner) {
        if ((inner as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw inner;
      }
    } finally {
      await fs.promises.unlink(temp).catch(() => undefined);
    }
  }

  private async isStale(owner: LockOwner | undefined): Promise<boolean> {
    if (owner && owner.host === os.hostname() && !isProcessAlive(owner.pid)) return true;
    try {
      const stat = await fs.promises.stat(this.lockPath);
      return Date.now() - stat.mtimeMs > this.staleMs;
    } catch {
      return false; // gone meanwhile: the next attempt will create it
    }
  }

  private async breakStale(seen: LockOwner | undefined): Promise<void> {
    const aside = `${this.lockPath}.stale-${randomBytes(4).toString('hex')}`;
    try {
      await fs.promises.rename(this.lockPath, aside);
    } catch {
      return; // someone else broke it first
    }
    const moved = await readOwner(aside);
    const same = moved !== 'gone' && (seen ? moved?.token === seen.token : moved === undefined);
    if (!same) {
      // A fresh lock was taken between our look and our rename: put it back if nobody else
      // holds the name now.
      await fs.promises.link(aside, this.lockPath).catch(() => undefined);
    }
    await fs.promises.unlink(aside).catch(() => undefined);
  }
}

async function readOwner(file: string): Promise<LockOwner | undefined | 'gone'> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : undefined;
  }
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.token === 'string') {
      return { pid: value.pid, host: value.host, token: value.token, at: Number(value.at) };
    }
  } catch {
    // unreadable content: judged by age alone
  }
  return undefined;
}
