/** Starts an HTTP MCP server as a child process on a free 127.0.0.1 port and stops it by PID. */
import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../../..');
export const everythingEntry = path.join(repoRoot, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');

export function fixtureServer(name: string): string {
  return path.join(repoRoot, 'out/test/fixtures/servers', `${name}.js`);
}

export interface HttpServerProcess {
  readonly port: number;
  readonly pid: number;
  /** Whatever the process wrote, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Spawns `node <args>` with PORT set and resolves once the port accepts connections. */
export async function startHttpServerProcess(args: string[], timeoutMs = 20_000): Promise<HttpServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, args, { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const handle: HttpServerProcess = { port, pid: child.pid ?? -1, output: () => output, stop: () => stopChild(child) };
  const deadline = Date.now() + timeoutMs;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await handle.stop();
      throw new Error(`HTTP server ${args.join(' ')} did not listen on ${port}: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return handle;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}
