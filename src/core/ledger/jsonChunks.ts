/**
 * The JSON text of a value, exactly as JSON.stringify writes it, in pieces of about `size`
 * characters: a result of many megabytes is written to its file without ever being one string
 * (nor one buffer) beside the parsed value. Long strings are escaped slice by slice; anything
 * that is not a plain object, array or primitive is left to JSON.stringify itself.
 */
/**
 * Small enough that a piece (which ends up between this and about twice as many characters) is
 * usually made and dropped in V8's young generation: a piece of a megabyte would be given fresh
 * pages of its own each time, and the first touch of a page is what made writing a 50 MB result slow.
 */
const DEFAULT_PIECE = 32 * 1024;

export function* jsonChunks(value: unknown, size = DEFAULT_PIECE): Generator<string> {
  const out = new Pieces(size);
  yield* write(value, out, new Set());
  const last = out.take();
  if (last) yield last;
}

class Pieces {
  private parts: string[] = [];
  private length = 0;

  constructor(readonly size: number) {}

  add(text: string): string | undefined {
    this.parts.push(text);
    this.length += text.length;
    return this.length >= this.size ? this.take() : undefined;
  }

  take(): string {
    const text = this.parts.join('');
    this.parts = [];
    this.length = 0;
    return text;
  }
}

function* emit(out: Pieces, text: string): Generator<string> {
  const full = out.add(text);
  if (full) yield full;
}

/** Writes what JSON.stringify writes for `value`; false (nothing written) where it would leave the value out. */
function* write(value: unknown, out: Pieces, ancestors: Set<object>): Generator<string, boolean> {
  if (typeof value === 'string') {
    yield* writeString(value, out);
    return true;
  }
  if (!isContainer(value)) {
    const text = JSON.stringify(value);
    if (text === undefined) return false;
    yield* emit(out, text);
    return true;
  }
  if (ancestors.has(value)) throw new TypeError('Converting circular structure to JSON');
  ancestors.add(value);
  if (Array.isArray(value)) {
    yield* emit(out, '[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield* emit(out, ',');
      if (!(yield* write(value[i], out, ancestors))) yield* emit(out, 'null');
    }
    yield* emit(out, ']');
  } else {
    yield* emit(out, '{');
    let first = true;
    for (const [key, member] of Object.entries(value)) {
      // Decided before the key is written: a member JSON.stringify leaves out leaves no key either.
      const text = typeof member === 'string' || isContainer(member) ? undefined : JSON.stringify(member);
      if (text === undefined && typeof member !== 'string' && !isContainer(member)) continue;
      yield* emit(out, `${first ? '' : ','}${JSON.stringify(key)}:`);
      first = false;
      if (text !== undefined) yield* emit(out, text);
      else yield* write(member, out, ancestors);
    }
    yield* emit(out, '}');
  }
  ancestors.delete(value);
  return true;
}

/** A plain object or array this writer walks itself; anything else goes to JSON.stringify whole. */
function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON !== 'function' && isPlain(value);
}

function isPlain(value: object): boolean {
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A string, escaped in slices that never split a surrogate pair (a lone half is escaped as JSON.stringify does). */
function* writeString(text: string, out: Pieces): Generator<string> {
  if (text.length <= out.size) {
    yield* emit(out, JSON.stringify(text));
    return;
  }
  yield* emit(out, '"');
  for (let start = 0; start < text.length;) {
    let end = Math.min(start + out.size, text.length);
    const last = text.charCodeAt(end - 1);
    // A high surrogate at the cut goes with its pair: into the next slice, or this one when it is all there is.
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end = end - 1 > start ? end - 1 : end + 1;
    const escaped = JSON.stringify(text.slice(start, end));
    yield* emit(out, escaped.slice(1, -1));
    start = end;
  }
  yield* emit(out, '"');
}
