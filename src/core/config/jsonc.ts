/**
 * mcp.json as VS Code reads it: JSON with comments and trailing commas, parsed by jsonc-parser
 * (the parser VS Code itself uses for these files). This module keeps where every value is, so
 * configuration problems can point at a line and column, and words the first syntax error for a
 * person, from what the parser reports and where it stood.
 */
import { parseTree, visit, ParseErrorCode, type Node, type ParseError, type ParseOptions } from 'jsonc-parser';

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

const OPTIONS: ParseOptions = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false };

export function parseJsonc(input: string): JsoncResult {
  // A byte-order mark is not JSON; a space keeps every offset where the editor shows it.
  const text = input.charCodeAt(0) === 0xfeff ? ` ${input.slice(1)}` : input;
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, OPTIONS);
  if (errors.length > 0 || !root) return { ok: false, error: firstError(text) };
  return { ok: true, root: toJsonNode(root) };
}

function toJsonNode(node: Node): JsonNode {
  const span = { offset: node.offset, end: node.offset + node.length };
  switch (node.type) {
    case 'object':
      return {
        kind: 'object', ...span,
        properties: (node.children ?? []).map((property) => {
          const [key, value] = property.children as [Node, Node];
          return { key: key.value as string, keyOffset: key.offset, value: toJsonNode(value) };
        }),
      };
    case 'array': return { kind: 'array', ...span, items: (node.children ?? []).map(toJsonNode) };
    case 'string': return { kind: 'string', ...span, value: node.value as string };
    case 'number': return { kind: 'number', ...span, value: node.value as number };
    case 'boolean': return { kind: 'boolean', ...span, value: node.value as boolean };
    case 'null': return { kind: 'null', ...span };
    case 'property': throw new Error('a property outside an object');
  }
}

/** The first syntax error, in words, at the character a person has to look at. */
function firstError(text: string): JsoncError {
  const containers: ('object' | 'array')[] = [];
  let lastKey = '';
  let expectingName = false;
  let rootDone = false;
  let first: JsoncError | undefined;
  visit(text, {
    onObjectBegin: () => { containers.push('object'); expectingName = true; },
    onObjectEnd: () => { containers.pop(); rootDone = containers.length === 0; },
    onArrayBegin: () => { containers.push('array'); },
    onArrayEnd: () => { containers.pop(); rootDone = containers.length === 0; },
    onObjectProperty: (key) => { lastKey = key; expectingName = false; },
    onSeparator: (character) => { expectingName = character === ',' && containers.at(-1) === 'object'; },
    onLiteralValue: () => { rootDone = containers.length === 0; },
    onError: (code, offset, length) => {
      first ??= { offset: errorOffset(text, code, offset, length), message: errorMessage(text, code, offset, { inside: containers.at(-1), lastKey, expectingName, rootDone }) };
    },
  }, OPTIONS);
  return first ?? { offset: 0, message: 'The file is not valid JSON.' };
}

/** Where the parser stood when it met the error. */
interface ErrorContext {
  readonly inside: 'object' | 'array' | undefined;
  readonly lastKey: string;
  readonly expectingName: boolean;
  readonly rootDone: boolean;
}

function errorMessage(text: string, code: ParseErrorCode, offset: number, { inside, lastKey, expectingName, rootDone }: ErrorContext): string {
  const atEnd = text.slice(offset).trim() === '';
  const close = code === ParseErrorCode.CloseBracketExpected || (code === ParseErrorCode.CommaExpected && inside === 'array') ? ']' : '}';
  switch (code) {
    case ParseErrorCode.ValueExpected:
      if (atEnd && inside === undefined) return 'The file is empty; expected a JSON object.';
      return atEnd ? 'Unexpected end of file; expected a value.' : unexpected(text[offset]);
    case ParseErrorCode.InvalidSymbol:
      if (rootDone) return 'Unexpected text after the end of the JSON value.';
      if (text[offset] === "'") return 'Strings must use double quotes.';
      return inside === 'object' && expectingName ? 'Expected a property name in double quotes.' : unexpected(text[offset]);
    case ParseErrorCode.PropertyNameExpected:
      return atEnd ? 'Unexpected end of file; expected "}".' : 'Expected a property name in double quotes.';
    case ParseErrorCode.ColonExpected: return `Expected ":" after the property name "${lastKey}".`;
    case ParseErrorCode.CommaExpected:
    case ParseErrorCode.CloseBraceExpected:
    case ParseErrorCode.CloseBracketExpected:
      if (atEnd) return `Unexpected end of file; expected "${close}".`;
      return inside === 'array' ? 'Expected "," or "]" after an array element.' : 'Expected "," or "}" after a property value.';
    case ParseErrorCode.EndOfFileExpected: return 'Unexpected text after the end of the JSON value.';
    case ParseErrorCode.UnexpectedEndOfComment: return 'Unterminated /* comment.';
    case ParseErrorCode.InvalidCommentToken: return 'Invalid comment.';
    case ParseErrorCode.UnexpectedEndOfString: return 'Unterminated string.';
    case ParseErrorCode.InvalidUnicode: return 'Invalid \\u escape in a string.';
    case ParseErrorCode.InvalidEscapeCharacter: return 'Invalid escape sequence in a string.';
    case ParseErrorCode.InvalidCharacter: return 'Control characters must be escaped in strings.';
    case ParseErrorCode.InvalidNumberFormat:
    case ParseErrorCode.UnexpectedEndOfNumber: return 'Invalid number.';
  }
}

function unexpected(c: string | undefined): string {
  return c === undefined ? 'Unexpected end of file; expected a value.' : `Unexpected character "${c}"; expected a value.`;
}

/** The parser points at the start of a bad string; a person needs the bad escape inside it. */
function errorOffset(text: string, code: ParseErrorCode, offset: number, length: number): number {
  if (code !== ParseErrorCode.InvalidEscapeCharacter && code !== ParseErrorCode.InvalidUnicode) return offset;
  const token = text.slice(offset, offset + length);
  const escape = code === ParseErrorCode.InvalidUnicode ? /\\u(?![0-9a-fA-F]{4})/ : /\\[^"\\/bfnrtu]/;
  const at = token.search(escape);
  return at < 0 ? offset : offset + at;
}

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

