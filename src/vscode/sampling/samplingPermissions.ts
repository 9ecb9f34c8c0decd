/**
 * What the person decided about a server's sampling requests: allowed for this session (kept in
 * memory) or always (kept in global state, by the server's identity). "Allow once" and "Deny" are not
 * remembered. Free of 'vscode': the store is anything Memento-shaped.
 */
import { Emitter, type Event } from '../../core/events';

export type RememberedScope = 'session' | 'always';
export type ConsentAnswer = 'once' | RememberedScope | 'deny';

export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/**
 * Grants are kept under this key as { key, label } pairs. The key names a server's identity (where
 * it is defined and its definition), so a server of the same name elsewhere (a workspace's) or a
 * changed definition asks again; grants an earlier version kept by name alone are not read.
 */
export const ALWAYS_KEY = 'mcpTasks.sampling.alwaysAllowedServers';

/** Who a grant is for: the server's identity, and its name for people to read. */
export interface SamplingGrantee {
  readonly key: string;
  readonly label: string;
}

export interface Permission extends SamplingGrantee {
  readonly scope: RememberedScope;
}

export class SamplingPermissions {
  private readonly session = new Map<string, string>();
  private readonly changed = new Emitter<void>();
  readonly onDidChange: Event<void> = this.changed.event;

  constructor(private readonly store: KeyValueStore) {}

  /** The remembered permission of a server, if any. */
  scopeOf(server: SamplingGrantee): RememberedScope | undefined {
    if (this.always().some((g) => g.key === server.key)) return 'always';
    return this.session.has(server.key) ? 'session' : undefined;
  }

  /** Records an answer; true when the request may go ahead. */
  async record(server: SamplingGrantee, answer: ConsentAnswer): Promise<boolean> {
    if (answer === 'deny') return false;
    if (answer === 'session') this.session.set(server.key, server.label);
    if (answer === 'always') {
      const always = this.always().filter((g) => g.key !== server.key);
      always.push({ key: server.key, label: server.label });
      await this.store.update(ALWAYS_KEY, always.sort(byLabel));
    }
    if (answer !== 'once') this.changed.fire();
    return true;
  }

  async revoke(key: string): Promise<void> {
    this.session.delete(key);
    const always = this.always().filter((g) => g.key !== key);
    await this.store.update(ALWAYS_KEY, always.length ? always : undefined);
    this.changed.fire();
  }

  list(): Permission[] {
    const always = this.always();
    const out: Permission[] = always.map((g) => ({ ...g, scope: 'always' }));
    const session = [...this.session].map(([key, label]) => ({ key, label })).sort(byLabel);
    for (const g of session) if (!always.some((a) => a.key === g.key)) out.push({ ...g, scope: 'session' });
    return out;
  }

  dispose(): void {
    this.changed.dispose();
  }

  private always(): SamplingGrantee[] {
    const value = this.store.get<unknown>(ALWAYS_KEY);
    if (!Array.isArray(value)) return [];
    return value.filter((g): g is SamplingGrantee => typeof g === 'object' && g !== null
      && typeof (g as SamplingGrantee).key === 'string' && typeof (g as SamplingGrantee).label === 'string');
  }
}

function byLabel(a: SamplingGrantee, b: SamplingGrantee): number {
  return a.label.localeCompare(b.label) || a.key.localeCompare(b.key);
}
