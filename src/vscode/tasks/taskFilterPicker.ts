/** The filter picker: states and servers in one multi-select list; text typed in a second step. */
import * as vscode from 'vscode';
import type { ServerLookup } from '../../core/servers/types';
import type { TaskRecord } from '../../core/model/taskRecord';
import type { TaskFilter } from './model/taskFilter';
import { GROUP_LABELS, GROUP_STATES, type TaskGroupState } from './model/taskState';
import { plainText } from '../inertText';

interface FilterItem extends vscode.QuickPickItem {
  readonly state?: TaskGroupState;
  readonly serverId?: string;
}

export async function pickTaskFilter(current: TaskFilter, servers: ServerLookup, records: readonly TaskRecord[]): Promise<TaskFilter | undefined> {
  const serverLabels = new Map<string, string>();
  for (const s of servers.all()) serverLabels.set(s.id, s.label);
  for (const r of records) if (!serverLabels.has(r.serverId)) serverLabels.set(r.serverId, r.serverLabel);
  const items: FilterItem[] = [
    { label: vscode.l10n.t('State'), kind: vscode.QuickPickItemKind.Separator },
    ...GROUP_STATES.map((state) => ({ label: GROUP_LABELS[state], state })),
    { label: vscode.l10n.t('Server'), kind: vscode.QuickPickItemKind.Separator },
    ...[...serverLabels].map(([serverId, label]) => ({ label: plainText(label), description: serverId === label ? undefined : plainText(serverId), serverId })),
  ];
  const picked = await new Promise<readonly FilterItem[] | undefined>((resolve) => {
    const qp = vscode.window.createQuickPick<FilterItem>();
    qp.title = vscode.l10n.t('Filter Tasks (1/2): states and servers');
    qp.placeholder = vscode.l10n.t('Tick what to show; nothing ticked shows everything');
    qp.canSelectMany = true;
    qp.items = items;
    qp.selectedItems = items.filter((it) => (it.state && current.states?.includes(it.state)) || (it.serverId && current.serverIds?.includes(it.serverId)));
    let accepted = false;
    qp.onDidAccept(() => { accepted = true; resolve(qp.selectedItems); qp.hide(); });
    qp.onDidHide(() => { qp.dispose(); if (!accepted) resolve(undefined); });
    qp.show();
  });
  if (!picked) return undefined;
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Filter Tasks (2/2): text'),
    prompt: vscode.l10n.t('Show tasks whose tool, id, arguments or message contain this text (empty: any)'),
    value: current.text ?? '',
  });
  if (text === undefined) return undefined;
  return {
    states: picked.filter((p) => p.state).map((p) => p.state!),
    serverIds: picked.filter((p) => p.serverId).map((p) => p.serverId!),
    ...(text.trim() ? { text: text.trim() } : {}),
  };
}
