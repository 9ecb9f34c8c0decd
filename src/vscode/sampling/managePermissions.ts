/** "MCP Tasks: Manage Sampling Permissions": the remembered choices, each revocable. */
import * as vscode from 'vscode';
import type { SamplingPermissions } from './samplingPermissions';
import { plainText } from '../inertText';

export const MANAGE_SAMPLING_COMMAND = 'mcpTasks.manageSamplingPermissions';

interface PermissionItem extends vscode.QuickPickItem {
  readonly key: string;
}

export async function manageSamplingPermissions(permissions: SamplingPermissions): Promise<void> {
  const list = permissions.list();
  if (list.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No server is allowed to use language models without asking.'));
    return;
  }
  const items: PermissionItem[] = list.map((p) => ({
    key: p.key,
    label: plainText(p.label),
    description: p.scope === 'always' ? vscode.l10n.t('always allowed') : vscode.l10n.t('allowed for this session'),
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Sampling Permissions: servers that may use language models without asking'),
    placeHolder: vscode.l10n.t('Select the servers to revoke'),
    canPickMany: true,
  });
  if (!picked || picked.length === 0) return;
  for (const item of picked) await permissions.revoke(item.key);
  void vscode.window.showInformationMessage(vscode.l10n.t('Revoked: {0}. These servers will ask again.', picked.map((p) => p.label).join(', ')));
}
