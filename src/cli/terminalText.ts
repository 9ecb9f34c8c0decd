/**
 * Text a server wrote, made safe to show on a terminal. Status messages, progress, descriptions,
 * errors and results come from the server; a terminal would obey the control sequences in them
 * (retitle the window, clear the screen, plant a hyperlink, move the cursor, ring the bell), so
 * every sequence (ECMA-48, 7- and 8-bit forms) and every other C0/C1 control character is
 * removed. What is left is exactly what the terminal would have shown as text.
 */

const ESC = 0x1b;
const BEL = 0x07;
const CSI_8BIT = 0x9b;
const ST_8BIT = 0x9c;
/** 8-bit introducers of a control string that runs to a string terminator: DCS, SOS, OSC, PM, APC. */
const STRING_8BIT = new Set([0x90, 0x98, 0x9d, 0x9e, 0x9f]);
/** The same after ESC (7-bit forms): P, X, ], ^, _. */
const STRING_7BIT = new Set(['P', 'X', ']', '^', '_'].map((c) => c.charCodeAt(0)));

export interface PrintableOptions {
  /** Keep line breaks and tabs (a result, a listing); otherwise they become spaces. */
  readonly multiline?: boolean;
}

/** Every C0 and C1 control character, and DEL. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * `text` without control sequences or control characters. Multi-line, \r\n and a lone \r become
 * \n and tabs stay; otherwise every line break and tab becomes a space.
 */
export function printable(text: string, options: PrintableOptions = {}): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    CONTROL.lastIndex = i;
    const found = CONTROL.exec(text);
    if (!found) return out + text.slice(i);
    out += text.slice(i, found.index);
    i = found.index;
    const c = text.charCodeAt(i);
    if (c === ESC) {
      i = afterEscape(text, i + 1);
    } else if (c === CSI_8BIT) {
      i = afterControlSequence(text, i + 1);
    } else if (STRING_8BIT.has(c)) {
      i = afterControlString(text, i + 1);
    } else if (c === 0x0a || c === 0x0d || c === 0x09) {
      // A lone \r would let the text overwrite its own line; it ends the line instead.
      out += !options.multiline ? ' ' : c === 0x09 ? '\t' : '\n';
      i += c === 0x0d && text.charCodeAt(i + 1) === 0x0a ? 2 : 1;
    } else {
      i++;
    }
  }
  return out;
}

/**
 * JSON text with the control characters JSON.stringify leaves as they are (DEL and C1) written
 * as \u escapes: the same JSON value, nothing a terminal would obey.
 */
export function printableJson(json: string): string {
  return json.replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** How many characters a terminal shows for `text` (code points, not UTF-16 units). */
export function visibleLength(text: string): number {
  return Array.from(text).length;
}

/** The first `count` visible characters of `text` (never half of a surrogate pair). */
export function visibleSlice(text: string, count: number): string {
  let out = '';
  let n = 0;
  for (const ch of text) {
    if (n++ >= count) break;
    out += ch;
  }
  return out;
}

/** Where the text goes on after ESC and what follows it. A lone ESC is dropped by itself. */
function afterEscape(text: string, i: number): number {
  if (i >= text.length) return i;
  const c = text.charCodeAt(i);
  if (c === 0x5b /* [ */) return afterControlSequence(text, i + 1);
  if (STRING_7BIT.has(c)) return afterControlString(text, i + 1);
  // ESC, any intermediates (0x20–0x2F), one final (0x30–0x7E): ESC c (reset), ESC ( B, ESC 7, ESC M…
  let j = i;
  while (j < text.length && text.charCodeAt(j) >= 0x20 && text.charCodeAt(j) <= 0x2f) j++;
  if (j < text.length && text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x7e) return j + 1;
  return i;
}

/** CSI parameters (0x30–0x3F), intermediates (0x20–0x2F) and the final byte (0x40–0x7E). */
function afterControlSequence(text: string, i: number): number {
  let j = i;
  while (j < text.length && text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x3f) j++;
  while (j < text.length && text.charCodeAt(j) >= 0x20 && text.charCodeAt(j) <= 0x2f) j++;
  if (j < text.length && text.charCodeAt(j) >= 0x40 && text.charCodeAt(j) <= 0x7e) return j + 1;
  // Malformed: only what belonged to it goes; the character that broke it is looked at anew.
  return j;
}

/**
 * A control string (OSC, DCS, SOS, PM, APC) runs to BEL, ESC \ or the 8-bit ST; another ESC
 * breaks it off and starts a sequence of its own, as on a terminal. Without any of them the
 * terminal would have swallowed the rest of the text, so it is dropped here too.
 */
function afterControlString(text: string, i: number): number {
  for (let j = i; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === BEL || c === ST_8BIT) return j + 1;
    if (c === ESC) return text.charCodeAt(j + 1) === 0x5c /* \ */ ? j + 2 : j;
  }
  return text.length;
}
