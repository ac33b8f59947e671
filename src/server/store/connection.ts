import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Runs one piece of synchronous better-sqlite3 work on the connection and hands back its result
 * as a promise: how every SQLite sub-store method reaches the database.
 */
export type Exec = <T>(work: () => T) => Promise<T>;

/** Runs the work at once: for a connection nobody else uses (the read-only audit check, a transaction's own work). */
export const runNow: Exec = async (work) => work();

/**
 * Why SQLite transactions are serialised here: the gateway holds one connection, and SQLite's
 * transaction belongs to the connection, not to a request. Once a transaction's work awaits,
 * any other request's statement on that connection would run inside it (committed or rolled
 * back with it, and seeing its uncommitted rows). So while a transaction is open, nothing else
 * runs on the connection: other calls wait until it ends. Calls made when no transaction is open
 * run synchronously at the moment of the call, as before the store became async, so ordering
 * that relied on that (a login reservation taken before the first await) still holds.
 *
 * Work inside a transaction must therefore only use the transaction's store and stay short: a
 * slow await (a password hash, a backend request) holds up every other request meanwhile.
 * Calling the outer store from inside a transaction would wait for itself forever, so it throws.
 */
export class ConnectionLock {
  /** Settles when the open transaction ends; undefined when none is open. */
  private held: Promise<void> | undefined;
  private readonly insideTransaction = new AsyncLocalStorage<true>();

  readonly run: Exec = async (work) => {
    if (this.heldHere()) {
      throw new Error('A transaction used the outer store instead of its own: that would wait for itself');
    }
    while (this.held !== undefined) await this.held;
    return work();
  };

  /** Runs `work` with the connection to itself, from its start until the promise it returns settles. */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.heldHere()) {
      throw new Error('Transactions do not nest: use the store the open transaction was given');
    }
    while (this.held !== undefined) await this.held;
    let release!: () => void;
    this.held = new Promise((resolve) => (release = resolve));
    try {
      return await this.insideTransaction.run(true, work);
    } finally {
      this.held = undefined;
      release();
    }
  }

  /** True in the code of the open transaction (its own calls, and what they call). */
  heldHere(): boolean {
    return this.held !== undefined && this.insideTransaction.getStore() === true;
  }

  /** Settles once no transaction is open (before closing the connection). */
  async idle(): Promise<void> {
    while (this.held !== undefined) await this.held;
  }
}
