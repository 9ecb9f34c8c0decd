/**
 * Where the background task host keeps its state and where its socket is: one host per user and
 * per home folder (the ledger lives in it), reached through a socket in a folder only the user
 * can open.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface HostPaths {
  /** The host's home: ledger/, host.lock, host.log, sessions.json. */
  readonly home: string;
  readonly ledgerDir: string;
  readonly lockFile: string;
  readonly logFile: string;
  /** Unix domain socket path, or a Windows named pipe. */
  readonly socket: string;
}

/**
 * The per-user home: MCP_TASKS_HOME when set, otherwise the platform's place for state
 * ($XDG_STATE_HOME or ~/.local/state on Linux, Application Support on macOS, LOCALAPPDATA on Windows).
 */
export function defaultHostHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MCP_TASKS_HOME) return path.resolve(env.MCP_TASKS_HOME);
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'mcp-tasks');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'mcp-tasks');
  return path.join(env.XDG_STATE_HOME || path.join(home, '.local', 'state'), 'mcp-tasks');
}

/** Unix socket paths are cut at 104–108 bytes depending on the system. */
const MAX_SOCKET_PATH_BYTES = 100;

export function hostPaths(home: string): HostPaths {
  const resolved = path.resolve(home);
  return {
    home: resolved,
    ledgerDir: path.join(resolved, 'ledger'),
    lockFile: path.join(resolved, 'host.lock'),
    logFile: path.join(resolved, 'host.log'),
    socket: socketPath(resolved),
  };
}

/**
 * Every client of a home must find the same socket whatever its environment (a terminal and a
 * VS Code window may differ in TMPDIR or XDG_RUNTIME_DIR), so it depends on the home alone: in
 * the home (private, 0700) when the path is short enough, else in a fixed per-user folder under
 * /tmp named by a hash of the home.
 */
function socketPath(home: string): string {
  const id = createHash('sha256').update(home).digest('hex').slice(0, 16);
  if (process.platform === 'win32') return `\\\\.\\pipe\\mcp-tasks-${os.userInfo().username}-${id}`;
  const inHome = path.join(home, 'host.sock');
  if (Buffer.byteLength(inHome) <= MAX_SOCKET_PATH_BYTES) return inHome;
  return path.join('/tmp', `mcp-tasks-${os.userInfo().uid}`, `host-${id}.sock`);
}

/**
 * Creates `dir` (0700) if needed and refuses one that another user owns or others may open: a
 * socket in such a folder could be someone else's listener.
 */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  const stat = fs.lstatSync(dir);
  const uid = os.userInfo().uid;
  if (!stat.isDirectory()) throw new Error(`${dir} is not a folder`);
  if (stat.uid !== uid) throw new Error(`${dir} belongs to another user (uid ${stat.uid}); refusing to use it for the task host`);
  if ((stat.mode & 0o077) !== 0) {
    // Ours but opened up (e.g. by a umask or a copy): close it again rather than trusting it.
    fs.chmodSync(dir, 0o700);
  }
}

/** Makes the home and the socket's folder, both private. */
export function preparePaths(paths: HostPaths): void {
  ensurePrivateDir(paths.home);
  if (process.platform !== 'win32') ensurePrivateDir(path.dirname(paths.socket));
}
