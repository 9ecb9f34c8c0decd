import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listTsFiles } from '../support/sourceFiles';
import * as esbuild from 'esbuild';
import * as ts from 'typescript';

const repoRoot = path.resolve(__dirname, '../../..');
const srcRoot = path.join(repoRoot, 'src');

interface SiblingBundle { readonly file: string; readonly entry: string }
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the build's own list, not a copy
const build = require(path.join(repoRoot, 'esbuild.js')) as { siblingBundles: SiblingBundle[]; common: object; extensionBuild: object };

/** Bundles loaded beside dist/extension.js at run time (esbuild.js), by the entry they are built from. */
const SIBLING_BUNDLES: Record<string, string> = Object.fromEntries(build.siblingBundles.map((b) => [`./${b.file}`, path.relative('src', b.entry)]));
/** The one file that requires them (at first use). */
const SIBLING_LOADER = path.join(srcRoot, 'vscode/lazy/siblingBundles.ts');

/** src-relative file → the src files it imports (type-only imports included: they tie files too). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of listTsFiles(srcRoot)) {
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles
      .map((ref) => ref.fileName)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => {
        if (file === SIBLING_LOADER && SIBLING_BUNDLES[spec]) return SIBLING_BUNDLES[spec];
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

/**
 * What each sibling bundle is there to keep out of dist/extension.js: its entry and the modules
 * that make it worth its own file (paths as esbuild's metafile names them; a folder ends in '/').
 */
const LOADED_AT_FIRST_USE: Record<string, string[]> = {
  'windowCore.js': ['src/vscode/composition/windowCore.ts', 'src/core/tasks/taskEngine.ts', 'src/core/ledger/fileTaskLedger.ts', 'src/core/servers/serverConnection.ts', 'node_modules/@modelcontextprotocol/sdk/dist/esm/client/'],
  'hostChannel.js': ['src/channel/hostClient.ts', 'src/channel/hostLauncher.ts', 'node_modules/vscode-jsonrpc/'],
  'callTool.js': ['src/vscode/tasks/callToolFlow.ts', 'src/vscode/tasks/jsonArguments.ts', 'src/vscode/tasks/model/argumentValidation.ts', 'node_modules/@cfworker/json-schema/'],
  'questionUi.js': ['src/vscode/prompts/questionUi.ts', 'src/vscode/prompts/fieldSteps.ts', 'src/vscode/prompts/form/elicitationForm.ts', 'src/vscode/prompts/form/formModel.ts'],
  'sampling.js': ['src/vscode/sampling/vscodeSampling.ts', 'src/vscode/sampling/samplingConsent.ts', 'src/vscode/sampling/samplingPermissions.ts'],
  'agentTools.js': ['src/vscode/agent/agentTools.ts', 'src/vscode/agent/startTask.ts', 'src/vscode/agent/waitForTask.ts', 'src/vscode/agent/resultShaping.ts'],
};

/** The extension bundle's size target: what a window loads and evaluates before activate() runs. */
const EXTENSION_BUNDLE_MAX_KB = 150;

describe('the extension bundle and the bundles it loads at first use', function () {
  this.timeout(120_000);
  let extension: { inputs: string[]; bytes: number };
  const inputsOf = new Map<string, string[]>();

  /** esbuild's metafile for one build from esbuild.js, built in memory. */
  async function metafileOf(options: object): Promise<{ inputs: string[]; bytes: number }> {
    const result = await esbuild.build({ ...build.common, ...options, absWorkingDir: repoRoot, write: false, sourcemap: false, metafile: true, logLevel: 'silent' });
    const js = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('.js'))!;
    return { inputs: Object.keys(result.metafile.inputs), bytes: js[1].bytes };
  }
  const holds = (inputs: string[], module: string) => inputs.some((input) => (module.endsWith('/') ? input.startsWith(module) : input === module));

  before(async () => {
    extension = await metafileOf(build.extensionBuild);
    for (const sibling of build.siblingBundles) {
      inputsOf.set(sibling.file, (await metafileOf({ entryPoints: [sibling.entry], outfile: `dist/${sibling.file}`, external: ['vscode'] })).inputs);
    }
  });

  it('every bundle beside it has its modules listed here, and each listed module is in it', () => {
    assert.deepEqual(Object.keys(LOADED_AT_FIRST_USE).sort(), build.siblingBundles.map((b) => b.file).sort());
    for (const [file, modules] of Object.entries(LOADED_AT_FIRST_USE)) {
      assert.deepEqual(modules.filter((m) => !holds(inputsOf.get(file)!, m)), [], `${file} holds its modules`);
    }
  });

  it('dist/extension.js holds none of them: activation does not load what a later action needs', () => {
    const pulled = Object.entries(LOADED_AT_FIRST_USE).flatMap(([file, modules]) => modules.filter((m) => holds(extension.inputs, m)).map((m) => `${m} (${file})`));
    assert.deepEqual(pulled, []);
  });

  it(`dist/extension.js stays within ${EXTENSION_BUNDLE_MAX_KB} KB minified`, () => {
    const kb = extension.bytes / 1024;
    assert.ok(kb <= EXTENSION_BUNDLE_MAX_KB, `dist/extension.js is ${kb.toFixed(1)} KB`);
  });

  it('the .vsix carries every bundle beside it', () => {
    const kept = fs.readFileSync(path.join(repoRoot, '.vscodeignore'), 'utf8').split('\n').map((line) => line.trim());
    assert.deepEqual(build.siblingBundles.map((b) => `!dist/${b.file}`).filter((line) => !kept.includes(line)), []);
  });

  it('only src/vscode/lazy/siblingBundles.ts requires them', () => {
    const requiring = listTsFiles(srcRoot).filter((file) => file !== SIBLING_LOADER
      && ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true).importedFiles.some((ref) => SIBLING_BUNDLES[ref.fileName]));
    assert.deepEqual(requiring.map((file) => path.relative(srcRoot, file)), []);
  });
});
