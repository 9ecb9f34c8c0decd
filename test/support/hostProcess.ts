/**
 * Runs the built task host (dist/host.js) as a child of the test, so a test can see it exit:
 * resolves once it prints its first line ("ready", or "running" when another host serves the home).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './httpServerProcess';

export const hostScript = path.join(repoRoot, 'dist/host.js');

export interface HostProcess {
  readonly child: ChildProcess;
  /** The first line the host printed. */
  readonly said: string;
  /** When and how it exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

export function startHostProcess(home: string, quietMs: number, timeoutMs = 15_000): Promise<HostProcess> {
  const child = spawn(process.execPath, [hostScript, '--home', home, '--quiet-ms', String(quietMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() }));
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the host said nothing within ${timeoutMs} ms: ${stderr}`)), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!out.includes('\n')) return;
      clearTimeout(timer);
      resolve({ child, said: out.split('\n')[0], exited });
    });
    child.once('exit', () => { clearTimeout(timer); reject(new Error(`the host exited before saying anything: ${stderr}`)); });
  });
}
