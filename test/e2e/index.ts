// Entry point for the suite that runs inside VS Code's extension host (the `run()` contract that
// both the code-server launcher and @vscode/test-electron use). MCP_TASKS_E2E_GROUP picks a
// subfolder (a scenario that needs its own window, e.g. "reload/before"); by default the files
// directly in this folder run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 120_000, reporter: 'spec' });
  const group = process.env.MCP_TASKS_E2E_GROUP;
  const dir = group ? path.join(__dirname, path.dirname(group)) : __dirname;
  const prefix = group ? path.basename(group) : '';
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.e2e.js') && f.startsWith(prefix)).sort();
  if (files.length === 0) throw new Error(`no end-to-end tests found for '${group ?? 'main'}' in ${dir}`);
  for (const file of files) mocha.addFile(path.join(dir, file));
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} end-to-end test(s) failed`);
}
