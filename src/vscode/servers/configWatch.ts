/** Watches the configuration files, reads them once and again on each change, and shows their problems. */
import * as vscode from 'vscode';
import type { ServerRegistry } from '../../core/servers/serverRegistry';
import { userConfigFile } from '../settings';
import { ConfigDiagnostics } from './configDiagnostics';
import { ConfigFiles } from './configFiles';

export function watchConfiguration(context: vscode.ExtensionContext, registry: ServerRegistry, log: vscode.LogOutputChannel, applySettings: () => void): Promise<void> {
  const configFiles = new ConfigFiles(() => userConfigFile(context));
  const diagnostics = new ConfigDiagnostics();
  const applyConfig = async () => {
    const diff = await registry.applyConfig(await configFiles.read());
    applySettings();
    log.info(`configuration: ${registry.all().length} servers (${diff.added.length} added, ${diff.changed.length} changed, ${diff.removed.length} removed), ${registry.problems.length} problems`);
  };
  context.subscriptions.push(
    configFiles, diagnostics,
    registry.onDidChangeProblems((problems) => diagnostics.show(problems)),
    configFiles.onDidChange(() => { applyConfig().catch((err) => log.error(`reading the configuration failed: ${err}`)); }),
  );
  return applyConfig();
}
