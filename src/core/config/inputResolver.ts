/**
 * Values for `${input:id}`: asked once through the host's prompter, then remembered — password
 * inputs in the secret store, the rest in a plain key-value store — and masked in logs.
 */
import type { SecretStore } from '../ports';
import type { Redactor } from './redactor';
import type { InputDefinition } from './types';

/** Asks the user for an input value; undefined = the user cancelled. */
export interface InputPrompter {
  prompt(input: InputDefinition): Promise<string | undefined>;
}

/** Non-secret persistent storage (VS Code: Memento; CLI: a file; tests: a Map). */
export interface KeyValueStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface InputResolverOptions {
  readonly prompter: InputPrompter;
  readonly secrets: SecretStore;
  readonly store: KeyValueStore;
  readonly redactor?: Redactor;
}

export class InputResolver {
  private readonly inFlight = new Map<string, Promise<string | undefined>>();
  /** Keys asked in this process, with their definitions. */
  private readonly known = new Map<string, InputDefinition>();

  constructor(private readonly options: InputResolverOptions) {}

  /**
   * The value of an input declared in the file `scope` (inputs are per file). Concurrent calls for
   * the same input share one prompt. Undefined when the user cancelled.
   */
  resolve(scope: string, input: InputDefinition): Promise<string | undefined> {
    const key = storageKey(scope, input.id);
    this.known.set(key, input);
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.lookupOrAsk(key, input).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  /**
   * Forgets stored values: every one ever stored (the stores cannot be listed, so an index of
   * keys is kept beside them), or those of the given ids in `scope`.
   */
  async clear(scope?: string, ids?: readonly string[]): Promise<void> {
    const index = await this.readIndex();
    const keys = scope && ids ? ids.map((id) => storageKey(scope, id)) : [...new Set([...index, ...this.known.keys()])];
    for (const key of keys) {
      const input = this.known.get(key);
      if (!input || input.password) await this.options.secrets.delete(key);
      if (!input || !input.password) await this.options.store.delete(key);
      this.known.delete(key);
    }
    const left = index.filter((key) => !keys.includes(key));
    if (left.length > 0) await this.options.store.set(INDEX_KEY, JSON.stringify(left));
    else await this.options.store.delete(INDEX_KEY);
  }

  private async readIndex(): Promise<string[]> {
    try {
      const parsed: unknown = JSON.parse((await this.options.store.get(INDEX_KEY)) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === 'string') : [];
    } catch {
      return []; // a damaged index only means clear() finds fewer keys
    }
  }

  private async remember(key: string): Promise<void> {
    const index = await this.readIndex();
    if (!index.includes(key)) await this.options.store.set(INDEX_KEY, JSON.stringify([...index, key]));
  }

  private async lookupOrAsk(key: string, input: InputDefinition): Promise<string | undefined> {
    const store = input.password ? this.options.secrets : undefined;
    const stored = store ? await store.get(key) : await this.options.store.get(key);
    if (stored !== undefined) {
      if (input.password) this.options.redactor?.add(stored);
      return stored;
    }
    const value = await this.options.prompter.prompt(input);
    if (value === undefined) return undefined;
    if (input.password) {
      this.options.redactor?.add(value);
      await this.options.secrets.store(key, value);
    } else {
      await this.options.store.set(key, value);
    }
    await this.remember(key);
    return value;
  }
}

/** Where the list of stored keys lives in the plain store (values themselves never go there for passwords). */
const INDEX_KEY = 'mcp.input-index';

export function storageKey(scope: string, id: string): string {
  return `mcp.input:${scope}:${id}`;
}
