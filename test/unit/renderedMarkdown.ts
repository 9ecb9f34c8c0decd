/**
 * What Markdown becomes when VS Code renders it, and what in the result would reach outside the
 * window. markdown-it is the parser of VS Code's Markdown preview; it is configured as the
 * preview is by default (raw HTML and bare web addresses on). Hovers use another parser that
 * follows the same CommonMark rules for links, images and HTML.
 */
import * as assert from 'node:assert/strict';

interface MarkdownRenderer {
  render(source: string): string;
}

// A dev dependency of these tests only; it has no type declarations here.
const MarkdownIt = require('markdown-it') as new (options: Record<string, unknown>) => MarkdownRenderer;
const preview = new MarkdownIt({ html: true, linkify: true });
const plain = new MarkdownIt({ html: true, linkify: false });

export function renderMarkdown(source: string, options: { linkify?: boolean } = {}): string {
  return (options.linkify === false ? plain : preview).render(source);
}

/** Tags Markdown writes itself; any other tag in the output is raw HTML that got through. */
const MARKDOWN_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'em', 'strong', 's', 'code', 'pre', 'blockquote',
  'ul', 'ol', 'li', 'hr', 'br', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'img']);

/**
 * What in rendered HTML loads or links: raw HTML, an image not made from inline data, a link other
 * than a bare web address the text spells out (those the preview makes of plain text).
 */
export function reachingOut(html: string): string[] {
  const found: string[] = [];
  for (const tag of html.matchAll(/<([a-z][a-z0-9]*)\b[^>]*>/gi)) {
    const name = tag[1].toLowerCase();
    if (!MARKDOWN_TAGS.has(name)) found.push(tag[0]);
    if (name === 'img' && !/\bsrc="data:/.test(tag[0])) found.push(tag[0]);
  }
  for (const link of html.matchAll(/<a\b([^>]*)>([\s\S]*?)<\/a>/gi)) {
    const href = /\bhref="([^"]*)"/.exec(link[1])?.[1] ?? '';
    const text = link[2];
    const bare = /^(https?|ftp|mailto):/i.test(href) && [href, `http://${text}`, `mailto:${text}`].includes(href) && !text.includes('<');
    if (!bare) found.push(link[0]);
  }
  return found;
}

export function assertInert(markdown: string, what: string): void {
  assert.deepEqual(reachingOut(renderMarkdown(markdown)), [], `${what}\n--- markdown ---\n${markdown}`);
}

/** The text a person reads in rendered HTML: tags dropped, the characters markdown-it escapes restored. */
export function readText(html: string): string {
  return html.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

/** A repeatable stream of numbers in [0, 1) (a linear congruential generator), for generated inputs. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/** Text made of pieces that Markdown, notifications and quick inputs act on, in random order. */
export function hostileSample(random: () => number, pieces: readonly string[], maxPieces = 40): string {
  const n = 1 + Math.floor(random() * maxPieces);
  let text = '';
  for (let i = 0; i < n; i++) text += pieces[Math.floor(random() * pieces.length)];
  return text;
}
