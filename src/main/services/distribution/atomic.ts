import type { Transaction } from 'kysely'
import type { Executor } from '../../db/executor'
import type { DB } from '../../db/schema'
import { inTransaction } from '../../db/transaction'

/**
 * How the engine makes a group of writes all-or-nothing. Normally a savepoint inside the caller's
 * transaction (or a transaction when `db` is the database). While a group of new leads is written
 * optimistically in one transaction, savepoints are skipped — they cost more than the writes they
 * guard — and any failure aborts the whole group, which is then written again lead by lead with
 * savepoints, where a failure only marks its own lead as Distribution Error.
 */
export class Atomic {
  /** Transactions writing an optimistic group (per transaction, so another caller is never affected). */
  private readonly optimistic = new WeakSet<Executor>()

  /** Runs `fn` with `trx` as an optimistic group: no savepoints inside it. */
  async group<T>(trx: Transaction<DB>, fn: () => Promise<T>): Promise<T> {
    this.optimistic.add(trx)
    try {
      return await fn()
    } finally {
      this.optimistic.delete(trx)
    }
  }

  isOptimistic(db: Executor): boolean {
    return this.optimistic.has(db)
  }

  run<T>(db: Executor, fn: (db: Executor) => Promise<T>): Promise<T> {
    return this.optimistic.has(db) ? fn(db) : inTransaction(db, fn)
  }
}
