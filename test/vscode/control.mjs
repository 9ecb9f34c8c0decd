// A small HTTP endpoint on 127.0.0.1 through which tests running inside the extension host drive
// the workbench as a person would (keys, clicks, reading the screen) and take screenshots.
import http from 'node:http';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const MAX_WAIT_MS = 60_000;

export async function startControlServer({ getPage, screenshotDir, log }) {
  mkdirSync(screenshotDir, { recursive: true });
  // { selector, text } picks elements; `within: { selector, text }` narrows to those inside a container;
  // `frame: true` looks inside the active webview's content (a webview is an iframe holding an iframe).
  const webviewContent = (page) => page.frameLocator('iframe.webview.ready').first().frameLocator('iframe#active-frame');
  const locate = (page, { selector, text, within, frame }) => {
    const root = within ? locate(page, { ...within, frame }).first() : frame ? webviewContent(page) : page;
    const loc = root.locator(selector);
    return text ? loc.filter({ hasText: text }) : loc;
  };
  const actions = {
    async screenshot(page, { name }) {
      const file = path.join(screenshotDir, `${String(name).replace(/[^\w.-]/g, '_')}.png`);
      await page.screenshot({ path: file });
      log(`screenshot ${file}`);
      return { path: file };
    },
    async press(page, { keys }) { await page.keyboard.press(keys); return {}; },
    async type(page, { text }) { await page.keyboard.type(text, { delay: 10 }); return {}; },
    async click(page, args) { await locate(page, args).first().click({ timeout: Math.min(args.timeoutMs ?? 10_000, MAX_WAIT_MS) }); return {}; },
    async hover(page, args) { await locate(page, args).first().hover({ timeout: Math.min(args.timeoutMs ?? 10_000, MAX_WAIT_MS) }); return {}; },
    async waitFor(page, args) {
      const loc = locate(page, args).first();
      await loc.waitFor({ state: args.state ?? 'visible', timeout: Math.min(args.timeoutMs ?? 10_000, MAX_WAIT_MS) });
      return { text: args.state === 'detached' || args.state === 'hidden' ? '' : await loc.innerText() };
    },
    async texts(page, args) { return { texts: await locate(page, args).allInnerTexts() }; },
    async count(page, args) { return { count: await locate(page, args).count() }; },
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', async () => {
      const name = req.url.replace(/^\//, '');
      const reply = (status, value) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(value)); };
      const action = actions[name];
      if (!action) return reply(404, { error: `unknown action '${name}'` });
      try {
        reply(200, await action(getPage(), body ? JSON.parse(body) : {}));
      } catch (err) {
        reply(500, { error: err?.message ?? String(err) });
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}
