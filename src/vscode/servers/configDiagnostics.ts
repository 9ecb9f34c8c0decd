/** Configuration problems in the Problems panel, at the file, line and column they belong to. */
import * as vscode from 'vscode';
import type { ConfigProblem } from '../../core/config/types';

export class ConfigDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('mcp-tasks');

  show(problems: readonly ConfigProblem[]): void {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const p of problems) {
      const at = new vscode.Position(Math.max(0, p.line - 1), Math.max(0, p.column - 1));
      const where = [p.server && `server "${p.server}"`, p.field && `field "${p.field}"`].filter(Boolean).join(', ');
      const diagnostic = new vscode.Diagnostic(new vscode.Range(at, at.translate(0, 1)), where ? `${where}: ${p.message}` : p.message,
        p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      diagnostic.source = 'MCP Tasks';
      byFile.set(p.file, [...(byFile.get(p.file) ?? []), diagnostic]);
    }
    this.collection.clear();
    for (const [file, diagnostics] of byFile) this.collection.set(vscode.Uri.file(file), diagnostics);
  }

  dispose(): void {
    this.collection.dispose();
  }
}
