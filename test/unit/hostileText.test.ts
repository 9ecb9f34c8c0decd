/**
 * Text a server or a workspace file wrote, shown by the window: notifications and quick inputs
 * make links of `[label](command:…)` and icons of `$(name)`, Markdown also knows autolinks,
 * reference links, images and HTML. What the window shows must read as written and do nothing.
 */
import * as assert from 'node:assert/strict';
import { markdownCode, markdownFence, markdownLines, markdownText, plainText } from '../../src/vscode/inertText';
import { inertMarkdown } from '../../src/vscode/tasks/model/inertMarkdown';
import { serverTooltip, toolTooltip } from '../../src/vscode/servers/serverTooltips';
import { assertInert, hostileSample, reachingOut, readText, renderMarkdown, seededRandom } from './renderedMarkdown';

const OPEN_SETTINGS = '[Open settings](command:workbench.action.openSettings?%22x%22)';
/** What notifications and quick input messages make a link of: "[label](target)" with a web, command or file target. */
const NOTIFICATION_LINK = /\[[^\]]+\]\((?:https?:\/\/|command:|file:)[^)\s]+/i;
/** What quick picks, quick input messages and the status bar make an icon of. */
const ICON = /\$\([a-z0-9-]+(?:~[a-z]+)?\)/i;
/** The invisible character plainText inserts. */
const JOINER = /\u2060/g;

/** Pieces the generated inputs are made of: the syntax of every kind of link, image, icon and tag. */
const PIECES = ['[', ']', '(', ')', '<', '>', '!', '`', '```', '~~~', '\\', '\n', '\r\n', ' ', '   ', '    ', '$', '$(alert)', ':', '-', '> ',
  '* ', '_', 'é', '#', '"', '&', '&#91;', '|', 'a', 'img src=https://e.test/p.png', 'https://e.test/p.png', 'command:x', 'iframe', '/', '?', '=', '~', '\t'];

describe('hostile text: plain-text places (notifications, quick inputs)', () => {
  it('fault: hostile text: a command link in a notification reads as written and is no link', () => {
    const error = `Build failed: ${OPEN_SETTINGS} $(alert)`;
    const shown = plainText(error);
    assert.equal(shown.replace(JOINER, ''), error, 'the person reads exactly what the server wrote');
    assert.doesNotMatch(shown, NOTIFICATION_LINK);
    assert.doesNotMatch(shown, ICON);
  });

  it('fault: hostile text: autolinks, reference links, images, tags and icons in plain text cannot render', () => {
    for (const text of [
      '<command:workbench.action.openSettings>',
      'see [here][r]\n\n[r]: command:workbench.action.openSettings',
      '[r]: command:x',
      '![pixel](https://e.test/p.png)',
      '<img src="https://e.test/p.png">',
      '<a href="command:x">x</a>',
      '$(alert) $(sync~spin)',
    ]) {
      const shown = plainText(text);
      assert.equal(shown.replace(JOINER, ''), text);
      assert.doesNotMatch(shown, NOTIFICATION_LINK, text);
      assert.doesNotMatch(shown, ICON, text);
      // A hover renders Markdown: none of it becomes a link, an image or a tag there either.
      assert.deepEqual(reachingOut(renderMarkdown(shown, { linkify: false })), [], text);
    }
  });

  it('fault: hostile text: two pieces of server text in one message cannot form a link together', () => {
    // A label ending in "]" and an error starting with "(" meet in "{0}{1}"-like messages.
    assert.doesNotMatch(`${plainText('[Open settings]')}${plainText('(command:workbench.action.openSettings)')}`, NOTIFICATION_LINK);
    assert.doesNotMatch(`${plainText('$')}${plainText('(alert)')}`, ICON);
    assert.equal(plainText(plainText(OPEN_SETTINGS)), plainText(OPEN_SETTINGS), 'applying it twice changes nothing more');
    assert.equal(plainText('a [note] (1) costs $5 <= 6'), 'a [note] (1) costs $5 <= 6', 'ordinary text is left alone');
  });

  it('fault: hostile text: generated text never forms a link or an icon, and always reads as written', () => {
    const random = seededRandom(1);
    for (let i = 0; i < 3000; i++) {
      const text = hostileSample(random, PIECES);
      const shown = plainText(text);
      assert.equal(shown.replace(JOINER, ''), text);
      assert.doesNotMatch(shown.replace(/\r\n|\r|\n/g, ' '), NOTIFICATION_LINK, JSON.stringify(text));
      assert.doesNotMatch(shown, ICON, JSON.stringify(text));
      assert.deepEqual(reachingOut(renderMarkdown(shown, { linkify: false })), [], JSON.stringify(text));
    }
  });
});

