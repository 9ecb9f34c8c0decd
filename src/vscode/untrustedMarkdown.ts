/**
 * The one way a MarkdownString holding text a server or a workspace file chose is made: no command
 * links, no HTML, no `$(icon)` rendering, whatever the text says. The text itself is escaped by
 * its writer (inertText.ts); these flags are the second line of defence.
 */
import * as vscode from 'vscode';

export function untrustedMarkdown(value = ''): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString(value, false);
  markdown.isTrusted = false;
  markdown.supportHtml = false;
  markdown.supportThemeIcons = false;
  return markdown;
}
