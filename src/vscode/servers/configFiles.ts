/**
 * The configuration files: `.vscode/mcp.json` of every workspace folder and the user-level file.
 * Reads them and tells when any of them changes (debounced, so a save is one change).
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConfigFile } from '../../core/servers/serverRegistry';

const DEBOUNCE_MS = 150;
/**
 * A file watcher becomes live a moment after it is created, with no event to say so; a file
 * written in between is never reported. Reading again at these delays after each (re)watch
 * catches it (only a read that differs from the last one counts as a change).
 */
const CATCH_UP_READS_MS = [1_000, 4_000];

/** Context key: `none` when no mcp.json exists (workspace or user), `found` otherwise; unset before the first read. */
export const CONFIG_FILE_CONTEXT = 'mcpTasks.configFile';
export type ConfigFileState = 'none' | 'found';

export class ConfigFiles implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private watchers: vscode.Disposable[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private catchUps: NodeJS.Timeout[] = [];
  private lastRead: string | undefined;
  private disposed = false;

  constructor(private readonly userFile: () => string) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeWorkspaceFolders(() => { this.watch(); this.fire(); }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('mcpTasks.userConfigPath')) { this.watch(); this.fire(); }
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.fire()),
    );
    this.watch();
  }

  /**
   * Every configuration file, with its text (undefined when it does not exist). Also tells the
   * workbench whether any exists (CONFIG_FILE_CONTEXT), for the Servers view's welcome and the
   * walkthrough: every change of the files comes through here.
   */
  async read(): Promise<ConfigFile[]> {
    const files = await this.readFiles();
    this.lastRead = JSON.stringify(files);
    const state: ConfigFileState = files.some((f) => f.text !== undefined) ? 'found' : 'none';
    void vscode.commands.executeCommand('setContext', CONFIG_FILE_CONTEXT, state);
    return files;
  }

  private async readFiles(): Promise<ConfigFile[]> {
    const sources = [
      ...(vscode.workspace.workspaceFolders ?? []).map((folder) => ({
        file: path.join(folder.uri.fsPath, '.vscode', 'mcp.json'), kind: 'workspace' as const, workspaceFolder: folder.uri.fsPath,
      })),
      { file: this.userFile(), kind: 'user' as const },
    ];
    return Promise.all(sources.map(async (source) => ({ source, text: await fs.readFile(source.file, 'utf8').catch(() => undefined) })));
  }

  private watch(): void {
    for (const w of this.watchers) w.dispose();
    const patterns = [
      ...(vscode.workspace.workspaceFolders ?? []).map((f) => new vscode.RelativePattern(f, '.vscode/mcp.json')),
      new vscode.RelativePattern(vscode.Uri.file(path.dirname(this.userFile())), path.basename(this.userFile())),
    ];
    this.watchers = patterns.map((pattern) => {
      const watcher = vscode.workspace.createFileSystemWatcher(pattern);
      watcher.onDidCreate(() => this.fire());
      watcher.onDidChange(() => this.fire());
      watcher.onDidDelete(() => this.fire());
      return watcher;
    });
    for (const t of this.catchUps) clearTimeout(t);
    this.catchUps = CATCH_UP_READS_MS.map((ms) => setTimeout(() => void this.catchUp(), ms));
  }

  private async catchUp(): Promise<void> {
    if (this.lastRead === undefined) return;
    if (JSON.stringify(await this.readFiles()) !== this.lastRead) this.fire();
  }

  private fire(): void {
    if (this.disposed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.changed.fire(), DEBOUNCE_MS);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    for (const t of this.catchUps) clearTimeout(t);
    for (const d of [...this.watchers, ...this.subscriptions, this.changed]) d.dispose();
  }
}
