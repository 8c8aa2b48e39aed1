import type { Store } from '../../db/store'

/**
 * How the engine makes a group of writes all-or-nothing. Normally a savepoint (or a transaction
 * when none is open). While a group of new leads is written optimistically, savepoints are
 * skipped — they cost more than the writes they guard — and any failure aborts the whole group,
 * which is then written again lead by lead with savepoints, where a failure only marks its own
 * lead as Distribution Error.
 */
export class Atomic {
  optimistic = false

  constructor(private readonly store: Store) {}

  run<T>(fn: () => T): T {
    return this.optimistic ? fn() : this.store.transaction(fn)
  }
}
