/** Reads `envFile`s: KEY=VALUE lines, `#` comments, optional `export `, single or double quotes. */

export interface EnvFileLineProblem {
  readonly line: number;
  readonly message: string;
}

export interface EnvFileContents {
  readonly values: Record<string, string>;
  readonly problems: readonly EnvFileLineProblem[];
}

const DOUBLE_QUOTE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

export function parseEnvFile(text: string): EnvFileContents {
  const values: Record<string, string> = {};
  const problems: EnvFileLineProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) {
      problems.push({ line: index + 1, message: 'Expected KEY=VALUE.' });
      return;
    }
    const [, key, rest] = match;
    const value = unquote(rest);
    if (value === undefined) {
      problems.push({ line: index + 1, message: `The value of ${key} has no closing quote.` });
      return;
    }
    values[key] = value;
  });
  return { values, problems };
}

function unquote(rest: string): string | undefined {
  const quote = rest[0];
  if (quote === '"' || quote === "'") {
    let value = '';
    for (let i = 1; i < rest.length; i++) {
      const c = rest[i];
      if (c === quote) return value;
      if (quote === '"' && c === '\\' && i + 1 < rest.length) {
        const next = rest[++i];
        value += DOUBLE_QUOTE_ESCAPES[next] ?? `\\${next}`;
        continue;
      }
      value += c;
    }
    return undefined;
  }
  // Unquoted: a " #" starts a trailing comment.
  const comment = rest.search(/\s#/);
  return (comment >= 0 ? rest.slice(0, comment) : rest).trim();
}
