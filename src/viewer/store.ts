import type { Disposer } from './disposers';

/** A tiny external store for useSyncExternalStore: immutable snapshots, synchronous notification. */
export class Store<State> {
  private readonly listeners = new Set<() => void>();

  constructor(private state: State) {}

  readonly getState = (): State => this.state;

  readonly subscribe = (listener: () => void): Disposer => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  update(next: (state: State) => State): void {
    const updated = next(this.state);
    if (updated === this.state) return;
    this.state = updated;
    for (const listener of [...this.listeners]) listener();
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
