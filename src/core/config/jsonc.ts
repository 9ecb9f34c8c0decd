/**
 * A small JSON-with-comments parser that keeps where every value is, so configuration problems can
 * point at a line and column. Accepts // and /* comments and trailing commas, like VS Code's files.
 */

export type JsonNode =
  | { kind: 'object'; offset: number; end: number; properties: JsonProperty[] }
  | { kind: 'array'; offset: number; end: number; items: JsonNode[] }
  | { kind: 'string'; offset: number; end: number; value: string }
  | { kind: 'number'; offset: number; end: number; value: number }
  | { kind: 'boolean'; offset: number; end: number; value: boolean }
  | { kind: 'null'; offset: number; end: number };

export interface JsonProperty {
  readonly key: string;
  readonly keyOffset: number;
  readonly value: JsonNode;
}

export interface JsoncError {
  readonly offset: number;
  readonly message: string;
}

export type JsoncResult = { ok: true; root: JsonNode } | { ok: false; error: JsoncError };

class ParseError extends Error {
  constructor(readonly offset: number, message: string) { super(message); }
}

export function parseJsonc(text: string): JsoncResult {
  const parser = new Parser(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text);
  try {
    parser.skip();
    if (parser.atEnd()) throw new ParseError(parser.pos, 'The file is empty; expected a JSON object.');
    const root = parser.value();
    parser.skip();
    if (!parser.atEnd()) throw new ParseError(parser.pos, 'Unexpected text after the end of the JSON value.');
    return { ok: true, root };
  } catch (error) {
    if (error instanceof ParseError) return { ok: false, error: { offset: error.offset, message: error.message } };
    throw error;
  }
}

/** The plain value of a node (objects keep the first of duplicate keys, like the rest of the config code). */
export function toValue(node: JsonNode): unknown {
  switch (node.kind) {
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const p of node.properties) if (!Object.prototype.hasOwnProperty.call(result, p.key)) result[p.key] = toValue(p.value);
      return result;
    }
    case 'array': return node.items.map(toValue);
    case 'null': return null;
    default: return node.value;
  }
}

export interface Position {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units like editors count. */
  readonly column: number;
}

/** Turns offsets into line:column. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  position(offset: number): Position {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid; else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.starts[low] + 1 };
  }
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Parser {
  pos = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean { return this.pos >= this.text.length; }

  /** Skips whitespace and comments. */
  skip(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { this.pos++; continue; }
      if (c === '/' && t[this.pos + 1] === '/') {
        while (this.pos < t.length && t[this.pos] !== '\n') this.pos++;
        continue;
      }
      if (c === '/' && t[this.pos + 1] === '*') {
        const close = t.indexOf('*/', this.pos + 2);
        if (close < 0) throw new ParseError(this.pos, 'Unterminated /* comment.');
        this.pos = close + 2;
        continue;
      }
      break;
    }
  }

  value(): JsonNode {
    const c = this.text[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const [word, node] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.pos)) {
        const offset = this.pos;
        this.pos += word.length;
        return node === null ? { kind: 'null', offset, end: this.pos } : { kind: 'boolean', offset, end: this.pos, value: node };
      }
    }
    if (c === undefined) throw new ParseError(this.pos, 'Unexpected end of file; expected a value.');
    if (c === "'") throw new ParseError(this.pos, 'Strings must use double quotes.');
    throw new ParseError(this.pos, `Unexpected character "${c}"; expected a value.`);
  }

  private object(): JsonNode {
    const offset = this.pos++;
    const properties: JsonProperty[] = [];
    for (;;) {
      this.skip();
      if (this.text[this.pos] === '}') { this.pos++; break; }
      if (this.text[this.pos] !== '"') {
        throw new ParseError(this.pos, this.atEnd() ? 'Unexpected end of file; expected "}".' : 'Expected a property name in double quotes.');
      }
      const keyOffset = this.pos;
      const key = (this.string() as { value: string }).value;
      this.skip();
      if (this.text[this.pos] !== ':') throw new ParseError(this.pos, `Expected ":" after the property name "${key}".`);
      this.pos++;
      this.skip();
      properties.push({ key, keyOffset, value: this.value() });
      this.skip();
      if (this.text[this.pos] === ',') { this.pos++; continue; }
      if (this.text[this.pos] === '}') { this.pos++; break; }
      throw new ParseError(this.pos, this.atEnd() ? 'Unexpected end of file; expected "}".' : 'Expected "," or "}" after a property value.');
    }
    return { kind: 'object', offset, end: this.pos, properties };
  }

  private array(): JsonNode {
    const offset = this.pos++;
    const items: JsonNode[] = [];
    for (;;) {
      this.skip();
      if (this.text[this.pos] === ']') { this.pos++; break; }
      items.push(this.value());
      this.skip();
      if (this.text[this.pos] === ',') { this.pos++; continue; }
      if (this.text[this.pos] === ']') { this.pos++; break; }
      throw new ParseError(this.pos, this.atEnd() ? 'Unexpected end of file; expected "]".' : 'Expected "," or "]" after an array element.');
    }
    return { kind: 'array', offset, end: this.pos, items };
  }

  private string(): JsonNode {
    const offset = this.pos++;
    let value = '';
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined || c === '\n') throw new ParseError(offset, 'Unterminated string.');
      if (c === '"') { this.pos++; break; }
      if (c === '\\') {
        const e = this.text[this.pos + 1];
        if (e === 'u') {
          const hex = this.text.slice(this.pos + 2, this.pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new ParseError(this.pos, 'Invalid \\u escape in a string.');
          value += String.fromCharCode(parseInt(hex, 16));
          this.pos += 6;
          continue;
        }
        if (e === undefined || !(e in ESCAPES)) throw new ParseError(this.pos, 'Invalid escape sequence in a string.');
        value += ESCAPES[e];
        this.pos += 2;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) throw new ParseError(this.pos, 'Control characters must be escaped in strings.');
      value += c;
      this.pos++;
    }
    return { kind: 'string', offset, end: this.pos, value };
  }

  private number(): JsonNode {
    const offset = this.pos;
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 400));
    if (!match) throw new ParseError(this.pos, 'Invalid number.');
    this.pos += match[0].length;
    return { kind: 'number', offset, end: this.pos, value: Number(match[0]) };
  }
}
