/**
 * Sampling through VS Code's language models: the service that answers servers, the permissions
 * the person granted, and the command and read-only documents that go with them. All of it loads
 * at the first sampling request or the first use of the command (a bundle of its own): most
 * windows never sample.
 */
import * as vscode from 'vscode';
import type { CreateMessageRequest, CreateMessageResult } from '@modelcontextprotocol/sdk/types.js';
import type { ServerRequestContext } from '../../core/ports';
import { samplingBundle } from '../lazy/siblingBundles';
import { MANAGE_SAMPLING_COMMAND } from './managePermissions';
import type { SamplingPermissions } from './samplingPermissions';
import type { VsCodeSampling } from './vscodeSampling';

export interface SamplingUi extends vscode.Disposable {
  readonly sampling: Pick<VsCodeSampling, 'createMessage'>;
}

export function createSampling(context: vscode.ExtensionContext, log: vscode.LogOutputChannel | undefined, definitionOf: (serverId: string) => unknown): SamplingUi {
  let loaded: { sampling: VsCodeSampling; permissions: SamplingPermissions; details: vscode.Disposable } | undefined;
  const load = () => {
    if (loaded) return loaded;
    const bundle = samplingBundle();
    const permissions = new bundle.SamplingPermissions(context.globalState);
    // The request documents are kept by the bundle that shows them, so it serves them too.
    loaded = { permissions, sampling: new bundle.VsCodeSampling(permissions, log, undefined, definitionOf), details: bundle.registerSamplingDetails() };
    return loaded;
  };
  const command = vscode.commands.registerCommand(MANAGE_SAMPLING_COMMAND, () => samplingBundle().manageSamplingPermissions(load().permissions));
  return {
    sampling: {
      createMessage: (params: CreateMessageRequest['params'], requestContext: ServerRequestContext): Promise<CreateMessageResult> => load().sampling.createMessage(params, requestContext),
    },
    dispose: () => {
      command.dispose();
      loaded?.details.dispose();
      loaded?.permissions.dispose();
    },
  };
}
