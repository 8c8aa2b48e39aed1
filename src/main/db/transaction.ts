import { type DeleteResult, type InsertResult, type Kysely, sql, type Transaction, type UpdateResult } from 'kysely'
import type { Executor } from './executor'
import type { DB } from './schema'

/**
 * Savepoints open per transaction. A savepoint is named after its depth, so the same few names
 * (and so the same few statements the SQLite dialect keeps by their text) serve every unit of work:
 * a sibling reuses a released name, a nested one takes the next.
 */
const depths = new WeakMap<Transaction<DB>, number>()

/**
 * Runs `fn` as one unit of work. On the database itself this opens a transaction; on a
 * transaction a caller already holds it is a savepoint inside it, so a failure in `fn` rolls back
 * only `fn`'s writes and the caller decides what to do next (as better-sqlite3's nested
 * transactions did). The same statements on SQLite and PostgreSQL.
 */
export async function inTransaction<T>(db: Executor, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  if (!db.isTransaction) return retried(() => (db as Kysely<DB>).transaction().execute(fn))
  const trx = db as Transaction<DB>
  const depth = (depths.get(trx) ?? 0) + 1
  depths.set(trx, depth)
  const name = sql.raw(`leadline_sp_${depth}`)
  try {
    await sql`SAVEPOINT ${name}`.execute(trx)
    try {
      const result = await fn(trx)
      await sql`RELEASE SAVEPOINT ${name}`.execute(trx)
      return result
    } catch (error) {
      await sql`ROLLBACK TO SAVEPOINT ${name}`.execute(trx)
      await sql`RELEASE SAVEPOINT ${name}`.execute(trx)
      throw error
    }
  } finally {
    depths.set(trx, depth - 1)
  }
}

/** PostgreSQL's answers that end a transaction only because of another one: deadlock, serialization. */
const RETRYABLE = new Set(['40P01', '40001'])
const ATTEMPTS = 4

/**
 * A transaction PostgreSQL chose as a deadlock's victim (two servers' units of work locking the
 * same counter rows in opposite orders) rolled back whole: it is run again, a few times, after a
 * short random pause so the two do not meet again. Savepoints are not retried: the unit that owns
 * the transaction decides.
 */
async function retried<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run()
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code
      if (attempt >= ATTEMPTS || typeof code !== 'string' || !RETRYABLE.has(code)) throw error
      await new Promise((resolve) => setTimeout(resolve, attempt * 10 + Math.random() * 20))
    }
  }
}

/** Rows an UPDATE or DELETE changed (Kysely gives bigints), for guards: 0 = the guard refused. */
export function affected(result: UpdateResult | DeleteResult | InsertResult): number {
  if ('numUpdatedRows' in result) return Number(result.numUpdatedRows)
  if ('numDeletedRows' in result) return Number(result.numDeletedRows)
  return Number(result.numInsertedOrUpdatedRows ?? 0)
}