describe('hostile text: Markdown places (tooltips, documents)', () => {
  it('fault: hostile text: escaped text in Markdown reads as written: no link, image, tag, code or emphasis', () => {
    // The preview links a bare web address together with the characters after it, a backslash too.
    for (const text of ['https://e.test/x<img src=https://e.test/p.png>', 'www.e.test/x[a](command:x)', 'https://e.test/x`<img src=https://e.test/p.png>`']) {
      assert.deepEqual(reachingOut(renderMarkdown(`Error: ${markdownText(text)}`)), [], text);
    }
    const random = seededRandom(2);
    for (let i = 0; i < 3000; i++) {
      const text = hostileSample(random, PIECES);
      const line = `Error: ${markdownText(text)} (end)`;
      // Safe as the preview renders it (bare web addresses become links) ...
      assert.deepEqual(reachingOut(renderMarkdown(line)), [], JSON.stringify(text));
      // ... and, without those, it reads exactly as written.
      const html = renderMarkdown(line, { linkify: false });
      assert.doesNotMatch(html, /<(code|em|strong|s)>/, JSON.stringify(text));
      assert.equal(readText(html).replace(/\s+/g, ' ').trim(), `Error: ${text} (end)`.replace(/\s+/g, ' ').trim(), JSON.stringify(text));
    }
  });

  it('fault: hostile text: a code span or fence holds any text and nothing ends it early', () => {
    for (const text of ['`', '``', 'a`b', '`x`', '```', 'x` <img src=https://e.test/p.png> `', '']) {
      const html = renderMarkdown(`id ${markdownCode(text)} [a](command:x)`.replace('[a](command:x)', markdownText('[a](command:x)')));
      assert.deepEqual(reachingOut(html), [], text);
      assert.equal((html.match(/<code>/g) ?? []).length, 1, `one code span for ${JSON.stringify(text)}: ${html}`);
    }
    const fenced = renderMarkdown(`${markdownFence('````\n<img src="https://e.test/p.png">\n```', 'json')}\n\n![x](data:image/png;base64,AA==)`);
    assert.match(fenced, /<pre><code class="language-json">````\n&lt;img/);
    assert.match(fenced, /<img src="data:image\/png;base64,AA=="/, 'what follows the fence is read as Markdown again');
  });

  it('fault: hostile text: lines stay lines and each line is escaped', () => {
    const html = renderMarkdown(markdownLines('first [a](command:x)\n<img src="https://e.test/p.png">\n$(alert)'));
    assert.deepEqual(reachingOut(html), []);
    assert.equal((html.match(/<br>/g) ?? []).length, 2);
  });
});

describe('hostile text: a server\'s Markdown in a result document', () => {
  it('fault: hostile text: remote images, links, autolinks, reference definitions and HTML show as text', () => {
    const cases = [
      '![pixel](https://e.test/p.png)',
      '![pixel](<https://e.test/p.png> "title")',
      '[Open settings](command:workbench.action.openSettings?%22x%22)',
      '<command:workbench.action.openSettings>',
      '<https://e.test/p.png>',
      '![pixel][img]\n\n[img]: https://e.test/p.png',
      '[click][]\n\n[click]: command:x',
      '<img src="https://e.test/p.png">',
      '<p>text <img src=https://e.test/p.png></p>',
      '<!-- --><iframe src="https://e.test/"></iframe>',
      '<video src="https://e.test/v.mp4">',
      '\\\\![pixel](https://e.test/p.png)',
      '[a [nested]](command:x)',
      '- list\n  ```\n<img src="https://e.test/p.png">\n```',
      '> ```\n> <img src="https://e.test/p.png">\n> ```',
      '```\nunclosed <img src="https://e.test/p.png">',
      '``` js`\n<img src="https://e.test/p.png">\n```',
      'a\r<img src="https://e.test/p.png">',
    ];
    for (const text of cases) assertInert(inertMarkdown(text), JSON.stringify(text));
  });

  it('fault: hostile text: the writing stays Markdown, and code blocks keep their text exactly', () => {
    const html = renderMarkdown(inertMarkdown('# Report\n\n**All good**, see `arr[0](x)` and www.example.com\n\n```ts\nconst a = f[0](1); // <div>\n```\n~~~\nb ~~~ `\n~~~'));
    assert.match(html, /<h1>Report<\/h1>/);
    assert.match(html, /<strong>All good<\/strong>/);
    assert.match(html, /<a href="http:\/\/www\.example\.com">www\.example\.com<\/a>/, 'bare addresses stay links, which load nothing');
    assert.match(html, /<pre><code class="language-ts">const a = f\[0\]\(1\); \/\/ &lt;div&gt;\n<\/code><\/pre>/);
    assert.match(html, /<pre><code>b ~~~ `\n<\/code><\/pre>/);
  });

  it('fault: hostile text: generated server Markdown never loads or links anything', () => {
    const random = seededRandom(3);
    for (let i = 0; i < 4000; i++) assertInert(inertMarkdown(hostileSample(random, PIECES, 60)), `sample ${i}`);
  });
});

describe('hostile text: Servers view tooltips', () => {
  it('fault: hostile text: a tool description and a server\'s last error show as text in the tooltip', () => {
    const tool = toolTooltip({
      name: 'build', title: '$(alert) Build', description: `Builds.\n${OPEN_SETTINGS}\n![pixel](https://e.test/p.png)\n<img src="https://e.test/p.png">`,
    }, 'required', { taskSupport: 'Task support' });
    assertInert(tool, 'tool tooltip');
    // The tooltip renders no icons at all (untrustedMarkdown); the title reads as the server wrote it.
    assert.match(readText(renderMarkdown(tool)), /^\$\(alert\) Build\n/);
    assert.match(readText(renderMarkdown(tool)), /\[Open settings\]\(command:workbench\.action\.openSettings\?%22x%22\)/, 'the description reads as written');
    const server = serverTooltip(
      { name: '[demo](command:x)', state: 'error', file: '/w/.vscode/mcp.json`<img src=https://e.test/p.png>`', sourceKind: 'workspace', lastError: `exited: ${OPEN_SETTINGS}\n<command:x> $(alert)` },
      { definedIn: 'Defined in', lastError: 'Last error' });
    assertInert(server, 'server tooltip');
    assert.match(readText(renderMarkdown(server)), /^\[demo\]\(command:x\) — error\n/);
    assert.match(readText(renderMarkdown(server)), /Last error: exited: \[Open settings\]\(command:workbench\.action\.openSettings\?%22x%22\)\n<command:x> \$\(alert\)/);
  });
});
