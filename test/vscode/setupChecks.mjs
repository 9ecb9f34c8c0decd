// Checks of the README's set-up path that the end-to-end runner reports as tests of their own:
// VS Code installed from an empty cache under npm, nothing written to the user's own code-server
// or VS Code folders, and `npm start` leaving no process behind after Ctrl+C.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { repoRoot, vscodeCacheDir } from './paths.mjs';

/** What the installer would find before it runs: is there a code-server in the cache already? */
export function installState() {
  return {
    cacheEmpty: !existsSync(path.join(vscodeCacheDir(), 'code-server/node_modules/code-server')),
    underNpm: Boolean(process.env.npm_config_user_agent),
    cache: vscodeCacheDir(),
  };
}

/** The user's own code-server and VS Code folders that exist now. */
export function userFolders() {
  const home = homedir();
  const config = process.env.XDG_CONFIG_HOME || path.join(home, '.config');
  const data = process.env.XDG_DATA_HOME || path.join(home, '.local/share');
  return [path.join(config, 'code-server'), path.join(data, 'code-server'), path.join(config, 'Code'),
    path.join(home, '.vscode'), path.join(home, '.vscode-server')].filter((p) => existsSync(p));
}

/** The pids below `root` in the process tree (Linux /proc). */
export function descendants(root) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try { stat = readFileSync(`/proc/${name}/stat`, 'utf8'); } catch { continue; }
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(name));
  }
  const found = [];
  const queue = [root];
  while (queue.length) {
    for (const child of children.get(queue.shift()) ?? []) { found.push(child); queue.push(child); }
  }
  return found;
}

function commandLine(pid) {
  try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim(); } catch { return undefined; }
}

function isAlive(pid) {
  try {
    // A zombie has exited; only its parent has not collected it yet.
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * `npm start` as a person runs it in a terminal: its own foreground process group, no npm settings
 * inherited from an outer npm. Once the demo runs, Ctrl+C (SIGINT to the whole group); then every
 * process it had started must be gone. Resolves { ok, detail }.
 */
export function startThenInterrupt({ log, hostHome, timeoutMs = 8 * 60_000 }) {
  const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|init_cwd$|node$)/i.test(k))), MCP_TASKS_HOME: hostHome };
  return new Promise((resolve) => {
    const child = spawn('npm', ['start', '--', '--check', '--hold'], { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let tree = [];
    let out = '';
    const finish = (result) => { clearTimeout(timer); resolve(result); };
    const timer = setTimeout(() => {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
      finish({ ok: false, detail: `npm start did not reach "holding until Ctrl+C" within ${timeoutMs / 1000}s` });
    }, timeoutMs);
    const onData = (d) => {
      out += d;
      for (const line of d.toString().split('\n')) if (line.trim()) log(`  ${line}`);
      if (!tree.length && out.includes('holding until Ctrl+C')) {
        // The task host is detached from the window that started it (it outlives windows); the
        // demo's own host must still end with npm start, and its demo server with it.
        const host = hostPidIn(hostHome);
        tree = [...descendants(child.pid), ...(host ? [host, ...descendants(host)] : [])].map((pid) => ({ pid, cmd: commandLine(pid) }));
        if (!host) { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } finish({ ok: false, detail: 'the demo ran without a task host (tasks run in it by default)' }); return; }
        log(`npm start runs ${tree.length} processes (the task host, pid ${host}, among them); pressing Ctrl+C`);
        process.kill(-child.pid, 'SIGINT');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', async (code, signal) => {
      if (!tree.length) { finish({ ok: false, detail: `npm start exited (${code ?? signal}) before the demo ran` }); return; }
      const deadline = Date.now() + 15_000;
      let left = tree.filter((p) => isAlive(p.pid));
      while (left.length && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        left = left.filter((p) => isAlive(p.pid));
      }
      const servers = tree.filter((p) => /demo-server|code-server|chromium|host\.js/.test(p.cmd ?? '')).length;
      finish(left.length
        ? { ok: false, detail: `left behind after Ctrl+C: ${left.map((p) => `${p.pid} ${p.cmd}`).join('; ')}` }
        : { ok: true, detail: `all ${tree.length} processes (${servers} of them VS Code, Chromium, the task host or the demo server) ended after Ctrl+C; npm exited ${code ?? signal}` });
    });
  });
}

/** The pid of the live task host of `home` (its lock file names it), if one runs. */
export function hostPidIn(home) {
  try {
    const { pid } = JSON.parse(readFileSync(path.join(home, 'host.lock'), 'utf8'));
    return isAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}
