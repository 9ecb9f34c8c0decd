#!/usr/bin/env node
// `npm start`: builds the extension, then opens a real VS Code with it loaded on the demo workspace.
// Desktop VS Code (`code` on PATH) is used when present; otherwise VS Code's server (from
// code-server, installed offline by test/vscode/install.sh) runs on 127.0.0.1 and the URL to open
// is printed. Ctrl+C stops everything this script started.
//   --check   (headless) open the workbench in Chromium, wait for the MCP Tasks views, take a
//             screenshot into test-results/screenshots/start.png, and exit.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { installVsCode, repoRoot } from '../test/vscode/paths.mjs';
import { CodeServer } from '../test/vscode/codeServer.mjs';
import { launchBrowser } from '../test/vscode/browser.mjs';

const check = process.argv.includes('--check');
const demo = path.join(repoRoot, 'demo');
const say = (msg) => console.log(`[start] ${msg}`);

say('building…');
execFileSync(process.execPath, [path.join(repoRoot, 'esbuild.js')], { cwd: repoRoot, stdio: 'inherit' });

const desktop = !check && spawnSync('code', ['--version'], { encoding: 'utf8' });
if (desktop && desktop.status === 0) {
  say(`opening VS Code ${desktop.stdout.split('\n')[0]} with the extension from ${repoRoot}`);
  const code = spawn('code', ['--new-window', `--extensionDevelopmentPath=${repoRoot}`, demo], { stdio: 'inherit' });
  code.on('exit', (c) => process.exit(c ?? 0));
} else {
  say('no desktop VS Code on PATH: using VS Code in the browser (code-server) on 127.0.0.1');
  const vscode = await installVsCode({ log: (l) => say(l) });
  const server = new CodeServer({ codeServer: vscode.CODE_SERVER, node24: vscode.NODE24, trustWorkspaces: false });
  let browser;
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    try { await browser?.close(); } catch { /* already closed */ }
    await server.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  const url = await server.start();
  // The workbench loads an extension under development from the payload's path.
  const payload = JSON.stringify([['extensionDevelopmentPath', server.remote(repoRoot)], ['skipWelcome', 'true']]);
  const workbenchUrl = `${url}/?folder=${encodeURIComponent(demo)}&payload=${encodeURIComponent(payload)}`;
  if (!check) {
    say('VS Code is ready. Open this URL in a browser on this machine:');
    console.log(`\n    ${workbenchUrl}\n`);
    say('Press Ctrl+C to stop.');
  } else {
    try {
      browser = await launchBrowser({ chromium: vscode.CHROMIUM, profileDir: path.join(server.tmp, 'chromium') });
      const page = browser.pages()[0] ?? await browser.newPage();
      await page.goto(workbenchUrl);
      await page.locator('.activitybar .action-item [aria-label*="MCP Tasks"]').first().click({ timeout: 90_000 });
      await page.locator('.part.sidebar .pane-header', { hasText: 'Servers' }).first().waitFor({ timeout: 30_000 });
      await page.locator('.part.sidebar .monaco-list-row', { hasText: 'demo' }).first().waitFor({ timeout: 60_000 });
      const file = path.join(repoRoot, 'test-results/screenshots/start.png');
      await page.screenshot({ path: file });
      say(`the demo opened; screenshot ${file}`);
      await stop(0);
    } catch (err) {
      say(`the demo did not open as expected: ${err.message}`);
      await stop(1);
    }
  }
}
