/**
 * Tells the walkthrough that something happened, through a context key. VS Code ticks a step off
 * when a key changes to a value one of its `onContext` events matches, and never for a value that
 * already matched when it read the walkthrough (which it may do late, e.g. when first opened). So
 * every signal flips the key between two values, and the step completes on either:
 * `onContext:KEY == 1` and `onContext:KEY == 2`.
 */
import * as vscode from 'vscode';

export function walkthroughSignal(key: string): () => void {
  let value = 2;
  return () => {
    value = value === 1 ? 2 : 1;
    void vscode.commands.executeCommand('setContext', key, value);
  };
}
