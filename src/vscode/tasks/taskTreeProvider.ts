/**
 * Maps the task feed to tree items: server → state → task. Refreshes only what changed: the items
 * of changed tasks when the grouping stayed the same, the affected groups when it did not.
 */
import * as vscode from 'vscode';
import { isTerminalStatus, type TaskRecord } from '../../core/model/taskRecord';
import { arrangeTasks, diffArrangements, type TaskArrangement } from './model/taskGrouping';
import { compileFilter, type TaskFilter } from './model/taskFilter';
import type { ServerCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { contextValueOf } from './model/contextValue';
import { GROUP_LABELS, type TaskGroupState } from './model/taskState';
import { describeTask, descriptionTicks, statusIcon, taskTooltip } from './model/taskText';
import type { TaskFeed } from './model/taskFeed';
import { untrustedMarkdown } from '../untrustedMarkdown';

export type TaskNode =
  | { readonly kind: 'server'; readonly id: string; readonly serverId: string }
  | { readonly kind: 'state'; readonly id: string; readonly serverId: string; readonly state: TaskGroupState }
  | { readonly kind: 'task'; readonly id: string; readonly key: string };

export class TaskTreeProvider implements vscode.TreeDataProvider<TaskNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TaskNode | TaskNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private arrangement: TaskArrangement = [];
  private readonly nodes = new Map<string, TaskNode>();
  /** Where each visible task sits, for getParent and for deciding what to refresh. */
  private readonly placeOf = new Map<string, { serverId: string; state: TaskGroupState }>();
  private filter: TaskFilter = {};
  private matches = compileFilter({});
  private readonly now: () => number;
  /** Timing of the last rebuild, for the view's performance checks. */
  lastRefreshMs = 0;

  constructor(
    private readonly feed: TaskFeed,
    now: () => number = Date.now,
    /** The capabilities of a running server (which actions its tasks offer). */
    private readonly capabilitiesOf: (serverId: string) => ServerCapabilities | undefined = () => undefined,
  ) {
    this.now = now;
    this.rebuild();
  }

  setFilter(filter: TaskFilter): void {
    this.filter = filter;
    this.matches = compileFilter(filter);
    this.rebuild();
    this.changed.fire(undefined);
  }

  get currentFilter(): TaskFilter {
    return this.filter;
  }

  /** Total tasks shown (after the filter). */
  get visibleCount(): number {
    return this.placeOf.size;
  }

  /** Applies a batch of changed task keys. */
  update(keys: ReadonlySet<string>): void {
    const before = this.arrangement;
    const beforePlace = new Map(this.placeOf);
    this.rebuild();
    const diff = diffArrangements(before, this.arrangement);
    if (diff.kind === 'all') {
      this.changed.fire(undefined);
      return;
    }
    const fire: TaskNode[] = [];
    const refreshedServers = new Set(diff.servers);
    const refreshedGroups = new Set(diff.stateGroups.map((g) => `${g.serverId}\u0000${g.state}`));
    for (const serverId of diff.servers) fire.push(this.serverNode(serverId));
    for (const g of diff.stateGroups) if (!refreshedServers.has(g.serverId)) fire.push(this.stateNode(g.serverId, g.state));
    for (const key of keys) {
      const place = this.placeOf.get(key);
      const old = beforePlace.get(key);
      if (!place || !old) continue;
      if (refreshedServers.has(place.serverId) || refreshedGroups.has(`${place.serverId}\u0000${place.state}`)) continue;
      fire.push(this.taskNode(key));
    }
    if (fire.length > 0) this.changed.fire(fire);
  }

  getTreeItem(node: TaskNode): vscode.TreeItem {
    switch (node.kind) {
      case 'server': {
        const server = this.arrangement.find((s) => s.serverId === node.serverId);
        const item = new vscode.TreeItem(server?.label ?? node.serverId, vscode.TreeItemCollapsibleState.Expanded);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon('server');
        item.contextValue = 'taskServer';
        return item;
      }
      case 'state': {
        const group = this.arrangement.find((s) => s.serverId === node.serverId)?.states.find((g) => g.state === node.state);
        const item = new vscode.TreeItem(GROUP_LABELS[node.state], vscode.TreeItemCollapsibleState.Expanded);
        item.id = node.id;
        item.description = String(group?.keys.length ?? 0);
        item.contextValue = `taskGroup ${node.state}`;
        return item;
      }
      case 'task':
        return this.taskItem(node);
    }
  }

  getChildren(node?: TaskNode): TaskNode[] {
    if (!node) return this.arrangement.map((s) => this.serverNode(s.serverId));
    if (node.kind === 'server') {
      return this.arrangement.find((s) => s.serverId === node.serverId)?.states.map((g) => this.stateNode(node.serverId, g.state)) ?? [];
    }
    if (node.kind === 'state') {
      const group = this.arrangement.find((s) => s.serverId === node.serverId)?.states.find((g) => g.state === node.state);
      return group?.keys.map((key) => this.taskNode(key)) ?? [];
    }
    return [];
  }

  getParent(node: TaskNode): TaskNode | undefined {
    if (node.kind === 'task') {
      const place = this.placeOf.get(node.key);
      return place ? this.stateNode(place.serverId, place.state) : undefined;
    }
    if (node.kind === 'state') return this.serverNode(node.serverId);
    return undefined;
  }

  /** The node of a task, if it is shown (for reveal). */
  nodeOf(key: string): TaskNode | undefined {
    return this.placeOf.has(key) ? this.taskNode(key) : undefined;
  }

  /**
   * Keys of shown running tasks whose row shows the elapsed time. The others are left alone: a row
   * that is refreshed closes its tooltip, so rows are refreshed only when what they say changes.
   */
  tickingKeys(): string[] {
    const out: string[] = [];
    for (const server of this.arrangement) {
      for (const group of server.states) {
        if (group.state === 'finished') continue;
        for (const key of group.keys) {
          const record = this.feed.get(key);
          if (record && descriptionTicks(record, this.feed.hasQuestion(record))) out.push(key);
        }
      }
    }
    return out;
  }

  /** A running task's tooltip is written when it is shown, so its elapsed time is that of the moment. */
  resolveTreeItem(item: vscode.TreeItem, node: TaskNode): vscode.TreeItem {
    const record = node.kind === 'task' ? this.feed.get(node.key) : undefined;
    if (record && item.tooltip === undefined) item.tooltip = untrustedMarkdown(taskTooltip(record, this.now(), this.feed.hasQuestion(record)));
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }

  private taskItem(node: { id: string; key: string }): vscode.TreeItem {
    const record = this.feed.get(node.key);
    if (!record) {
      const gone = new vscode.TreeItem('(removed)');
      gone.id = node.id;
      return gone;
    }
    const asks = this.feed.hasQuestion(record);
    const now = this.now();
    const item = new vscode.TreeItem(record.tool || record.taskId, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = describeTask(record, now, asks);
    const icon = statusIcon(record, asks);
    item.iconPath = new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
    if (isTerminalStatus(record.status)) item.tooltip = untrustedMarkdown(taskTooltip(record, now, asks));
    item.contextValue = contextValueOf(record, asks, this.capabilitiesOf(record.serverId));
    item.accessibilityInformation = { label: `${record.tool} on ${record.serverLabel}: ${item.description}` };
    if (asks) item.command = { command: 'mcpTasks.answerTask', title: 'Answer', arguments: [node] };
    else if (isTerminalStatus(record.status)) item.command = { command: 'mcpTasks.openResult', title: 'Open Result', arguments: [node] };
    return item;
  }

  private rebuild(): void {
    const started = performance.now();
    const shown: TaskRecord[] = [];
    for (const record of this.feed.records()) if (this.matches(record, this.feed.hasQuestion(record))) shown.push(record);
    this.arrangement = arrangeTasks(shown, (r) => this.feed.hasQuestion(r));
    this.placeOf.clear();
    for (const server of this.arrangement) {
      for (const group of server.states) for (const key of group.keys) this.placeOf.set(key, { serverId: server.serverId, state: group.state });
    }
    this.lastRefreshMs = performance.now() - started;
  }

  private serverNode(serverId: string): TaskNode {
    return this.node(`server:${serverId}`, () => ({ kind: 'server', id: `server:${serverId}`, serverId }));
  }

  private stateNode(serverId: string, state: TaskGroupState): TaskNode {
    const id = `state:${serverId}\u0000${state}`;
    return this.node(id, () => ({ kind: 'state', id, serverId, state }));
  }

  private taskNode(key: string): TaskNode {
    return this.node(`task:${key}`, () => ({ kind: 'task', id: `task:${key}`, key }));
  }

  private node(id: string, make: () => TaskNode): TaskNode {
    let node = this.nodes.get(id);
    if (!node) {
      node = make();
      this.nodes.set(id, node);
    }
    return node;
  }
}
