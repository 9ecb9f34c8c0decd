/**
 * Durable file primitives for the ledger: atomic replace (temp file in the same directory,
 * fsync, rename, fsync the directory), durable append, and backup copies.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

const TEMP_SUFFIX = '.tmp';
/** Text written in pieces is gathered into writes of this many bytes (a longer piece is written alone). */
const WRITE_BUFFER_BYTES = 1024 * 1024;

/**
 * A temp name in the same directory (rename is only atomic within one file system). The pid is
 * part of the name so leftovers of a dead process can be recognised and swept.
 */
export function tempPathFor(target: string): string {
  const dir = path.dirname(target);
  const base = path.basename(target);
  return path.join(dir, `.${base}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
}

/** Parses a temp name made by tempPathFor; undefined when the file is not one of ours. */
export function parseTempName(name: string): { pid: number } | undefined {
  const match = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name);
  return match ? { pid: Number(match[1]) } : undefined;
}

/** Makes a directory entry change (rename, create, unlink) durable. Not supported everywhere. */
export async function fsyncDir(dir: string): Promise<void> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open or fsync a directory; its rename is already durable enough there.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Antivirus scanners and indexers briefly hold files open on Windows; a short retry helps. */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.promises.rename(from, to);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (attempt >= 10 || (code !== 'EPERM' && code !== 'EBUSY' && code !== 'EACCES')) throw err;
      await new Promise((resolve) => setTimeout(resolve, 20 * (attempt + 1)));
    }
  }
}

/**
 * Replaces `target` with `data` so that a reader (or a reload after a crash) sees either the old
 * content or the new one, never a mix.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array | Iterable<string>): Promise<number> {
  const temp = tempPathFor(target);
  let handle: fs.promises.FileHandle | undefined;
  let bytes: number;
  try {
    handle = await fs.promises.open(temp, 'wx');
    if (typeof data === 'string' || data instanceof Uint8Array) {
      await handle.writeFile(data);
      bytes = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.length;
    } else {
      bytes = await writeTextPieces(handle, data);
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    await renameWithRetry(temp, target);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await fs.promises.unlink(temp).catch(() => undefined);
    throw err;
  }
  await fsyncDir(path.dirname(target));
  return bytes;
}

/** Room for the UTF-8 of any text: one UTF-16 unit never takes more than three bytes. */
const MAX_UTF8_PER_UNIT = 3;

/**
 * Encodes text pieces into one buffer that is written and then reused, so a text of many megabytes
 * never exists encoded in memory; only a piece too long for the buffer gets one of its own. Returns
 * the bytes written.
 */
async function writeTextPieces(handle: fs.promises.FileHandle, pieces: Iterable<string>): Promise<number> {
  const buffer = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
  let used = 0;
  let total = 0;
  const flush = async () => {
    await writeAll(handle, buffer.subarray(0, used));
    total += used;
    used = 0;
  };
  for (const piece of pieces) {
    const room = piece.length * MAX_UTF8_PER_UNIT;
    if (used > 0 && used + room > buffer.length) await flush();
    if (room > buffer.length) {
      const encoded = Buffer.from(piece, 'utf8');
      await writeAll(handle, encoded);
      total += encoded.length;
    } else {
      used += buffer.write(piece, used, 'utf8');
    }
  }
  if (used > 0) await flush();
  return total;
}

async function writeAll(handle: fs.promises.FileHandle, chunk: Uint8Array): Promise<void> {
  for (let offset = 0; offset < chunk.length;) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
    offset += bytesWritten;
  }
}

/**
 * Appends `data` with one write and fsyncs it. `prefix` decides what goes before the data from
 * the current file size and last byte (a header for a new file, a newline after a torn line).
 * Returns the file size afterwards.
 */
export async function appendDurable(
  target: string,
  prefix: (size: number, lastByte: number | undefined) => string,
  data: string,
): Promise<{ size: number; written: number }> {
  const handle = await fs.promises.open(target, 'a+');
  try {
    const { size } = await handle.stat();
    let lastByte: number | undefined;
    if (size > 0) {
      const one = Buffer.alloc(1);
      await handle.read(one, 0, 1, size - 1);
      lastByte = one[0];
    }
    const buffer = Buffer.from(prefix(size, lastByte) + data, 'utf8');
    // One write call per batch, so that two appenders cannot interleave inside a line.
    let offset = 0;
    while (offset < buffer.length) {
      const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset);
      offset += bytesWritten;
    }
    await handle.sync();
    if (size === 0) await fsyncDir(path.dirname(target)); // the file itself may be new
    return { size: size + buffer.length, written: buffer.length };
  } finally {
    await handle.close();
  }
}

/** A file-name-safe timestamp (no ':' for Windows). */
export function fileStamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[:.]/g, '-');
}

/**
 * Copies `file` to `<file>.<tag>-<time>` (never overwriting an older backup) and fsyncs the copy,
 * so the original can then be replaced safely. Returns the backup's path.
 */
export async function backupCopy(file: string, tag: string, epochMs: number): Promise<string> {
  const base = `${file}.${tag}-${fileStamp(epochMs)}`;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    try {
      await fs.promises.copyFile(file, candidate, fs.constants.COPYFILE_EXCL);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && n < 1000) continue;
      throw err;
    }
    const handle = await fs.promises.open(candidate, 'r+');
    try { await handle.sync(); } finally { await handle.close(); }
    await fsyncDir(path.dirname(file));
    return candidate;
  }
}

/** Reads a whole file; undefined when it does not exist. */
export async function readIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await fs.promises.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
