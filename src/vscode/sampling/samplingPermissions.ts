/**
 * What the person decided about a server's sampling requests: allowed for this session (kept in
 * memory) or always (kept in global state, by server name). "Allow once" and "Deny" are not
 * remembered. Free of 'vscode': the store is anything Memento-shaped.
 */
import { Emitter, type Event } from '../../core/events';

export type RememberedScope = 'session' | 'always';
export type ConsentAnswer = 'once' | RememberedScope | 'deny';

export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export const ALWAYS_KEY = 'mcpTasks.sampling.alwaysAllowed';

export interface Permission {
  readonly server: string;
  readonly scope: RememberedScope;
}

export class SamplingPermissions {
  private readonly session = new Set<string>();
  private readonly changed = new Emitter<void>();
  readonly onDidChange: Event<void> = this.changed.event;

  constructor(private readonly store: KeyValueStore) {}

  /** The remembered permission of a server, if any. */
  scopeOf(server: string): RememberedScope | undefined {
    if (this.always().includes(server)) return 'always';
    return this.session.has(server) ? 'session' : undefined;
  }

  /** Records an answer; true when the request may go ahead. */
  async record(server: string, answer: ConsentAnswer): Promise<boolean> {
    if (answer === 'deny') return false;
    if (answer === 'session') this.session.add(server);
    if (answer === 'always') {
      const always = new Set(this.always());
      always.add(server);
      await this.store.update(ALWAYS_KEY, [...always].sort());
    }
    if (answer !== 'once') this.changed.fire();
    return true;
  }

  async revoke(server: string): Promise<void> {
    this.session.delete(server);
    const always = this.always().filter((s) => s !== server);
    await this.store.update(ALWAYS_KEY, always.length ? always : undefined);
    this.changed.fire();
  }

  list(): Permission[] {
    const always = this.always();
    const out: Permission[] = always.map((server) => ({ server, scope: 'always' }));
    for (const server of [...this.session].sort()) if (!always.includes(server)) out.push({ server, scope: 'session' });
    return out;
  }

  dispose(): void {
    this.changed.dispose();
  }

  private always(): string[] {
    const value = this.store.get<unknown>(ALWAYS_KEY);
    return Array.isArray(value) ? value.filter((s): s is string => typeof s === 'string') : [];
  }
}
