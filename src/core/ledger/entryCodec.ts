/**
 * The line format shared by the snapshot and the journal:
 *
 *   <crc32 of the JSON, 8 hex digits> <JSON>\n
 *
 * The first line of a file is a header naming the format, the file kind and the format version.
 * Every other line is one entry (a record put or a key deletion). The checksum makes each line
 * self-verifying, so a torn last line (crash mid-append) or a damaged line in the middle is
 * detected and skipped on its own while every other line stays readable.
 */
import { crc32 } from 'node:zlib';
import type { TaskRecord } from '../model/taskRecord';

export const LEDGER_FORMAT = 'mcp-tasks-ledger';
export const LEDGER_VERSION = 1;

export type LedgerFileKind = 'snapshot' | 'journal';

export interface LedgerFileHeader {
  format: typeof LEDGER_FORMAT;
  kind: LedgerFileKind;
  version: number;
  /** Snapshots only: how many entries follow, to notice a snapshot cut short. */
  count?: number;
}

export type LedgerEntry = { op: 'put'; record: TaskRecord } | { op: 'del'; key: string };

export function encodeLine(value: unknown): string {
  const json = JSON.stringify(value);
  return `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
}

export function encodeHeader(kind: LedgerFileKind, count?: number): string {
  const header: LedgerFileHeader = { format: LEDGER_FORMAT, kind, version: LEDGER_VERSION };
  if (count !== undefined) header.count = count;
  return encodeLine(header);
}

export interface DecodedLedgerFile {
  header?: LedgerFileHeader;
  /** Set when the header names a newer format version: nothing after it was read. */
  unsupportedVersion?: number;
  entries: LedgerEntry[];
  /** Damaged lines that were followed by more data (not a crash at the end of an append). */
  badLines: number;
  /** The last line was cut short: a crash while it was being appended. */
  tornTail: boolean;
  /** Why lines were rejected (a few samples, with line numbers) and header trouble. */
  reasons: string[];
}

const HEX = /^[0-9a-f]{8}$/;
const MAX_REASONS = 5;

/** Decodes a ledger file; never throws, whatever the bytes. */
export function decodeLedgerFile(buf: Buffer, kind: LedgerFileKind): DecodedLedgerFile {
  const out: DecodedLedgerFile = { entries: [], badLines: 0, tornTail: false, reasons: [] };
  const note = (reason: string) => { if (out.reasons.length < MAX_REASONS) out.reasons.push(reason); };
  let pos = 0;
  let lineNo = 0;
  let sawFirstLine = false;
  while (pos < buf.length) {
    let end = buf.indexOf(10, pos);
    const complete = end !== -1;
    if (!complete) end = buf.length;
    const line = buf.subarray(pos, end);
    pos = end + 1;
    lineNo++;
    if (line.length === 0) continue; // a newline written after a torn line
    const result = parseLine(line);
    if (!result.ok) {
      if (!complete) {
        out.tornTail = true;
        note(`line ${lineNo}: incomplete (${result.reason})`);
      } else {
        out.badLines++;
        note(`line ${lineNo}: ${result.reason}`);
      }
      continue;
    }
    const parsed = result.value;
    const firstLine = !sawFirstLine;
    sawFirstLine = true;
    if (isHeader(parsed)) {
      if (!firstLine) { out.badLines++; note(`line ${lineNo}: unexpected header`); continue; }
      if (typeof parsed.version !== 'number' || parsed.version > LEDGER_VERSION) {
        out.unsupportedVersion = typeof parsed.version === 'number' ? parsed.version : NaN;
        return out;
      }
      if (parsed.kind !== kind) note(`header says '${String(parsed.kind)}', expected '${kind}'`);
      out.header = parsed;
      continue;
    }
    if (firstLine) note('no header line');
    const entry = toEntry(parsed);
    if (typeof entry === 'string') {
      out.badLines++;
      note(`line ${lineNo}: ${entry}`);
    } else {
      out.entries.push(entry);
    }
  }
  return out;
}

type ParsedLine = { ok: true; value: unknown } | { ok: false; reason: string };

function parseLine(line: Buffer): ParsedLine {
  if (line.length < 10 || line[8] !== 0x20) return { ok: false, reason: 'not a ledger line' };
  const expected = line.toString('latin1', 0, 8);
  if (!HEX.test(expected)) return { ok: false, reason: 'not a ledger line' };
  const body = line.subarray(9);
  if (crc32(body) !== parseInt(expected, 16)) return { ok: false, reason: 'checksum mismatch' };
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) as unknown };
  } catch {
    return { ok: false, reason: 'invalid JSON' };
  }
}

function isHeader(value: unknown): value is LedgerFileHeader {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === LEDGER_FORMAT;
}

function toEntry(value: unknown): LedgerEntry | string {
  if (typeof value !== 'object' || value === null) return 'not an entry';
  const entry = value as { op?: unknown; record?: unknown; key?: unknown };
  if (entry.op === 'del') return typeof entry.key === 'string' ? { op: 'del', key: entry.key } : 'deletion without a key';
  if (entry.op !== 'put') return `unknown entry '${String(entry.op)}'`;
  const problem = recordProblem(entry.record);
  return problem ? `invalid record (${problem})` : { op: 'put', record: entry.record as TaskRecord };
}

const STATUSES = new Set(['working', 'input_required', 'completed', 'failed', 'cancelled', 'expired', 'connection_lost']);
const KINDS = new Set(['task', 'call', 'hosted']);

/** Checks the fields the ledger and the views rely on; undefined when the record is usable. */
export function recordProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'not an object';
  const r = value as Partial<Record<keyof TaskRecord, unknown>>;
  for (const field of ['key', 'serverId', 'taskId', 'tool'] as const) {
    if (typeof r[field] !== 'string') return `${field} is not a string`;
  }
  if (r.key === '') return 'empty key';
  if (typeof r.serverLabel !== 'string') return 'serverLabel is not a string';
  if (!KINDS.has(r.kind as string)) return `unknown kind '${String(r.kind)}'`;
  if (!STATUSES.has(r.status as string)) return `unknown status '${String(r.status)}'`;
  if (typeof r.createdAt !== 'number' || typeof r.updatedAt !== 'number') return 'timestamps are not numbers';
  if (r.ttl !== undefined && r.ttl !== null && typeof r.ttl !== 'number') return 'ttl is not a number';
  if (r.result !== undefined) {
    const res = r.result as { kind?: unknown; value?: unknown; path?: unknown; bytes?: unknown };
    const ok = (res?.kind === 'inline' && typeof res.value === 'object' && res.value !== null)
      || (res?.kind === 'file' && typeof res.path === 'string' && typeof res.bytes === 'number');
    if (!ok) return 'malformed result';
  }
  return undefined;
}
