// Starts VS Code's server (from code-server) on 127.0.0.1 with throwaway user data, and stops it.
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Quiet, deterministic user settings for test and demo runs. */
export const baseSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'window.commandCenter': false,
  'git.openRepositoryInParentFolders': 'never',
};

/**
 * A VS Code server with its own temp folder for user data, extensions and sockets.
 * opts: { codeServer, node24, settings, trustWorkspaces, env, log }
 */
export class CodeServer {
  /** opts.dataDir: keep user data in this folder (kept after stop) instead of a temp folder. */
  constructor(opts) {
    this.opts = opts;
    this.tmp = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'mcp-tasks-vscode-'));
    mkdirSync(this.tmp, { recursive: true });
    this.userDataDir = path.join(this.tmp, 'user-data');
    this.extensionsDir = path.join(this.tmp, 'extensions');
    this.serverTmp = path.join(this.tmp, 'tmp');
    for (const dir of [this.extensionsDir, this.serverTmp, path.join(this.userDataDir, 'User'), path.join(this.userDataDir, 'Machine')]) mkdirSync(dir, { recursive: true });
    const settings = JSON.stringify({ ...baseSettings, ...(opts.settings ?? {}) }, null, 2);
    writeFileSync(path.join(this.userDataDir, 'User/settings.json'), settings);
    // This is a remote window: machine-scoped settings (the user configuration's path) are read
    // from the machine's settings, not from the user's.
    writeFileSync(path.join(this.userDataDir, 'Machine/settings.json'), settings);
    this.env = {
      EXTENSIONS_GALLERY: '{}', // no marketplace lookups on an offline machine
      ...process.env,
      ...(opts.env ?? {}),
      TMPDIR: this.serverTmp,
      // code-server's own config and data (a first run writes config.yaml there) stay in this
      // profile, never in the user's ~/.config/code-server or ~/.local/share/code-server.
      XDG_CONFIG_HOME: path.join(this.tmp, 'xdg-config'),
      XDG_DATA_HOME: path.join(this.tmp, 'xdg-data'),
      PATH: `${path.dirname(opts.node24)}:${process.env.PATH}`,
    };
  }

  args(extra) {
    return [path.join(this.opts.codeServer, 'out/node/entry.js'),
      '--config', path.join(this.tmp, 'config.yaml'),
      '--user-data-dir', this.userDataDir, '--extensions-dir', this.extensionsDir, ...extra];
  }

  /** Installs a .vsix the way a user would (`--install-extension`). */
  installExtension(vsix) {
    return new Promise((resolve, reject) => {
      execFile(this.opts.node24, this.args(['--install-extension', vsix]), { env: this.env, timeout: 120_000 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`installing ${vsix} failed: ${stderr || err.message}`));
        else resolve(stdout.trim());
      });
    });
  }

  /** Starts the server and resolves with its base URL once /healthz answers. */
  /**
   * smokeTestDriver: lets the workbench honour ?payload= (extension under development + tests).
   * The workbench then shows no notification toasts (they stay in the notification centre) and
   * refuses modal dialogs while extension tests run.
   */
  async start({ timeoutMs = 60_000, smokeTestDriver = false } = {}) {
    this.port = await freePort();
    const trust = this.opts.trustWorkspaces === false ? [] : ['--disable-workspace-trust'];
    this.process = spawn(this.opts.node24, this.args([
      '--bind-addr', `127.0.0.1:${this.port}`, '--auth', 'none',
      '--disable-telemetry', '--disable-update-check', ...trust,
      '--disable-getting-started-override', '--ignore-last-opened',
      ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ]), { env: this.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const log = this.opts.log ?? (() => {});
    for (const stream of [this.process.stdout, this.process.stderr]) {
      stream.on('data', (d) => { for (const line of d.toString().split('\n')) if (line.trim()) log(line); });
    }
    this.exited = new Promise((resolve) => this.process.once('exit', (code, signal) => resolve(code ?? signal)));
    this.url = `http://127.0.0.1:${this.port}`;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.process.exitCode !== null) throw new Error(`VS Code server exited during start-up (code ${this.process.exitCode})`);
      try {
        const res = await fetch(`${this.url}/healthz`);
        if (res.ok) return this.url;
      } catch { /* not listening yet */ }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`VS Code server did not answer /healthz within ${timeoutMs / 1000}s`);
  }

  /** vscode-remote URI of a local path, as the workbench's payload expects. */
  remote(p) {
    return `vscode-remote://127.0.0.1:${this.port}${p}`;
  }

  async stop({ keep = false } = {}) {
    const proc = this.process;
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      try { process.kill(-proc.pid, 'SIGTERM'); } catch { /* already gone */ }
      const timedOut = await Promise.race([this.exited.then(() => false), new Promise((r) => setTimeout(() => r(true), 5000))]);
      if (timedOut) { try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* gone */ } }
    }
    if (!keep && !this.opts.dataDir) rmSync(this.tmp, { recursive: true, force: true });
  }
}
