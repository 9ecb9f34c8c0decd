// A smoke test as a person would do it: install the packaged .vsix into a real VS Code, open the
// workbench, press F1, run an "MCP Tasks" command, see its effect on screen, take a screenshot.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { CodeServer } from './codeServer.mjs';
import { launchBrowser } from './browser.mjs';
import { screenshotAgentTools } from './featuresPage.mjs';

export async function runSmokeTest({ vscode, vsix, workspace, screenshotDir, log = console.log }) {
  const server = new CodeServer({ codeServer: vscode.CODE_SERVER, node24: vscode.NODE24 });
  let browser, page;
  try {
    log(await server.installExtension(vsix));
    log(`installed: ${assertRuntimeFiles(server.extensionsDir).join(', ')}`);
    const url = await server.start();
    browser = await launchBrowser({ chromium: vscode.CHROMIUM, profileDir: path.join(server.tmp, 'chromium') });
    page = browser.pages()[0] ?? await browser.newPage();
    await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 90_000 });
    // Our container in the activity bar means the extension's contributions are registered.
    await page.locator('.activitybar .action-item [aria-label*="MCP Tasks"]').first().waitFor({ timeout: 90_000 });
    // The palette lists the commands known when it opens; as a person would, reopen it until ours shows.
    const deadline = Date.now() + 60_000;
    for (;;) {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: 30_000 });
      await input.fill('>MCP Tasks: About');
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'MCP Tasks: About' }).first();
      try {
        await row.waitFor({ timeout: 5_000 });
        await row.click();
        break;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await page.keyboard.press('Escape');
      }
    }
    const toast = page.locator('.notification-toast', { hasText: 'MCP Tasks' }).first();
    await toast.waitFor({ timeout: 60_000 });
    const text = (await toast.innerText()).replace(/\s+/g, ' ').trim();
    log(`notification on screen: "${text}"`);
    const file = path.join(screenshotDir, 'smoke-about-notification.png');
    await page.screenshot({ path: file });
    log(`screenshot ${file}`);
    await screenshotAgentTools(page, screenshotDir, log);
    return { ok: true, text };
  } catch (err) {
    try { await page?.screenshot({ path: path.join(screenshotDir, 'smoke-failure.png') }); } catch { /* page gone */ }
    return { ok: false, error: err?.message ?? String(err) };
  } finally {
    try { await browser?.close(); } catch { /* already closed */ }
    await server.stop();
  }
}

/** The files the installed extension loads at run time: its bundle and the form page's script and style. */
const RUNTIME_FILES = ['dist/extension.js', 'dist/webview/elicitationForm.js', 'dist/webview/elicitationForm.css'];

function assertRuntimeFiles(extensionsDir) {
  const installed = readdirSync(extensionsDir).find((name) => name.startsWith('mcp-tasks.mcp-tasks-'));
  if (!installed) throw new Error(`the .vsix did not install into ${extensionsDir}`);
  const missing = RUNTIME_FILES.filter((file) => !existsSync(path.join(extensionsDir, installed, file)));
  if (missing.length > 0) throw new Error(`the installed extension lacks ${missing.join(', ')} (see .vscodeignore)`);
  return RUNTIME_FILES;
}
