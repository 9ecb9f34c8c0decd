#!/usr/bin/env node
// `npm start`: builds the extension, then opens a real VS Code with it on the demo workspace.
// Desktop VS Code (`code` on PATH) gets a new window with the extension loaded from this folder.
// Otherwise VS Code runs in the browser (code-server, installed offline by test/vscode/install.sh)
// on 127.0.0.1 with the freshly packaged extension installed, and the URL to open is printed; its
// profile is kept in the cache folder, so tasks survive a restart of `npm start`.
// Ctrl+C stops everything this script started.
//   --check   headless: open the workbench in Chromium, allow the demo server, wait until it runs
//             in the Servers view, save test-results/screenshots/start.png, and exit.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import path from 'node:path';
import { installVsCode, repoRoot } from '../test/vscode/paths.mjs';
import { CodeServer } from '../test/vscode/codeServer.mjs';
import { launchBrowser } from '../test/vscode/browser.mjs';
import { packageVsix } from './packageVsix.mjs';

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
  const cache = process.env.MCP_TASKS_VSCODE_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'mcp-tasks-vscode');
  const server = new CodeServer({
    codeServer: vscode.CODE_SERVER, node24: vscode.NODE24,
    dataDir: check ? undefined : path.join(cache, 'demo-profile'),
  });
  const vsix = path.join(repoRoot, 'dist/mcp-tasks.vsix');
  say(packageVsix(vsix).split('\n').pop());
  say((await server.installExtension(vsix)).split('\n').pop());
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
  const workbenchUrl = `${url}/?folder=${encodeURIComponent(demo)}`;
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
      // The demo server starts by itself, after the consent every workspace server needs.
      const consent = page.locator('.notification-toast', { hasText: "MCP server 'demo'" }).first();
      await consent.waitFor({ timeout: 60_000 });
      await consent.locator('.monaco-button', { hasText: 'Allow and Start' }).click();
      await page.locator('.part.sidebar .monaco-list-row', { hasText: 'running' }).filter({ hasText: 'demo' }).first().waitFor({ timeout: 60_000 });
      const file = path.join(repoRoot, 'test-results/screenshots/start.png');
      await page.screenshot({ path: file });
      say(`the demo opened and its server runs; screenshot ${file}`);
      await stop(0);
    } catch (err) {
      try { await browser?.pages()[0]?.screenshot({ path: path.join(repoRoot, 'test-results/screenshots/start-failure.png') }); } catch { /* gone */ }
      say(`the demo did not open as expected: ${err.message}`);
      await stop(1);
    }
  }
}
