#!/usr/bin/env node
// `npm start`: builds the extension, then opens a real VS Code with it on the demo workspace.
// Desktop VS Code (`code` on PATH) gets a new window with the extension loaded from this folder.
// Otherwise (or with --browser) VS Code runs in the browser: code-server, installed offline by
// test/vscode/install.sh on first use, on 127.0.0.1 with the freshly packaged extension installed;
// the URL is printed once the workbench answers. Its profile is kept in the cache folder, so tasks
// survive a restart of `npm start`. Tasks run in the background task host, as they do by default;
// Ctrl+C stops everything this script started, the task host too unless it ran before.
//   --browser  use VS Code in the browser even when desktop VS Code is installed
//   --check    headless: open the workbench in Chromium, allow the demo server, wait until it runs
//              in the Servers view, save test-results/screenshots/start.png, and exit
//   --hold     with --check: stay up afterwards until Ctrl+C (for tests of the shutdown)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { installVsCode, repoRoot, vscodeCacheDir } from '../test/vscode/paths.mjs';
import { CodeServer } from '../test/vscode/codeServer.mjs';
import { launchBrowser } from '../test/vscode/browser.mjs';
import { packageVsix } from './packageVsix.mjs';

const check = process.argv.includes('--check');
const hold = check && process.argv.includes('--hold');
const forceBrowser = check || process.argv.includes('--browser');
const demo = path.join(repoRoot, 'demo');
const t0 = Date.now();
let server; // the VS Code server, once created
let browser; // the headless browser of --check
let stopping = false;
const say = (msg) => console.log(`[start ${Math.round((Date.now() - t0) / 1000)}s] ${msg}`);

say('building the extension…');
execFileSync(process.execPath, [path.join(repoRoot, 'esbuild.js')], { cwd: repoRoot, stdio: 'inherit' });
const hostBefore = hostStatus();

const desktop = !forceBrowser && spawnSync('code', ['--version'], { encoding: 'utf8' });
if (desktop && desktop.status === 0) {
  say(`opening VS Code ${desktop.stdout.split('\n')[0]} with the extension from ${repoRoot}`);
  const code = spawn('code', ['--new-window', `--extensionDevelopmentPath=${repoRoot}`, demo], { stdio: 'inherit' });
  code.on('exit', (c) => process.exit(c ?? 0));
} else {
  // Ctrl+C in a terminal reaches every process in the foreground group; the VS Code server runs in
  // a group of its own (with its extension host and the servers it starts), so it is stopped here.
  process.on('SIGINT', () => stop(130));
  process.on('SIGTERM', () => stop(143));
  try {
    await startInBrowser();
  } catch (err) {
    say(`VS Code could not be started: ${err.message}`);
    await stop(1);
  }
}

async function stop(code) {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  try { await browser?.close(); } catch { /* already closed */ }
  await server?.stop();
  await stopTaskHost();
  say('stopped');
  process.exit(code);
}

async function startInBrowser() {
  say(forceBrowser ? 'using VS Code in the browser (code-server) on 127.0.0.1'
    : 'no desktop VS Code on PATH: using VS Code in the browser (code-server) on 127.0.0.1');
  say('checking the VS Code install (the first run installs it: 4 to 6 minutes)…');
  const vscode = await installVsCode({ log: (l) => say(l) });
  server = new CodeServer({
    codeServer: vscode.CODE_SERVER, node24: vscode.NODE24,
    dataDir: check ? undefined : path.join(vscodeCacheDir(), 'demo-profile'),
  });
  say('packaging and installing the extension…');
  say(packageVsix(path.join(repoRoot, 'dist/mcp-tasks.vsix')).split('\n').pop());
  say((await server.installExtension(path.join(repoRoot, 'dist/mcp-tasks.vsix'))).split('\n').pop());
  say('starting VS Code…');
  const url = await server.start();
  const workbenchUrl = `${url}/?folder=${encodeURIComponent(demo)}`;
  await waitForWorkbench(workbenchUrl);
  if (!check) {
    say('VS Code is ready. Open this URL in a browser on this machine:');
    console.log(`\n    ${workbenchUrl}\n`);
    say('Press Ctrl+C to stop.');
    return;
  }
  try {
    browser = await launchBrowser({ chromium: vscode.CHROMIUM, profileDir: path.join(server.tmp, 'chromium'), handleSignals: false });
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
    if (!hold) await stop(0);
    else say('holding until Ctrl+C');
  } catch (err) {
    try { await browser?.pages()[0]?.screenshot({ path: path.join(repoRoot, 'test-results/screenshots/start-failure.png') }); } catch { /* gone */ }
    say(`the demo did not open as expected: ${err.message}`);
    await stop(1);
  }
}

/** The server answers /healthz before the workbench page is served; the URL is printed after both. */
async function waitForWorkbench(workbenchUrl, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(workbenchUrl);
      const body = await res.text();
      if (res.ok && body.includes('workbench')) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err.message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the workbench page did not load within ${timeoutMs / 1000}s (${last})`);
}

/** The task host of this user (or of MCP_TASKS_HOME), as the command line reports it. */
function hostStatus() {
  try {
    return JSON.parse(execFileSync(process.execPath, [path.join(repoRoot, 'dist/cli.js'), 'host', 'status', '--json'], { encoding: 'utf8', timeout: 15_000 }));
  } catch {
    return { running: false };
  }
}

/** The host the demo window started ends with the demo; one that ran before is left alone. */
async function stopTaskHost() {
  const now = hostStatus();
  if (!now.running) return;
  if (hostBefore.running && hostBefore.pid === now.pid) {
    say(`the task host (pid ${now.pid}) ran before npm start: left running`);
    return;
  }
  try {
    execFileSync(process.execPath, [path.join(repoRoot, 'dist/cli.js'), 'host', 'stop'], { encoding: 'utf8', timeout: 15_000 });
  } catch (err) {
    say(`stopping the task host failed: ${err.message}`);
    return;
  }
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && isAlive(now.pid)) await new Promise((r) => setTimeout(r, 100));
  say(isAlive(now.pid) ? `the task host (pid ${now.pid}) did not exit within 10 s` : `stopped the task host (pid ${now.pid})`);
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
