import { Kysely, type Transaction } from 'kysely';
import type { DatabaseSchema } from './schema/index.js';

export type Dialect = 'sqlite' | 'postgres';
export type Executor = Kysely<DatabaseSchema>;

type CommitHook = () => void | Promise<void>;

interface TxState {
  hooks: CommitHook[];
  done: boolean;
}

/**
 * The one handle on the database. Repositories take a `Database`; a transaction is a `Database`
 * too, so the same repository code runs inside or outside one. Work that must only happen once the
 * data is durable (realtime events, waking workers) goes in `onCommit`.
 */
export class Database {
  private constructor(
    private readonly kysely: Executor,
    readonly dialect: Dialect,
    private readonly tx: TxState | null,
    private readonly destroyFn: () => Promise<void>,
  ) {}

  static create(kysely: Executor, dialect: Dialect, destroy?: () => Promise<void>): Database {
    return new Database(kysely, dialect, null, destroy ?? (() => kysely.destroy()));
  }

  /** The query builder. Throws if this handle belongs to a transaction that already ended. */
  get db(): Executor {
    if (this.tx?.done) throw new Error('Query on a transaction that has already ended.');
    return this.kysely;
  }

  get isTransaction(): boolean {
    return this.tx !== null;
  }

  assertTransaction(): void {
    if (!this.tx) throw new Error('This operation must run inside a transaction.');
  }

  /** Runs `fn` in a transaction; inside one already, joins it. Commit hooks run after the outermost commit. */
  async transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
    if (this.tx) return fn(this);
    const state: TxState = { hooks: [], done: false };
    const result = await this.kysely.transaction().execute(async (trx: Transaction<DatabaseSchema>) => {
      const txDb = new Database(trx, this.dialect, state, async () => {});
      try {
        return await fn(txDb);
      } finally {
        state.done = true;
      }
    });
    for (const hook of state.hooks) {
      try {
        await hook();
      } catch {
        // A hook failing (a closed realtime socket, say) must not turn a committed write into an error.
      }
    }
    return result;
  }

  /** Inside a transaction: run after it commits (never if it rolls back). Outside: run now. */
  onCommit(hook: CommitHook): void {
    if (this.tx) this.tx.hooks.push(hook);
    else void Promise.resolve().then(hook).catch(() => {});
  }

  async close(): Promise<void> {
    await this.destroyFn();
  }
}
