#!/usr/bin/env node
// Runs the benchmarks compiled from bench/*.ts (numbers, not pass/fail), compiling first when out/ is stale.
//   node scripts/bench.mjs                      every benchmark (engineOverhead, hostChannel, hugeResult, ledgerLoad, taskLoad)
//   node scripts/bench.mjs taskLoad --tasks=100 one benchmark; the remaining arguments go to it
//   node scripts/bench.mjs --runtime=vscode ...  on the Node 24 that VS Code 1.139's server runs its extension
//                                                host on (code-server 4.139.1, as installed for the E2E) instead of this one
// taskLoad writes its table to bench/results/latest.md as well as stdout.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/**
 * One benchmark may not run longer than this; a stuck one is killed so the command always ends.
 * taskLoad with its defaults (every scenario, the pooled latencies, the steady state and the CPU
 * rounds in processes of their own) runs for many minutes, more when a round waits out its deadline.
 */
const BENCH_DEADLINE_MS = 25 * 60_000;
const KILL_GRACE_MS = 5_000;

function tsFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFiles(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** Stale when some source under src/ or bench/ has no compiled file or a newer one than it. */
function outIsStale() {
  const sources = ['src', 'bench'].flatMap((d) => tsFiles(path.join(root, d)));
  return sources.some((source) => {
    const compiled = path.join(root, 'out', path.relative(root, source)).replace(/\.ts$/, '.js');
    return !fs.existsSync(compiled) || fs.statSync(compiled).mtimeMs < fs.statSync(source).mtimeMs;
  });
}

function run(label, args, deadlineMs, node = process.execPath) {
  return new Promise((resolve) => {
    console.error(`\n=== ${label}`);
    const child = spawn(node, args, { cwd: root, stdio: 'inherit' });
    let killTimer;
    const deadline = setTimeout(() => {
      console.error(`${label} ran longer than ${deadlineMs / 60_000} minutes; stopping it (pid ${child.pid})`);
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    }, deadlineMs);
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('close', (code, signal) => {
      clearTimeout(deadline);
      clearTimeout(killTimer);
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code === 0 ? 0 : code ?? 1);
      if (signal) console.error(`${label} ended by ${signal}`);
    });
  });
}

// Benchmarks are the bench/*.ts entry points; *Server.ts files are servers the benchmarks start.
const benchmarks = fs.readdirSync(path.join(root, 'bench'))
  .filter((name) => name.endsWith('.ts') && !name.endsWith('Server.ts'))
  .map((name) => name.replace(/\.ts$/, ''))
  .sort();
const runtimeArg = process.argv.slice(2).find((a) => a.startsWith('--runtime='));
const runtime = runtimeArg ? runtimeArg.slice('--runtime='.length) : 'this';
if (runtime !== 'this' && runtime !== 'vscode') {
  console.error(`unknown runtime '${runtime}' (this: the Node running this script; vscode: the Node 24 of VS Code 1.139's server)`);
  process.exit(2);
}
const [first, ...rest] = process.argv.slice(2).filter((a) => a !== runtimeArg);
const chosen = first && !first.startsWith('--') ? [first] : benchmarks;
const extra = first && !first.startsWith('--') ? rest : process.argv.slice(2).filter((a) => a !== runtimeArg);
for (const name of chosen) {
  if (!benchmarks.includes(name)) {
    console.error(`unknown benchmark '${name}' (${benchmarks.join(', ')})`);
    process.exit(2);
  }
}

if (outIsStale()) {
  const code = await run('compile (tsc -p .)', [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', '.'], BENCH_DEADLINE_MS);
  // tsc still emits when some unrelated file has type errors; the benchmarks decide whether they can run.
  if (code !== 0) console.error('tsc reported errors (above); running the benchmarks with what it emitted');
}

// The engine runs in VS Code's extension host and in the background host, both on VS Code's own
// runtime (Node 24 for the 1.139 server), not on the Node that runs npm. Its V8 has the Maglev
// compiler tier that Node 20's lacks, which changes most what a process's first thousands of tasks
// cost. The CLI runs on whatever Node the user has.
let node = process.execPath;
if (runtime === 'vscode') {
  const { installVsCode } = await import('../test/vscode/paths.mjs');
  node = (await installVsCode({ log: (line) => console.error(line) })).NODE24;
  if (!node) {
    console.error('the VS Code install did not report its Node (NODE24)');
    process.exit(1);
  }
}

let failed = 0;
for (const name of chosen) {
  const script = path.join(root, 'out', 'bench', `${name}.js`);
  if (!fs.existsSync(script)) {
    console.error(`${script} was not compiled`);
    failed++;
    continue;
  }
  // Arguments after the name go to that benchmark; with no name, they go to taskLoad only.
  const args = chosen.length === 1 || name === 'taskLoad' ? extra : [];
  // --expose-gc: a benchmark that measures memory settles its baseline first.
  if ((await run(name, ['--expose-gc', script, ...args], BENCH_DEADLINE_MS, node)) !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
