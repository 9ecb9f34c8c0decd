#!/usr/bin/env node
// Runs every test layer in order and prints each runner's summary, then one closing line.
//   node scripts/test.mjs                 typecheck + build, unit, integration, e2e (real VS Code)
//   node scripts/test.mjs unit|integration|e2e|electron   one layer (after typecheck + build)
// Extra arguments after the layer go to mocha (e.g. --grep).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [layerArg, ...extra] = process.argv.slice(2);
const layers = layerArg ? [layerArg] : ['unit', 'integration', 'e2e'];
const totals = { passed: 0, failed: 0, pending: 0 };
const summaries = [];
// Tests named "fault: <class>: <case>" make up the fault suite (hostile input, broken servers):
// counted per class across layers, so the summary says what it covered.
const faults = new Map();

function run(label, command, args, { parseMocha = false, env = {} } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    console.log(`\n=== ${label}: ${[command, ...args].join(' ')}`);
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { out += d; process.stderr.write(d); });
    child.on('close', (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      let counts = '';
      if (parseMocha) {
        const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
        const count = (re) => { let n = 0; for (const m of plain.matchAll(re)) n += Number(m[1]); return n; };
        const passed = count(/^\s*(\d+) passing/gm), failed = count(/^\s*(\d+) failing/gm), pending = count(/^\s*(\d+) pending/gm);
        totals.passed += passed; totals.failed += failed; totals.pending += pending;
        counts = ` — ${passed} passed, ${failed} failed, ${pending} pending`;
        for (const m of plain.matchAll(/^\s*(✔|\d+\))\s+fault: ([^:]+):/gm)) {
          const entry = faults.get(m[2]) ?? { passed: 0, failed: 0 };
          if (m[1] === '✔') entry.passed++; else entry.failed++;
          faults.set(m[2], entry);
        }
        if (code !== 0 && failed === 0) totals.failed += 1; // the runner itself failed
      } else if (code !== 0) {
        totals.failed += 1;
      }
      summaries.push(`${code === 0 ? 'ok  ' : 'FAIL'} ${label} (${seconds}s, exit ${code ?? signal})${counts}`);
      resolve(code === 0);
    });
  });
}

const mocha = (pattern, timeout) => [path.join(root, 'node_modules/mocha/bin/mocha.js'),
  '--reporter', 'spec', '--no-color', '--timeout', String(timeout), '--recursive', pattern, ...extra];

let ok = await run('typecheck + compile tests', process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', '.']);
// The webview's page code is browser code (DOM typings), checked on its own.
ok = (await run('typecheck webview', process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'src/webview'])) && ok;
ok = (await run('build', process.execPath, [path.join(root, 'esbuild.js')])) && ok;
if (ok) {
  for (const layer of layers) {
    if (layer === 'unit') await run('unit', process.execPath, mocha('out/test/unit/**/*.test.js', 10000), { parseMocha: true });
    else if (layer === 'integration') await run('integration', process.execPath, mocha('out/test/integration/**/*.test.js', 120000), { parseMocha: true });
    else if (layer === 'e2e') await run('e2e (real VS Code)', process.execPath, [path.join(root, 'test/vscode/e2e.mjs')], { parseMocha: true });
    else if (layer === 'electron') await run('e2e (VS Code via @vscode/test-electron)', process.execPath, [path.join(root, 'test/vscode/electron.mjs')], { parseMocha: true });
    else { console.error(`unknown test layer '${layer}' (unit, integration, e2e, electron)`); process.exit(2); }
  }
}

console.log('\n=== summary');
for (const line of summaries) console.log(line);
if (faults.size) {
  const all = [...faults.values()].reduce((a, b) => ({ passed: a.passed + b.passed, failed: a.failed + b.failed }), { passed: 0, failed: 0 });
  console.log(`fault suite: ${all.passed} cases passed, ${all.failed} failed (${[...faults].map(([cls, n]) => `${cls} ${n.passed + n.failed}`).join(', ')})`);
}
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.pending} skipped`);
process.exit(totals.failed === 0 && ok ? 0 : 1);
