#!/usr/bin/env node
// End-to-end tests in a real VS Code (1.139.1 from code-server) on this machine, offline:
//   1. the mocha suite in out/test/e2e, run inside the extension host with the extension loaded
//      from this folder, against a throwaway copy of test/e2e/workspace;
//   2. scenarios that need windows of their own: a task survives closing and reopening the window
//      (two runs on one profile, against a server that outlives them), and an untrusted workspace;
//   3. a smoke test that installs the packaged .vsix and uses it through the command palette;
//   4. `npm start` as a terminal runs it: the demo opens, its server runs, and Ctrl+C ends every
//      process it started;
//   5. the set-up itself: VS Code installed under npm (from an empty cache when CI runs), and no
//      code-server or VS Code folder of the user's written.
// Screenshots land in test-results/screenshots. Needs `tsc -p .` and `node esbuild.js` first.
import { spawn } from 'node:child_process';
import { cpSync, readdirSync, mkdtempSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { installVsCode, repoRoot } from './paths.mjs';
import { hostPidIn, installState, startThenInterrupt, userFolders } from './setupChecks.mjs';
import { runSuiteInVsCode } from './runSuite.mjs';
import { runSmokeTest } from './smoke.mjs';
import { packageVsix } from '../../scripts/packageVsix.mjs';
import { ACTIVATION_WINDOW_LOADS, judgeActivation } from './activationRecord.mjs';

const verbose = process.argv.includes('--verbose');
const onlyFlag = ['suite', 'scenarios', 'smoke', 'start'].find((p) => process.argv.includes(`--${p}-only`));
const runs = (part) => !onlyFlag || onlyFlag === part;
// --files=<prefix>: only the main suite's test files whose names start with it (e.g. --files=hosted).
const filesPrefix = process.argv.find((a) => a.startsWith('--files='))?.slice('--files='.length);
// --scenario=<name>: only that scenario (reload, background, hostKill, twoWindows, activation, noConfig, windowConsent, untrusted).
const onlyScenario = process.argv.find((a) => a.startsWith('--scenario='))?.slice('--scenario='.length);
const scenario = (name) => (!onlyScenario || onlyScenario === name);
const t0 = Date.now();
const log = (msg) => console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
const screenshotDir = path.join(repoRoot, 'test-results/screenshots');
mkdirSync(screenshotDir, { recursive: true });

// Each check below prints mocha's summary lines, so the test runner counts it with the suites.
const report = (ok, text) => console.log(ok ? `\n  ${text}\n  1 passing` : `\n  ${text}\n  0 passing\n  1 failing`);

let failed = 0;
const before = installState();
const foldersBefore = userFolders();
let vscode;
const installStart = Date.now();
try {
  vscode = await installVsCode({ log: (l) => log(l) });
} catch (err) {
  console.error(`[e2e] cannot run the real-VS-Code tests: ${err.message}`);
  report(false, `install FAILED (from ${before.cacheEmpty ? 'an empty' : 'a warm'} cache ${before.cache})`);
  process.exit(3);
}
log(`VS Code server: ${vscode.CODE_SERVER}\n  Node: ${vscode.NODE24}\n  browser: ${vscode.CHROMIUM}`);
const installSeconds = ((Date.now() - installStart) / 1000).toFixed(0);
// CI must prove the path from nothing on every run: an empty cache, installed the way npm start
// and npm test install it (under npm, whose exported settings once broke the nested installs).
const fromNothing = before.cacheEmpty && before.underNpm;
if (process.env.CI === 'true' && !fromNothing) {
  failed++;
  report(false, `install FAILED: CI must install VS Code under npm into an empty cache; cache ${before.cache} was ${before.cacheEmpty ? 'empty' : 'warm'}, npm ${before.underNpm ? 'yes' : 'no'} (see .ci/run)`);
} else if (before.cacheEmpty) {
  report(true, `install: VS Code 1.139.1 installed into the empty cache ${before.cache} in ${installSeconds}s${before.underNpm ? ', under npm' : ''}`);
}

const scratch = mkdtempSync(path.join(tmpdir(), 'mcp-tasks-e2e-'));
// Every window and command line of this run shares one task host home of its own (the scenarios
// below use homes of their own); the user's is never touched.
const mainHostHome = path.join(scratch, 'host-home');
process.env.MCP_TASKS_HOME = mainHostHome;
try {
  const suite = (label, group, extra = {}) => runSuiteInVsCode({
    vscode, extensionPath: repoRoot, testsPath: path.join(repoRoot, 'out/test/e2e/index'),
    extraExtensionPaths: [path.join(repoRoot, 'test/e2e/extensions/echo-language-model')],
    screenshotDir, timeoutMs: 20 * 60_000, verbose, log, ...extra,
    env: { MCP_TASKS_REPO: repoRoot, MCP_TASKS_SCRATCH: scratch, ...(group ? { MCP_TASKS_E2E_GROUP: group } : {}), ...(extra.env ?? {}) },
  }).then((code) => {
    log(`${label}: exit code ${code}`);
    if (code !== 0) failed++;
  });
  const workspaceCopy = (name) => {
    const dir = path.join(scratch, name);
    cpSync(path.join(repoRoot, 'test/e2e/workspace'), dir, { recursive: true });
    return dir;
  };
  if (runs('suite')) {
    log('running the extension test suite inside VS Code');
    await suite('main suite', filesPrefix, { workspace: workspaceCopy('workspace') });
  }
  if (runs('scenarios') && scenario('reload')) {
    log('scenario: with tasks in the window itself (no background process), a task survives closing and reopening the window');
    const shared = await startSharedTaskServer();
    try {
      const userConfig = path.join(scratch, 'reload-user-mcp.json');
      writeFileSync(userConfig, JSON.stringify({ servers: { shared: { type: 'http', url: shared.url } } }));
      // Tasks in the window itself (no background process): a reload ends the engine, the ledger resumes it.
      const common = { workspace: workspaceCopy('reload-workspace'), dataDir: path.join(scratch, 'reload-profile'), settings: { 'mcpTasks.userConfigPath': userConfig, 'mcpTasks.taskHost': 'window' } };
      await suite('reload, before', 'reload/before', common);
      await suite('reload, after', 'reload/after', common);
    } finally {
      shared.stop();
    }
  }
  if (runs('scenarios')) {
    // Two windows one after the other, with tasks in the background task host (a home of their own).
    const hostScenario = async (name, servers, checkBeforeStop = () => {}) => {
      const hostHome = path.join(scratch, `${name}-host-home`);
      const userConfig = path.join(scratch, `${name}-user-mcp.json`);
      writeFileSync(userConfig, JSON.stringify({ servers }));
      const common = {
        workspace: workspaceCopy(`${name}-workspace`), dataDir: path.join(scratch, `${name}-profile`),
        settings: { 'mcpTasks.userConfigPath': userConfig },
        env: { MCP_TASKS_HOME: hostHome },
      };
      try {
        await suite(`${name}, before`, `${name}/before`, common);
        await suite(`${name}, after`, `${name}/after`, common);
        checkBeforeStop();
      } finally {
        stopTaskHost(hostHome);
        keepHostLog(hostHome, common.dataDir, name);
      }
    };
    if (scenario('background')) {
      log('scenario: with the background task host, a task on a stdio server outlives its window');
      await hostScenario('background', { demo: { type: 'stdio', command: process.execPath, args: [path.join(repoRoot, 'dist/demo-server.js')] } });
    }
    if (scenario('hostKill')) {
      log('scenario: the task host is killed mid-task; a new one goes on with the same HTTP session');
      const everything = await startEverythingHttp();
      try {
        await hostScenario('hostKill', { everything: { type: 'http', url: everything.url } }, () => {
          if (/session termination/i.test(everything.output())) { log('FAILED: an HTTP session was ended'); failed++; }
        });
      } finally {
        everything.stop();
      }
    }
    if (scenario('twoWindows')) {
      log('scenario: two windows at once, one task host: a task started in one is live in the other');
      const hostHome = path.join(scratch, 'twoWindows-host-home');
      const userConfig = path.join(scratch, 'twoWindows-user-mcp.json');
      writeFileSync(userConfig, JSON.stringify({ servers: { demo: { type: 'stdio', command: process.execPath, args: [path.join(repoRoot, 'dist/demo-server.js')] } } }));
      const window = (name) => suite(`two windows, ${name}`, `twoWindows/${name}`, {
        workspace: workspaceCopy(`twoWindows-${name}-workspace`), dataDir: path.join(scratch, `twoWindows-${name}-profile`),
        settings: { 'mcpTasks.userConfigPath': userConfig }, env: { MCP_TASKS_HOME: hostHome },
      });
      try {
        await Promise.all([window('first'), window('second')]);
      } finally {
        stopTaskHost(hostHome);
        keepHostLog(hostHome, path.join(scratch, 'twoWindows-first-profile'), 'twoWindows');
      }
    }
    if (scenario('activation')) {
      log('scenario: activation with ten servers configured');
      const activationHome = path.join(scratch, 'activation-host-home');
      const activationConfig = path.join(scratch, 'activation-user-mcp.json');
      const demoArgs = [path.join(repoRoot, 'dist/demo-server.js')];
      writeFileSync(activationConfig, JSON.stringify({ servers: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`demo${i + 1}`, { type: 'stdio', command: process.execPath, args: demoArgs }])) }));
      // One window's time says little on a busy machine: several window loads, judged by the median.
      const record = path.join(scratch, 'activation-record.jsonl');
      try {
        for (let i = 1; i <= ACTIVATION_WINDOW_LOADS; i++) {
          await suite(`activation, window ${i} of ${ACTIVATION_WINDOW_LOADS}`, 'activation/activation', {
            workspace: workspaceCopy(`activation-workspace-${i}`), settings: { 'mcpTasks.userConfigPath': activationConfig },
            env: { MCP_TASKS_HOME: activationHome, MCP_TASKS_ACTIVATION_RECORD: record },
          });
        }
      } finally {
        stopTaskHost(activationHome);
      }
      const judged = judgeActivation(record);
      report(judged.ok, judged.text);
      if (!judged.ok) failed++;
    }
    if (scenario('noConfig')) {
      log('scenario: a workspace without mcp.json and no user configuration');
      const empty = path.join(scratch, 'noConfig-workspace');
      mkdirSync(empty, { recursive: true });
      await suite('workspace without mcp.json', 'noConfig/noConfig', {
        workspace: empty, settings: { 'mcpTasks.userConfigPath': path.join(scratch, 'noConfig-user-mcp.json') },
        env: { MCP_TASKS_HOME: path.join(scratch, 'noConfig-host-home') },
      });
      stopTaskHost(path.join(scratch, 'noConfig-host-home'));
    }
    if (scenario('windowConsent')) {
      log('scenario: with tasks in the window itself, a workspace server waits for permission on its row');
      await suite('consent with tasks in the window', 'windowConsent/windowConsent', {
        workspace: workspaceCopy('windowConsent-workspace'), settings: { 'mcpTasks.taskHost': 'window' },
      });
    }
    if (scenario('untrusted')) {
      log('scenario: an untrusted workspace');
      await suite('untrusted workspace', 'untrusted/untrusted', {
        workspace: workspaceCopy('untrusted-workspace'), trustWorkspaces: false,
        settings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.emptyWindow': false },
      });
    }
  }
  if (runs('smoke')) {
    const vsix = path.join(scratch, 'mcp-tasks.vsix');
    log('packaging the extension');
    const out = packageVsix(vsix);
    log(out.trim());
    log('smoke test: install the .vsix, F1, run "MCP Tasks: About"');
    const smoke = await runSmokeTest({ vscode, vsix, workspace: path.join(repoRoot, 'demo'), screenshotDir, log });
    // Reported in mocha's summary format so the test runner counts it with the suite.
    if (smoke.ok) console.log('\n  smoke: installed .vsix (with the form page files), ran "MCP Tasks: About" from the palette\n  1 passing');
    else { console.log(`\n  smoke FAILED: ${smoke.error}\n  0 passing\n  1 failing`); failed++; }
  }
  if (runs('start')) {
    log('npm start, as in a terminal: the demo opens and its server runs; then Ctrl+C');
    const start = await startThenInterrupt({ log, hostHome: path.join(scratch, 'start-host-home') });
    report(start.ok, `npm start: the demo opened with its server running; ${start.detail}`);
    if (!start.ok) failed++;
  }
} finally {
  stopTaskHost(mainHostHome);
  rmSync(scratch, { recursive: true, force: true });
}

