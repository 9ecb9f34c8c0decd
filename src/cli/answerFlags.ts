/** Reads `--answer` and `--sampling-reply` (either may name a file with a leading @). */
import * as fs from 'node:fs';
import { UsageError } from './errors';

export type ElicitAnswer =
  | { kind: 'accept-defaults' }
  | { kind: 'decline' }
  | { kind: 'cancel' }
  | { kind: 'content'; content: Record<string, unknown> };

export function parseAnswerFlag(value: string): ElicitAnswer {
  if (value === 'accept-defaults' || value === 'decline' || value === 'cancel') return { kind: value };
  if (!value.startsWith('@')) {
    throw new UsageError(`--answer must be accept-defaults, decline, cancel or @answers.json; got "${value}"`);
  }
  const file = value.slice(1);
  const text = readFlagFile(file, '--answer');
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--answer: ${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (content === null || typeof content !== 'object' || Array.isArray(content)) {
    throw new UsageError(`--answer: ${file} must hold a JSON object of field values`);
  }
  return { kind: 'content', content: content as Record<string, unknown> };
}

export function parseSamplingReply(value: string): string {
  return value.startsWith('@') ? readFlagFile(value.slice(1), '--sampling-reply') : value;
}

/** `--args JSON|@file`: a JSON object of tool arguments. */
export function parseToolArgs(value: string | undefined): Record<string, unknown> {
  if (value === undefined) return {};
  const text = value.startsWith('@') ? readFlagFile(value.slice(1), '--args') : value;
  let args: unknown;
  try {
    args = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--args is not valid JSON: ${(err as Error).message}`);
  }
  if (args === null || typeof args !== 'object' || Array.isArray(args)) {
    throw new UsageError('--args must be a JSON object, e.g. --args \'{"topic":"tides"}\'');
  }
  return args as Record<string, unknown>;
}

function readFlagFile(file: string, flag: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${flag}: cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}
