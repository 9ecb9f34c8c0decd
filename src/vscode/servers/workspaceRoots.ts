/** The workspace folders as MCP roots, with a change event for `roots/list_changed`. */
import * as vscode from 'vscode';
import type { RootsProvider } from '../../core/servers/types';
import { Emitter } from '../../core/events';

export function workspaceRoots(): RootsProvider & vscode.Disposable {
  const changed = new Emitter<void>();
  const subscription = vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire());
  return {
    roots: () => (vscode.workspace.workspaceFolders ?? []).map((f) => ({ uri: f.uri.toString(), name: f.name })),
    onDidChangeRoots: changed.event,
    dispose: () => { subscription.dispose(); changed.dispose(); },
  };
}
