import { type DeleteResult, type InsertResult, type Kysely, sql, type Transaction, type UpdateResult } from 'kysely'
import type { Executor } from './executor'
import type { DB } from './schema'

let savepoints = 0

/**
 * Runs `fn` as one unit of work. On the database itself this opens a transaction; on a
 * transaction a caller already holds it is a savepoint inside it, so a failure in `fn` rolls back
 * only `fn`'s writes and the caller decides what to do next (as better-sqlite3's nested
 * transactions did). The same statements on SQLite and PostgreSQL.
 */
export async function inTransaction<T>(db: Executor, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  if (!db.isTransaction) return (db as Kysely<DB>).transaction().execute(fn)
  const trx = db as Transaction<DB>
  const name = sql.raw(`leadline_sp_${++savepoints}`)
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
}

/** Rows an UPDATE or DELETE changed (Kysely gives bigints), for guards: 0 = the guard refused. */
export function affected(result: UpdateResult | DeleteResult | InsertResult): number {
  if ('numUpdatedRows' in result) return Number(result.numUpdatedRows)
  if ('numDeletedRows' in result) return Number(result.numDeletedRows)
  return Number(result.numInsertedOrUpdatedRows ?? 0)
}
