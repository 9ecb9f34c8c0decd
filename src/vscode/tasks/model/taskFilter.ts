/** Which tasks the view shows: by state, by server, by text in tool name, id, arguments or message. */
import type { TaskRecord } from '../../../core/model/taskRecord';
import { GROUP_LABELS, GROUP_STATES, groupStateOf, type TaskGroupState } from './taskState';

export interface TaskFilter {
  /** Empty or absent: every state. */
  readonly states?: readonly TaskGroupState[];
  /** Empty or absent: every server. */
  readonly serverIds?: readonly string[];
  /** Case-insensitive substring. */
  readonly text?: string;
}

export function isFilterActive(filter: TaskFilter): boolean {
  return Boolean(filter.states?.length || filter.serverIds?.length || filter.text?.trim());
}

/** A compiled filter: `matches` runs for every record on every refresh, so prepare once. */
export function compileFilter(filter: TaskFilter): (record: TaskRecord, hasQuestion: boolean) => boolean {
  const states = filter.states?.length ? new Set(filter.states) : undefined;
  const servers = filter.serverIds?.length ? new Set(filter.serverIds) : undefined;
  const needle = filter.text?.trim().toLowerCase() || undefined;
  return (record, hasQuestion) => {
    if (states && !states.has(groupStateOf(record, hasQuestion))) return false;
    if (servers && !servers.has(record.serverId)) return false;
    if (needle && !searchableText(record).includes(needle)) return false;
    return true;
  };
}

function searchableText(record: TaskRecord): string {
  const parts = [record.tool, record.taskId, record.serverLabel, record.statusMessage ?? '', record.error?.message ?? ''];
  if (record.args) {
    try { parts.push(JSON.stringify(record.args)); } catch { /* unserialisable arguments are not searchable */ }
  }
  return parts.join('\n').toLowerCase();
}

/** "Running, Needs input · demo · “report”" for the view's description. */
export function describeFilter(filter: TaskFilter, serverLabel: (serverId: string) => string): string {
  const parts: string[] = [];
  if (filter.states?.length) parts.push(GROUP_STATES.filter((s) => filter.states!.includes(s)).map((s) => GROUP_LABELS[s]).join(', '));
  if (filter.serverIds?.length) parts.push(filter.serverIds.map(serverLabel).join(', '));
  const text = filter.text?.trim();
  if (text) parts.push(`“${text}”`);
  return parts.join(' · ');
}
