// Builds the extension, the CLI and the demo server into dist/ as minified CommonJS bundles, and
// the elicitation form page's script and style into dist/webview/ (loaded by the form's webview).
//   node esbuild.js            build once and print bundle sizes and the extension's load cost
//   node esbuild.js --watch    rebuild on change
//   node esbuild.js --analyze  build once and list what makes up dist/extension.js (esbuild's metafile)
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const watch = process.argv.includes('--watch');
const analyze = process.argv.includes('--analyze');
// The SDK's Client and Server construct an Ajv validator by default; route that import to the SDK's
// @cfworker/json-schema provider (src/core/schemaValidator.ts says why) so Ajv is not bundled.
const oneSchemaValidator = {
  name: 'one-schema-validator',
  setup(build) {
    build.onResolve({ filter: /validation\/ajv-provider\.js$/ }, () => ({ path: 'ajv-provider', namespace: 'one-schema-validator' }));
    build.onLoad({ filter: /.*/, namespace: 'one-schema-validator' }, () => ({
      contents: "export { CfWorkerJsonSchemaValidator as AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/cfworker-provider.js';",
      resolveDir: __dirname,
      loader: 'js',
    }));
  },
};

// No transport is ever given an OAuth provider (the product has no OAuth sign-in), so the SDK's
// OAuth client (client/auth.js with its metadata schemas and PKCE) is dead code in the bundles.
// Without a provider the transports only construct UnauthorizedError and read WWW-Authenticate
// parameters they then ignore; this stand-in keeps exactly that and refuses an actual sign-in.
const noOAuthClient = {
  name: 'no-oauth-client',
  setup(build) {
    build.onResolve({ filter: /^\.\/auth\.js$/ }, (args) =>
      /@modelcontextprotocol[\\/]sdk[\\/]dist[\\/]esm[\\/]client[\\/]/.test(args.importer) ? { path: 'client-auth', namespace: 'no-oauth-client' } : undefined);
    build.onLoad({ filter: /.*/, namespace: 'no-oauth-client' }, () => ({
      contents: `export class UnauthorizedError extends Error { constructor(message) { super(message ?? 'Unauthorized'); } }
export function extractWWWAuthenticateParams() { return {}; }
export async function auth() { throw new UnauthorizedError('OAuth sign-in is not supported'); }`,
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  minify: true,
  sourcemap: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  legalComments: 'none',
  // jsonc-parser's CommonJS build loads its parts with a require() esbuild cannot follow; its ES
  // module build bundles cleanly.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  plugins: [oneSchemaValidator, noOAuthClient],
};
// The form page runs in the webview (a browser), so it is a script of its own, not part of the extension.
const webviewPage = { platform: 'browser', format: 'iife', target: 'chrome120' };
// What activation does not run is built into bundles beside dist/extension.js and required at first
// use (src/vscode/lazy/siblingBundles.ts), so a window starts with less to load and evaluate:
const siblingBundles = [
  // the engine and the SDK, only when tasks run in the window itself (a setting);
  { file: 'windowCore.js', entry: 'src/vscode/composition/windowCore.ts' },
  // the channel to the task host (JSON-RPC), once the window first needs the host;
  { file: 'hostChannel.js', entry: 'src/channel/hostClient.ts' },
  // Call Tool with its argument steps and schema validation;
  { file: 'callTool.js', entry: 'src/vscode/tasks/callToolFlow.ts' },
  // the question form and steps, at the first question answered;
  { file: 'questionUi.js', entry: 'src/vscode/lazy/questionUiBundle.ts' },
  // sampling through a language model, at the first request (or its command);
  { file: 'sampling.js', entry: 'src/vscode/lazy/samplingBundle.ts' },
  // the agent's tools, at their first invocation.
  { file: 'agentTools.js', entry: 'src/vscode/agent/agentTools.ts' },
];
const extensionBuild = { entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', ...siblingBundles.map((s) => `./${s.file}`)] };
const builds = [
  extensionBuild,
  ...siblingBundles.map((s) => ({ entryPoints: [s.entry], outfile: `dist/${s.file}`, external: ['vscode'] })),
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['src/host/main.ts'], outfile: 'dist/host.js' },
  { entryPoints: ['demo/server/demoTaskServer.ts'], outfile: 'dist/demo-server.js' },
  { entryPoints: ['src/webview/elicitationForm/main.ts'], outfile: 'dist/webview/elicitationForm.js', ...webviewPage },
  { entryPoints: ['src/webview/elicitationForm/formPage.css'], outfile: 'dist/webview/elicitationForm.css', ...webviewPage },
];

/** Time to evaluate the extension bundle, with a stand-in 'vscode' module (load cost only). */
function measureLoadCost(file) {
  const probe = `
    const Module = require('module');
    const load = Module._load;
    Module._load = function (request, ...rest) {
      if (request === 'vscode') return new Proxy({}, { get: () => new Proxy(function () {}, { get: () => ({}) }) });
      return load.call(this, request, ...rest);
    };
    const t0 = process.hrtime.bigint();
    require(${JSON.stringify(path.resolve(file))});
    console.log((Number(process.hrtime.bigint() - t0) / 1e6).toFixed(1));`;
  return execFileSync(process.execPath, ['-e', probe]).toString().trim();
}

function report() {
  for (const b of builds) {
    const kb = (fs.statSync(b.outfile).size / 1024).toFixed(1);
    console.log(`[build] ${b.outfile}: ${kb} KB minified`);
  }
  const kb = fs.statSync('dist/extension.js').size / 1024;
  console.log(`[build] extension bundle load cost: ${measureLoadCost('dist/extension.js')} ms (target bundle size <= 150 KB: ${kb <= 150 ? 'ok' : 'OVER'})`);
}

async function main() {
  if (watch) {
    for (const b of builds) {
      const ctx = await esbuild.context({ ...common, ...b });
      await ctx.watch();
    }
    console.log('[build] watching for changes…');
    return;
  }
  const results = await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b, metafile: analyze && b === extensionBuild })));
  report();
  if (analyze) console.log(await esbuild.analyzeMetafile(results[0].metafile));
}

// Required by the import graph test for the bundles' boundaries; run to build.
module.exports = { common, extensionBuild, siblingBundles };
if (require.main === module) {
  main().catch((err) => {
    console.error('[build] failed:', err.message ?? err);
    process.exit(1);
  });
}
