// Where the offline VS Code pieces live, and how to install them (test/vscode/install.sh).
import { spawn } from 'node:child_process';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The cache folder install.sh installs into (the same rule as the script's). */
export function vscodeCacheDir() {
  return process.env.MCP_TASKS_VSCODE_CACHE
    || path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'mcp-tasks-vscode');
}

/** Runs install.sh (idempotent) and returns { CODE_SERVER, NODE24, CHROMIUM }. */
export function installVsCode({ timeoutMs = 45 * 60_000, log = console.log } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(repoRoot, 'test/vscode/install.sh')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => {
      for (const line of d.toString().split('\n')) {
        if (line.trim() && !/Unknown (env|user) config "nodedir"/.test(line)) log(line);
      }
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`installing VS Code took longer than ${timeoutMs / 60000} minutes; see the output above for the step that hung`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(new Error(`installing VS Code failed (exit ${code}); the step and the fix are printed above`));
        return;
      }
      // Only the NAME=value lines: anything else a step printed to stdout is not an answer.
      const vars = Object.fromEntries(out.split('\n').map((l) => l.match(/^([A-Z0-9_]+)=(.*)$/)).filter(Boolean).map((m) => [m[1], m[2]]));
      resolve(vars);
    });
  });
}
