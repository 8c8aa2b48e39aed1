import type Database from 'better-sqlite3'
import type { Insertable } from 'kysely'
import type { Executor } from '../../src/main/db/executor'
import type { LeadsTable } from '../../src/main/db/schema'

/** A leads row by column name; what is left out takes the column's default. */
export type LeadSeedRow = Insertable<LeadsTable>

function defined(row: LeadSeedRow): LeadSeedRow {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined)) as LeadSeedRow
}

/**
 * Writes one lead straight into the table, as a workspace already holding it would (no engine,
 * no audit line), on the executor given (the workspace's database or a caller's transaction).
 * Returns its id.
 */
export async function insertLeadRow(db: Executor, row: LeadSeedRow): Promise<number> {
  const inserted = await db.insertInto('leads').values(defined(row)).returning('id').executeTakeFirstOrThrow()
  return inserted.id
}

/**
 * The same through a better-sqlite3 connection (SQLite only), for tests not yet on the async
 * database; new code uses `insertLeadRow`.
 */
export function insertLead(db: Database.Database, row: LeadSeedRow): number {
  const values = defined(row)
  const columns = Object.keys(values)
  const sql = `INSERT INTO leads (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`
  return Number(db.prepare(sql).run(values).lastInsertRowid)
}
