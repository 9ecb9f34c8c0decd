/** `${input:id}` values: asked with VS Code's input box or pick, kept in SecretStorage or state. */
import * as vscode from 'vscode';
import type { InputPrompter, KeyValueStore } from '../../core/config/inputResolver';
import type { InputDefinition } from '../../core/config/types';
import type { SecretStore } from '../../core/ports';
import { plainText } from '../inertText';

export const inputPrompter: InputPrompter = {
  async prompt(input: InputDefinition): Promise<string | undefined> {
    // The description and the choices come from a configuration file, perhaps the workspace's.
    const description = plainText(input.description);
    if (input.type === 'pickString') {
      const picked = await vscode.window.showQuickPick(
        (input.options ?? []).map((o) => ({ label: plainText(o.label), value: o.value, picked: o.value === input.default })),
        { title: description, placeHolder: description, ignoreFocusOut: true });
      return picked?.value;
    }
    return vscode.window.showInputBox({ title: description, prompt: description, value: input.default, password: input.password, ignoreFocusOut: true });
  },
};

export function secretStore(secrets: vscode.SecretStorage): SecretStore {
  return {
    get: (key) => Promise.resolve(secrets.get(key)),
    store: (key, value) => Promise.resolve(secrets.store(key, value)),
    delete: (key) => Promise.resolve(secrets.delete(key)),
  };
}

export function mementoStore(memento: vscode.Memento): KeyValueStore {
  return {
    get: async (key) => memento.get<string>(key),
    set: (key, value) => Promise.resolve(memento.update(key, value)),
    delete: (key) => Promise.resolve(memento.update(key, undefined)),
  };
}
