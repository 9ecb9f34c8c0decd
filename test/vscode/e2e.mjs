#!/usr/bin/env node
// End-to-end tests in a real VS Code (1.139.1 from code-server) on this machine, offline:
//   1. the mocha suite in out/test/e2e, run inside the extension host with the extension loaded
//      from this folder, against a throwaway copy of test/e2e/workspace;
//   2. a smoke test that installs the packaged .vsix and uses it through the command palette.
// Screenshots land in test-results/screenshots. Needs `tsc -p .` and `node esbuild.js` first.
import { cpSync, mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { installVsCode, repoRoot } from './paths.mjs';
import { runSuiteInVsCode } from './runSuite.mjs';
import { runSmokeTest } from './smoke.mjs';
import { packageVsix } from '../../scripts/packageVsix.mjs';

const verbose = process.argv.includes('--verbose');
const only = process.argv.includes('--suite-only') ? 'suite' : process.argv.includes('--smoke-only') ? 'smoke' : 'both';
const t0 = Date.now();
const log = (msg) => console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
const screenshotDir = path.join(repoRoot, 'test-results/screenshots');
mkdirSync(screenshotDir, { recursive: true });

let vscode;
try {
  vscode = await installVsCode({ log: (l) => log(l) });
} catch (err) {
  console.error(`[e2e] cannot run the real-VS-Code tests: ${err.message}`);
  console.log('  0 passing\n  1 failing');
  process.exit(3);
}
log(`VS Code server: ${vscode.CODE_SERVER}\n  Node: ${vscode.NODE24}\n  browser: ${vscode.CHROMIUM}`);

const scratch = mkdtempSync(path.join(tmpdir(), 'mcp-tasks-e2e-'));
let failed = 0;
try {
  if (only !== 'smoke') {
    const workspace = path.join(scratch, 'workspace');
    cpSync(path.join(repoRoot, 'test/e2e/workspace'), workspace, { recursive: true });
    log('running the extension test suite inside VS Code');
    const code = await runSuiteInVsCode({
      vscode, extensionPath: repoRoot, testsPath: path.join(repoRoot, 'out/test/e2e/index'),
      workspace, screenshotDir, timeoutMs: 20 * 60_000, verbose,
      env: { MCP_TASKS_REPO: repoRoot, MCP_TASKS_SCRATCH: scratch },
      log,
    });
    log(`extension test suite finished with exit code ${code}`);
    if (code !== 0) failed++;
  }
  if (only !== 'suite') {
    const vsix = path.join(scratch, 'mcp-tasks.vsix');
    log('packaging the extension');
    const out = packageVsix(vsix);
    log(out.trim());
    log('smoke test: install the .vsix, F1, run "MCP Tasks: About"');
    const smoke = await runSmokeTest({ vscode, vsix, workspace: path.join(repoRoot, 'demo'), screenshotDir, log });
    // Reported in mocha's summary format so the test runner counts it with the suite.
    if (smoke.ok) console.log('\n  smoke: installed .vsix, ran "MCP Tasks: About" from the palette\n  1 passing');
    else { console.log(`\n  smoke FAILED: ${smoke.error}\n  0 passing\n  1 failing`); failed++; }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
log(failed ? `${failed} part(s) failed` : 'all parts passed');
process.exit(failed ? 1 : 0);
