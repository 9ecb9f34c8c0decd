#!/usr/bin/env node
// The same end-to-end suite, launched with @vscode/test-electron in a downloaded desktop VS Code.
// For machines that can download VS Code; the offline launcher is test/vscode/e2e.mjs.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from './paths.mjs';

const scratch = mkdtempSync(path.join(tmpdir(), 'mcp-tasks-electron-'));
const workspace = path.join(scratch, 'workspace');
cpSync(path.join(repoRoot, 'test/e2e/workspace'), workspace, { recursive: true });
let code = 1;
try {
  code = await runTests({
    version: process.env.VSCODE_VERSION ?? '1.139.1',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out/test/e2e/index'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
    extensionTestsEnv: { MCP_TASKS_REPO: repoRoot, MCP_TASKS_SCRATCH: scratch },
  }).then(() => 0);
} catch (err) {
  console.error(`[electron] the suite failed or VS Code could not be started: ${err?.message ?? err}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(code);
