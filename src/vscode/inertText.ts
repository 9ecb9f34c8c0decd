/**
 * Text that came from a server or a workspace file, made inert for the places VS Code renders it.
 * Notifications and quick input messages turn `[label](command:…)` into a live link, quick picks
 * and quick input messages turn `$(name)` into an icon, and Markdown also knows autolinks
 * (`<command:…>`), reference links, images and HTML. One click on such a link could run a command
 * with arguments a server chose. Pure: no 'vscode', so it is unit-tested as it is.
 */

/**
 * Invisible and non-breaking: the text reads exactly as the server wrote it, but the syntax is
 * broken. A visible change (a space, a backslash) would alter what a person reads and copies.
 */
const JOINER = '\u2060';

/**
 * A "]" that a link target ("(", "[", ":") could follow, a "<" that could open an autolink or a tag,
 * a "$" that could open an icon. At the end of the text too: the next piece of a message (another
 * server value) could supply the rest.
 */
const SYNTAX = /\](?=[([:]|$)|<(?=[A-Za-z/!?]|$)|\$(?=\(|$)/g;

/** For plain-text places: notifications, quick pick items, quick input titles, prompts, placeholders. */
export function plainText(text: string): string {
  return text.replace(SYNTAX, (c) => `${c}${JOINER}`);
}

/** Characters that change only the look; "_" inside a word (snake_case names) never does, so it stays. */
const LOOK = /[\\*~$&]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;

/**
 * For Markdown (tooltips, documents) where the text must read as written, on one line. The
 * characters that make links, images, tags and code spans ("[", "]", "<", "`") become character
 * references: a web address just before a backslash escape would take the backslash into its link
 * (the preview links bare addresses) and free the character, but it cannot turn a reference into
 * syntax. Emphasis and the rest only change the look, so a backslash is enough for them.
 */
export function markdownText(text: string): string {
  return text.replace(/\r\n|[\r\n]+/g, ' ').replace(LOOK, (c) => `\\${c}`).replace(/[[\]<`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Like markdownText, but each line of the text stays a line of its own. */
export function markdownLines(text: string): string {
  return text.split(/\r\n|\r|\n/).map(markdownText).join('  \n');
}

/** An inline code span that no content can end early (an id, a URI, a file path), on one line. */
export function markdownCode(text: string): string {
  const flat = text.replace(/\r\n|[\r\n]+/g, ' ');
  const ticks = '`'.repeat(longestRun(flat, '`') + 1);
  // A space on both sides keeps a backtick at the edge from joining the delimiters (Markdown strips
  // it again) and keeps an empty span a span.
  const pad = flat === '' || flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

/** A fenced block longer than any backtick run inside, so the content cannot end it early. */
export function markdownFence(text: string, language = ''): string {
  const ticks = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
  return `${ticks}${language.replace(/[^\w+#.-]/g, '')}\n${text}\n${ticks}`;
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}
