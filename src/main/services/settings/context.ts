import type { Kysely, Transaction } from 'kysely'
import type { Executor } from '../../db/executor'
import { ReferencesRepository } from '../../db/repositories/config/references'
import type { DB } from '../../db/schema'
import { inTransaction } from '../../db/transaction'
import type { AuditLog } from '../audit-log'
import type { Actor, Deps } from '../deps'

/**
 * What every configuration write shares: one unit of work, an audit line with before/after in
 * it, and a `changed` event once it has committed. The `settings` area tells the engine to reload
 * its in-memory configuration; the other areas refresh the screens showing that thing.
 */
export class ConfigContext {
  /** Existence checks of referenced rows (categories, plans, customers, lead types, partners). */
  readonly refs = new ReferencesRepository()

  constructor(
    readonly deps: Deps,
    readonly auditLog: AuditLog,
  ) {}

  /** The database, for reads outside any write. */
  get db(): Kysely<DB> {
    return this.deps.db
  }

  now(): number {
    return this.deps.clock.now()
  }

  /**
   * Runs `fn` in one transaction. A throw (a refused validation included) rolls back everything
   * it wrote and no event goes out; the event follows the commit, so a listener that reloads
   * (the engine's configuration, the intake server) reads the new rows.
   */
  async write<T>(areas: string[], fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    const result = await inTransaction(this.deps.db, fn)
    this.deps.events.emit('changed', { areas: ['settings', ...areas] })
    return result
  }

  /** The audit line of a configuration change, in the write's unit of work `db`. */
  async audit(
    db: Executor,
    actor: Actor,
    action: string,
    target: { type: string; id: number | string | null },
    summary: string,
    before: unknown,
    after: unknown,
  ): Promise<void> {
    await this.auditLog.write(db, actor, action, target, summary, {
      ...(before !== undefined && { before }),
      ...(after !== undefined && { after }),
    })
  }
}
