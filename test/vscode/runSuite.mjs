// Runs a mocha suite (the standard `run()` entry) inside the extension host of a real VS Code:
// VS Code's server from code-server, and headless Chromium as the workbench.
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { CodeServer } from './codeServer.mjs';
import { launchBrowser } from './browser.mjs';
import { startControlServer } from './control.mjs';

/**
 * opts: { vscode: {CODE_SERVER, NODE24, CHROMIUM}, extensionPath, extraExtensionPaths, testsPath, workspace,
 *         screenshotDir, timeoutMs, settings, trustWorkspaces, dataDir, env, verbose, log }
 * Resolves with the extension host's exit code (0 = every test passed); 124 on timeout.
 */
export async function runSuiteInVsCode(opts) {
  const log = opts.log ?? console.log;
  const server = new CodeServer({
    codeServer: opts.vscode.CODE_SERVER, node24: opts.vscode.NODE24, dataDir: opts.dataDir,
    settings: opts.settings, trustWorkspaces: opts.trustWorkspaces, env: opts.env,
    log: (line) => { if (opts.verbose || /\bERR\b|\[error\]/i.test(line)) log(`[vscode-server] ${line}`); },
  });
  let browser, control, page;
  let timer;
  try {
    control = await startControlServer({ getPage: () => page, screenshotDir: opts.screenshotDir, log });
    server.env.MCP_TASKS_E2E_CONTROL = control.url;
    // Test-only extensions beside the one under test (e.g. a language model for sampling): the
    // workbench's payload takes a single development path, so they go in as installed extensions.
    for (const dir of opts.extraExtensionPaths ?? []) {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      cpSync(dir, path.join(server.extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`), { recursive: true });
    }
    const url = await server.start({ smokeTestDriver: true });
    log(`VS Code server on ${url}`);
    browser = await launchBrowser({ chromium: opts.vscode.CHROMIUM, profileDir: path.join(server.tmp, 'chromium') });
    page = browser.pages()[0] ?? await browser.newPage();
    // A page the extension opens in the browser (openExternal) would put the workbench in a background
    // tab, where the browser throttles it; close such tabs as they open.
    browser.on('page', (opened) => { if (opened !== page) opened.close().catch(() => {}); });
    page.on('pageerror', (err) => log(`[workbench pageerror] ${err.message}`));
    if (opts.verbose) page.on('console', (m) => log(`[workbench:${m.type()}] ${m.text()}`));

    const exitCode = new Promise((resolve) => {
      // The workbench reports the extension host's console (mocha's output) and the exit code here.
      page.exposeFunction('codeAutomationLog', (type, args) => {
        const text = format(...(Array.isArray(args) ? args : [args]));
        const workbenchChatter = /^\[[^\]\s]+\] |^Ignoring fetching additional builtin extensions|^Updating additional builtin extensions cache|^Resolv(ing|ed) connection token|^Creating a socket|^Canceled: Canceled/;
        if (!opts.verbose && workbenchChatter.test(text) && type !== 'error') return;
        (type === 'error' ? console.error : console.log)(text);
      });
      page.exposeFunction('codeAutomationExit', (code) => resolve(code));
      timer = setTimeout(() => { log(`TIMEOUT: the suite did not finish within ${opts.timeoutMs / 1000}s`); resolve(124); }, opts.timeoutMs);
    });
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', server.remote(opts.extensionPath)],
      ['extensionTestsPath', server.remote(opts.testsPath)],
      ['skipWelcome', 'true'],
    ]);
    await page.goto(`${url}/?folder=${encodeURIComponent(opts.workspace)}&payload=${encodeURIComponent(payload)}`);
    const code = await exitCode;
    if (code !== 0) {
      try { await page.screenshot({ path: path.join(opts.screenshotDir, 'failure.png') }); log(`failure screenshot in ${opts.screenshotDir}/failure.png`); } catch { /* page gone */ }
    }
    return code;
  } finally {
    clearTimeout(timer);
    try { await browser?.close(); } catch { /* already closed */ }
    await control?.close();
    await server.stop();
  }
}
