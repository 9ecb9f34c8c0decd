#!/usr/bin/env node
// Packages the built extension (dist/ must be current) into a .vsix with @vscode/vsce.
//   node scripts/packageVsix.mjs [OUT]      default dist/mcp-tasks.vsix
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Returns vsce's report (the file list and size). */
export function packageVsix(out) {
  return execFileSync(process.execPath, [path.join(repoRoot, 'node_modules/@vscode/vsce/vsce'), 'package',
    // The bundles carry every dependency; the README's images stay relative to the repository.
    '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out],
  { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = path.resolve(process.argv[2] ?? path.join(repoRoot, 'dist/mcp-tasks.vsix'));
  try {
    console.log(packageVsix(out));
  } catch (err) {
    console.error(`packaging failed: ${err.stderr || err.message}`);
    process.exit(1);
  }
}
