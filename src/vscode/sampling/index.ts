/**
 * Sampling through VS Code's language models: the service that answers servers, the permissions
 * the person granted, and the command and read-only documents that go with them.
 */
import * as vscode from 'vscode';
import { manageSamplingPermissions, MANAGE_SAMPLING_COMMAND } from './managePermissions';
import { registerSamplingDetails } from './samplingConsent';
import { SamplingPermissions } from './samplingPermissions';
import { VsCodeSampling } from './vscodeSampling';

export { VsCodeSampling, USER_REJECTED } from './vscodeSampling';
export { SamplingPermissions } from './samplingPermissions';

export interface SamplingUi extends vscode.Disposable {
  readonly sampling: VsCodeSampling;
  readonly permissions: SamplingPermissions;
}

export function createSampling(context: vscode.ExtensionContext, log: vscode.LogOutputChannel | undefined, definitionOf: (serverId: string) => unknown): SamplingUi {
  const permissions = new SamplingPermissions(context.globalState);
  const sampling = new VsCodeSampling(permissions, log, undefined, definitionOf);
  const disposables = [
    registerSamplingDetails(),
    vscode.commands.registerCommand(MANAGE_SAMPLING_COMMAND, () => manageSamplingPermissions(permissions)),
  ];
  return {
    sampling, permissions,
    dispose: () => { for (const d of disposables) d.dispose(); permissions.dispose(); },
  };
}
