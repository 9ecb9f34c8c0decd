/**
 * Arranges records into server → state → task, newest first, and tells which parts of the tree
 * changed between two arrangements so the view can refresh only those.
 */
import type { TaskRecord } from '../../../core/model/taskRecord';
import { GROUP_STATES, groupStateOf, type TaskGroupState } from './taskState';

export interface StateGroup {
  readonly serverId: string;
  readonly state: TaskGroupState;
  /** Task keys, newest first. */
  readonly keys: readonly string[];
}

export interface ServerGroup {
  readonly serverId: string;
  readonly label: string;
  readonly states: readonly StateGroup[];
}

export type TaskArrangement = readonly ServerGroup[];

export function arrangeTasks(records: Iterable<TaskRecord>, hasQuestion: (record: TaskRecord) => boolean): TaskArrangement {
  const byServer = new Map<string, { label: string; byState: Map<TaskGroupState, TaskRecord[]> }>();
  for (const record of records) {
    let server = byServer.get(record.serverId);
    if (!server) {
      server = { label: record.serverLabel || record.serverId, byState: new Map() };
      byServer.set(record.serverId, server);
    }
    const state = groupStateOf(record, hasQuestion(record));
    const list = server.byState.get(state);
    if (list) list.push(record);
    else server.byState.set(state, [record]);
  }
  const servers: ServerGroup[] = [];
  for (const [serverId, server] of byServer) {
    const states: StateGroup[] = [];
    for (const state of GROUP_STATES) {
      const list = server.byState.get(state);
      if (!list) continue;
      list.sort(newestFirst);
      states.push({ serverId, state, keys: list.map((r) => r.key) });
    }
    servers.push({ serverId, label: server.label, states });
  }
  servers.sort((a, b) => a.label.localeCompare(b.label) || a.serverId.localeCompare(b.serverId));
  return servers;
}

export function newestFirst(a: TaskRecord, b: TaskRecord): number {
  return b.createdAt - a.createdAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** What must be refreshed to go from `before` to `after`. */
export type ArrangementChange =
  | { kind: 'all' }
  /** Servers whose set of state groups changed, and state groups whose task list changed. */
  | { kind: 'partial'; servers: string[]; stateGroups: { serverId: string; state: TaskGroupState }[] };

export function diffArrangements(before: TaskArrangement, after: TaskArrangement): ArrangementChange {
  if (before.length !== after.length) return { kind: 'all' };
  const servers: string[] = [];
  const stateGroups: { serverId: string; state: TaskGroupState }[] = [];
  for (let i = 0; i < before.length; i++) {
    const a = before[i];
    const b = after[i];
    if (a.serverId !== b.serverId || a.label !== b.label) return { kind: 'all' };
    if (a.states.length !== b.states.length || a.states.some((s, j) => s.state !== b.states[j].state)) {
      servers.push(a.serverId);
      continue;
    }
    for (let j = 0; j < a.states.length; j++) {
      if (!sameKeys(a.states[j].keys, b.states[j].keys)) stateGroups.push({ serverId: a.serverId, state: a.states[j].state });
    }
  }
  return { kind: 'partial', servers, stateGroups };
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
