/**
 * The parts of the extension that activation does not run live in bundles beside
 * dist/extension.js (esbuild.js lists them with the source each is built from); this is the one
 * place that requires them, at first use. Node caches a bundle once loaded, so each loader is
 * cheap after its first call. Objects cross between bundles; classes do not (each bundle has its
 * own copy of what it shares with this one), so nothing here hands back a class to test against.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- bundles beside this one, at run time */

/** The engine and the SDK, for tasks that run in the window itself. */
export function windowCoreBundle(): typeof import('../composition/windowCore') {
  return require('./windowCore.js');
}

/** The JSON-RPC channel to the background task host. */
export function hostChannelBundle(): typeof import('../../channel/hostClient') {
  return require('./hostChannel.js');
}

/** Call Tool: choosing a tool, asking for its arguments, checking them against its schema. */
export function callToolBundle(): typeof import('../tasks/callToolFlow') {
  return require('./callTool.js');
}

/** The question form and the QuickInput question steps. */
export function questionUiBundle(): typeof import('./questionUiBundle') {
  return require('./questionUi.js');
}

/** Sampling through VS Code's language models, with the person's consent and permissions. */
export function samplingBundle(): typeof import('./samplingBundle') {
  return require('./sampling.js');
}

/** What the agent's language model tools do. */
export function agentToolsBundle(): typeof import('../agent/agentTools') {
  return require('./agentTools.js');
}
