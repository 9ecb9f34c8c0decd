/** What a task command acts on, and how a failing command tells the person. */
import * as vscode from 'vscode';
import type { TaskRecord } from '../../core/model/taskRecord';
import { keyOfResultUri } from './resultDocuments';
import { plainText } from '../inertText';
import type { TaskUiParts } from './taskUiParts';

/** What a command receives: a tree node, a task key, or a result document URI. */
export type TaskTarget = { key?: string } | string | vscode.Uri | undefined;

/**
 * The record a command is about: the one it was given, else the result document in the editor,
 * else the selected row. `require` says so when there is none.
 */
export class CommandTargets {
  constructor(private readonly parts: TaskUiParts) {}

  recordOf(target: TaskTarget): TaskRecord | undefined {
    let key: string | undefined;
    if (typeof target === 'string') key = target;
    else if (target instanceof vscode.Uri) key = keyOfResultUri(target);
    else if (target && typeof target.key === 'string') key = target.key;
    else {
      const active = vscode.window.activeTextEditor?.document.uri;
      key = active ? keyOfResultUri(active) : undefined;
      key ??= (this.parts.tree.view.selection[0] as { key?: string } | undefined)?.key;
    }
    return key ? this.parts.feed.get(key) : undefined;
  }

  require(target: TaskTarget): TaskRecord | undefined {
    const record = this.recordOf(target);
    if (!record) void vscode.window.showWarningMessage(vscode.l10n.t('Choose a task in the Tasks view first.'));
    return record;
  }
}

/** Registers a command whose failure is logged and shown, never thrown into the workbench. */
export type CommandGuard = <A extends unknown[]>(name: string, fn: (...args: A) => unknown) => vscode.Disposable;

export function commandGuard(log: { error(message: string): void }): CommandGuard {
  return (name, fn) => vscode.commands.registerCommand(name, async (...args: Parameters<typeof fn>) => {
    try {
      await fn(...args);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log.error(`${name} failed: ${message}`);
      // The error may carry a server's words.
      void vscode.window.showErrorMessage(plainText(message));
    }
  });
}
