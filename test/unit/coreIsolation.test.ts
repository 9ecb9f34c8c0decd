import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listTsFiles } from '../support/sourceFiles';

const repoRoot = path.resolve(__dirname, '../../..');

describe('core isolation', () => {
  it('no file under src/core imports vscode', () => {
    const files = listTsFiles(path.join(repoRoot, 'src/core'));
    assert.ok(files.length > 0, 'src/core has TypeScript files');
    const offenders = files.filter((file) => {
      const text = fs.readFileSync(file, 'utf8');
      return /(from\s+['"]vscode['"])|(require\(\s*['"]vscode['"]\s*\))|(import\(\s*['"]vscode['"]\s*\))/.test(text);
    });
    assert.deepEqual(offenders.map((f) => path.relative(repoRoot, f)), []);
  });
});
