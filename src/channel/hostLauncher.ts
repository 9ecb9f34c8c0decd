/**
 * Starts the background task host as a process of its own, detached from the caller (a window
 * or a command-line call may end; the host and its stdio servers go on), and waits for the line
 * it prints once it takes clients.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import type { HostPaths } from './hostPaths';

export interface HostLaunch {
  /** The Node.js (or Electron run as Node) executable to run the host with. */
  readonly execPath: string;
  /** The host bundle (dist/host.js). */
  readonly script: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Passed on as --quiet-ms. */
  readonly quietMs?: number;
  /** Give up on a host that says nothing for this long. */
  readonly timeoutMs?: number;
}

/** Resolves once a host serves `paths.home`: the one started here, or one that won the race to start. */
export function launchHost(paths: HostPaths, launch: HostLaunch): Promise<void> {
  const args = [launch.script, '--home', paths.home, ...(launch.quietMs !== undefined ? ['--quiet-ms', String(launch.quietMs)] : [])];
  // Anything the host says before its log is open (a crash at start) goes to its log file.
  const log = fs.openSync(paths.logFile, 'a', 0o600);
  const child = spawn(launch.execPath, args, {
    detached: true,
    stdio: ['ignore', 'pipe', log],
    env: launch.env ?? process.env,
    windowsHide: true,
  });
  fs.closeSync(log);
  return new Promise<void>((resolve, reject) => {
    let said = '';
    const timeoutMs = launch.timeoutMs ?? 15_000;
    const timer = setTimeout(() => finish(new Error(`the task host said nothing within ${Math.round(timeoutMs / 1000)} s; see ${paths.logFile}`)), timeoutMs);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      child.stdout?.removeAllListeners();
      child.removeAllListeners();
      child.stdout?.destroy();
      child.unref();
      if (error) reject(error); else resolve();
    };
    child.on('error', (err) => finish(new Error(`cannot start the task host (${launch.execPath}): ${err.message}`)));
    child.on('exit', (code, signal) => finish(new Error(`the task host exited at start (${signal ?? `code ${code}`}); see ${paths.logFile}`)));
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      said += chunk;
      const line = said.split('\n')[0];
      if (!said.includes('\n')) return;
      if (line === 'ready' || line === 'running') finish();
      else finish(new Error(`the task host could not start: ${line.replace(/^failed: /, '')}`));
    });
  });
}
