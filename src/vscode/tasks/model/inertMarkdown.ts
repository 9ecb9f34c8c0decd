/**
 * A server's Markdown (the text of a result) kept as Markdown — headings, lists, emphasis and code
 * still render — with nothing in it that reaches out. The preview would fetch a remote image as
 * soon as it is shown (telling the server's author the reader's address) and offers links to any
 * target; here images, links, reference definitions, autolinks and HTML show as the text they
 * were written as.
 *
 * Code blocks are written out again with a fence of our own at the left margin, so where a block
 * ends never depends on how a list or quote around it would be read: what is kept verbatim is
 * code for certain, and everything else is defused.
 */
import { markdownFence } from '../../inertText';

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
/** Characters a backslash escapes in Markdown. */
const ESCAPABLE = /[!-/:-@[-`{-~]/;

interface OpenFence {
  readonly marker: string;
  readonly info: string;
  readonly body: string[];
}

export function inertMarkdown(text: string): string {
  const out: string[] = [];
  let fence: OpenFence | undefined;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (fence) {
      const close = FENCE_CLOSE.exec(line);
      if (close && close[1][0] === fence.marker[0] && close[1].length >= fence.marker.length) {
        out.push(rewritten(fence));
        fence = undefined;
      } else {
        fence.body.push(line);
      }
      continue;
    }
    const open = FENCE_OPEN.exec(line);
    // A backtick fence's info string holds no backtick (otherwise the line is an inline code span).
    if (open && !(open[1][0] === '`' && open[2].includes('`'))) fence = { marker: open[1], info: open[2], body: [] };
    else out.push(defuseLine(line));
  }
  if (fence) out.push(rewritten(fence));
  return out.join('\n');
}

function rewritten(fence: OpenFence): string {
  return markdownFence(fence.body.join('\n'), fence.info.trim().split(/\s+/)[0] ?? '');
}

/**
 * Turns the "]" of "](", "][", "]:" (inline links and images, reference links, reference
 * definitions) and the "<" of a tag or an autolink into character references, which read the same
 * but are never syntax. Not backslashes: the preview links bare web addresses, and a link right
 * before a backslash takes the backslash with it and frees the character after it. A "]" or "<"
 * the author escaped becomes the reference too; other escapes are kept as they are.
 */
function defuseLine(line: string): string {
  let out = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    const next = line[i + 1] ?? '';
    if (c === '\\' && (next === ']' || next === '<')) {
      out += reference(next);
      i++;
    } else if (c === '\\' && ESCAPABLE.test(next)) {
      out += c + next;
      i++;
    } else if ((c === ']' && /[([:\\]/.test(next)) || (c === '<' && /[A-Za-z/!?]/.test(next))) {
      out += reference(c);
    } else {
      out += c;
    }
  }
  return out;
}

function reference(c: string): string {
  return `&#${c.charCodeAt(0)};`;
}