/** Stops the task host a scenario started (its pid is in the lock file of its home). */
function stopTaskHost(home) {
  const pid = hostPidIn(home);
  if (!pid) return;
  try {
    process.kill(pid, 'SIGTERM');
    log(`stopped the task host (pid ${pid})`);
  } catch {
    // it ended meanwhile
  }
}

/** The host's log goes with the screenshots (for a failure's story); the scratch folder does not stay. */
function keepHostLog(home, dataDir, name) {
  const dir = path.join(repoRoot, 'test-results/host-logs');
  mkdirSync(dir, { recursive: true });
  try {
    cpSync(path.join(home, 'host.log'), path.join(dir, `${name}-host.log`));
  } catch {
    // no host ran
  }
  // The windows' own "MCP Tasks" logs, one per window.
  let n = 0;
  for (const file of readdirSync(dataDir, { recursive: true })) {
    if (/mcp-tasks\.mcp-tasks/.test(file) && file.endsWith('.log')) cpSync(path.join(dataDir, file), path.join(dir, `${name}-window-${++n}.log`));
  }
}

/** server-everything over Streamable HTTP on a free port (it keeps tasks per session); resolves once it listens. */
function startEverythingHttp() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => {
        const child = spawn(process.execPath, [path.join(repoRoot, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'streamableHttp'], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        const timer = setTimeout(() => { child.kill(); reject(new Error(`server-everything did not listen on ${port} within 20 s: ${out}`)); }, 20_000);
        const onData = (d) => {
          out += d;
          if (!/listening on port/i.test(out)) return;
          clearTimeout(timer);
          resolve({ url: `http://127.0.0.1:${port}/mcp`, output: () => out, stop: () => child.kill() });
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
      });
    });
  });
}

/** The task server whose tasks outlive sessions, on a free port; resolves once it listens. */
function startSharedTaskServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'out/test/fixtures/servers/sharedTaskServer.js'), '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const timer = setTimeout(() => { child.kill(); reject(new Error('the shared task server did not start within 20 s')); }, 20_000);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const url = out.match(/http:\/\/\S+/)?.[0];
      if (url) { clearTimeout(timer); resolve({ url, stop: () => child.kill() }); }
    });
    child.on('exit', (c) => { clearTimeout(timer); reject(new Error(`the shared task server exited (${c})`)); });
  });
}
const written = userFolders().filter((p) => !foldersBefore.includes(p));
report(written.length === 0, written.length === 0
  ? 'user folders: no code-server or VS Code folder of the user was written'
  : `user folders FAILED: written during the run: ${written.join(', ')}`);
if (written.length) failed++;
log(failed ? `${failed} part(s) failed` : 'all parts passed');
process.exit(failed ? 1 : 0);
