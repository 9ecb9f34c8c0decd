import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listTsFiles } from '../support/sourceFiles';
import * as ts from 'typescript';

const repoRoot = path.resolve(__dirname, '../../..');
const srcRoot = path.join(repoRoot, 'src');

/** Bundles loaded beside dist/extension.js at run time (esbuild.js), by the entry they are built from. */
const SIBLING_BUNDLES: Record<string, string> = { './windowCore.js': 'vscode/composition/windowCore.ts' };

/** src-relative file → the src files it imports (type-only imports included: they tie files too). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of listTsFiles(srcRoot)) {
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles
      .map((ref) => ref.fileName)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => {
        if (file === path.join(srcRoot, 'extension.ts') && SIBLING_BUNDLES[spec]) return SIBLING_BUNDLES[spec];
        const base = path.resolve(path.dirname(file), spec);
        const found = [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => fs.existsSync(candidate));
        assert.ok(found, `${path.relative(srcRoot, file)} imports '${spec}', which is not a source file`);
        return path.relative(srcRoot, found);
      });
    graph.set(path.relative(srcRoot, file), [...new Set(targets)]);
  }
  return graph;
}

/** Strongly connected components with more than one file (or a file importing itself). */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

function importsFrom(graph: Map<string, string[]>, fromFolder: string, toFolders: string[]): string[] {
  const offenders: string[] = [];
  for (const [file, targets] of graph) {
    if (!file.startsWith(`${fromFolder}/`)) continue;
    for (const target of targets) {
      if (toFolders.some((folder) => target.startsWith(`${folder}/`))) offenders.push(`${file} → ${target}`);
    }
  }
  return offenders;
}

describe('import graph of src/', () => {
  const graph = importGraph();

  it('has no import cycle', () => {
    assert.ok(graph.size > 50, 'the graph covers the source tree');
    assert.deepEqual(cycles(graph), []);
  });

  it('the model imports nothing above it', () => {
    assert.deepEqual(importsFrom(graph, 'core/model', ['core/tasks', 'core/ledger', 'core/servers', 'core/hosted', 'core/config', 'vscode', 'cli']), []);
  });

  it('storage never imports the engine, the servers or the hosted tasks', () => {
    assert.deepEqual(importsFrom(graph, 'core/ledger', ['core/tasks', 'core/servers', 'core/hosted', 'vscode', 'cli']), []);
  });

  it('the core never imports the window or the command line', () => {
    assert.deepEqual(importsFrom(graph, 'core', ['vscode', 'cli']), []);
  });

  it('the channel contract imports only the core; host and clients meet only through it', () => {
    assert.deepEqual(importsFrom(graph, 'core', ['channel', 'host']), []);
    assert.deepEqual(importsFrom(graph, 'channel', ['host', 'cli', 'vscode']), []);
    assert.deepEqual(importsFrom(graph, 'host', ['cli', 'vscode']), []);
    assert.deepEqual(importsFrom(graph, 'cli', ['host', 'vscode']), []);
    assert.deepEqual(importsFrom(graph, 'vscode', ['host', 'cli']), []);
  });

  it('finds a cycle when there is one', () => {
    const looped = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['a.ts']]]);
    assert.deepEqual(cycles(looped), [['a.ts', 'b.ts', 'c.ts']]);
  });
});
