/** A small command-line parser: `--flag value`, `--flag=value`, repeatable flags, `--` ends flags. */
import { UsageError } from './errors';

export type FlagKind = 'string' | 'boolean' | 'list';

export interface FlagSpec {
  readonly name: string;
  readonly kind: FlagKind;
}

export interface ParsedArgs {
  readonly positionals: string[];
  readonly strings: ReadonlyMap<string, string>;
  readonly booleans: ReadonlySet<string>;
  readonly lists: ReadonlyMap<string, string[]>;
}

/** Flags every command accepts. */
export const COMMON_FLAGS: readonly FlagSpec[] = [{ name: 'help', kind: 'boolean' }];

/** How a command names a server. */
export const TARGET_FLAGS: readonly FlagSpec[] = [
  { name: 'url', kind: 'string' },
  { name: 'header', kind: 'list' },
  { name: 'stdio', kind: 'string' },
  { name: 'server', kind: 'string' },
  { name: 'config', kind: 'string' },
];

export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[], command: string): ParsedArgs {
  const byName = new Map([...COMMON_FLAGS, ...specs].map((s) => [s.name, s]));
  const positionals: string[] = [];
  const strings = new Map<string, string>();
  const booleans = new Set<string>();
  const lists = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h') {
      booleans.add('help');
      continue;
    }
    if (!arg.startsWith('--')) {
      if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) {
        throw new UsageError(`unknown option ${arg} for "${command}" (see mcp-tasks ${command} --help)`);
      }
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq >= 0 ? eq : undefined);
    const spec = byName.get(name);
    if (!spec) throw new UsageError(`unknown option --${name} for "${command}" (see mcp-tasks ${command} --help)`);
    if (spec.kind === 'boolean') {
      if (eq >= 0) throw new UsageError(`option --${name} takes no value`);
      booleans.add(name);
      continue;
    }
    let value: string;
    if (eq >= 0) {
      value = arg.slice(eq + 1);
    } else {
      if (i + 1 >= argv.length) throw new UsageError(`option --${name} needs a value`);
      value = argv[++i];
    }
    if (spec.kind === 'list') lists.set(name, [...(lists.get(name) ?? []), value]);
    else if (strings.has(name)) throw new UsageError(`option --${name} was given more than once`);
    else strings.set(name, value);
  }
  return { positionals, strings, booleans, lists };
}

/** Fails on positionals beyond what the command takes. */
export function expectPositionals(args: ParsedArgs, max: number, command: string): void {
  if (args.positionals.length > max) {
    throw new UsageError(`unexpected argument "${args.positionals[max]}" for "${command}" (see mcp-tasks ${command} --help)`);
  }
}
