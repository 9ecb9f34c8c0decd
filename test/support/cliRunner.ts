/**
 * Runs the built command line (dist/cli.js) as a child process, the way a user would: with
 * arguments, environment and stdin, under a deadline. Every process started here is tracked so a
 * suite can kill leftovers by PID.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './httpServerProcess';

export const cliPath = path.join(repoRoot, 'dist/cli.js');

/**
 * The task host's home for every CLI run of this test process: never the user's own. The host
 * it starts is stopped when the test process exits (stopCliHost stops it earlier).
 */
export const cliHostHome = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-tasks-cli-home-'));
process.on('exit', () => {
  const pid = hostPid(cliHostHome);
  if (pid !== undefined) try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
});

/** The pid of the task host serving `home`, from its lock file. */
export function hostPid(home: string): number | undefined {
  try {
    const owner = JSON.parse(fs.readFileSync(path.join(home, 'host.lock'), 'utf8')) as { pid?: unknown };
    return typeof owner.pid === 'number' ? owner.pid : undefined;
  } catch {
    return undefined;
  }
}

/** Stops the task host of `home` (the tests' own by default), if one runs. */
export async function stopCliHost(home = cliHostHome): Promise<void> {
  const run = await runCli(['host', 'stop'], { env: { MCP_TASKS_HOME: home } });
  if (run.code !== 0) throw new Error(`mcp-tasks host stop failed: ${run.stderr}`);
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  cwd?: string;
  /** The run is killed (and the promise rejects) after this long. */
  timeoutMs?: number;
}

export interface RunningCli {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with all of stderr once it matches; rejects if the process ends or the deadline passes first. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<string>;
  readonly done: Promise<CliResult>;
}

const running = new Set<ChildProcess>();
let built: Promise<void> | undefined;

/** Builds dist/ once per test run with the project's own build script. */
export function ensureCliBuilt(): Promise<void> {
  built ??= new Promise<void>((resolve, reject) => {
    execFile(process.execPath, ['esbuild.js'], { cwd: repoRoot, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`node esbuild.js failed: ${error.message}\n${stdout}${stderr}`));
      else resolve();
    });
  });
  return built;
}

export function startCli(args: readonly string[], options: CliOptions = {}): RunningCli {
  const env: Record<string, string | undefined> = { ...process.env, MCP_TASKS_DEBUG: undefined, MCP_TASKS_HOME: cliHostHome, ...options.env };
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  const stderrWaiters = new Set<() => void>();
  child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const check of [...stderrWaiters]) check();
  });
  child.stdin!.on('error', () => undefined);
  child.stdin!.end(options.stdin ?? '');
  const timeoutMs = options.timeoutMs ?? 60_000;
  const done = new Promise<CliResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mcp-tasks ${args.join(' ')} did not finish within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.once('error', (err) => { clearTimeout(timer); running.delete(child); reject(err); });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      for (const check of [...stderrWaiters]) check();
      resolve({ code, signal, stdout, stderr });
    });
  });
  done.catch(() => undefined);
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    done,
    waitForStderr(pattern, waitMs = 30_000) {
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`timed out after ${waitMs} ms waiting for ${pattern} on stderr:\n${stderr}`)), waitMs);
        const finish = (error?: Error) => {
          clearTimeout(timer);
          stderrWaiters.delete(check);
          if (error) reject(error);
          else resolve(stderr);
        };
        const check = () => {
          if (pattern.test(stderr)) finish();
          else if (ended()) finish(new Error(`the process ended before ${pattern} appeared on stderr:\n${stderr}`));
        };
        stderrWaiters.add(check);
        check();
      });
    },
  };
}

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).done;
}

/** Kills (by PID) every CLI process a test left running. */
export async function killRunningClis(): Promise<void> {
  await Promise.all([...running].map((child) => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('close', () => resolve());
    child.kill('SIGKILL');
  })));
  running.clear();
}

/** The non-empty lines of a stream's output. */
export function lines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => l.trim() !== '');
}
