/** Minimal event plumbing for the core (the core must not depend on 'vscode'). */

export interface Disposable {
  dispose(): void;
}

/** Subscribe to an event; dispose the result to unsubscribe. */
export type Event<T> = (listener: (value: T) => void) => Disposable;

export class Emitter<T> implements Disposable {
  private listeners = new Set<(value: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (err) {
        // A faulty listener must not stop the others nor the code that fired the event.
        console.error('event listener failed:', err);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}

/** Disposes a group of resources as a unit, newest first. */
export class DisposableStore implements Disposable {
  private items: Disposable[] = [];
  private disposed = false;

  add<T extends Disposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.push(item);
    return item;
  }

  dispose(): void {
    this.disposed = true;
    for (const item of this.items.splice(0).reverse()) {
      try { item.dispose(); } catch { /* keep disposing the rest */ }
    }
  }
}

export function toDisposable(fn: () => void): Disposable {
  return { dispose: fn };
}
