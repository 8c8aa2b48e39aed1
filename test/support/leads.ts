import type Database from 'better-sqlite3'
import type { Insertable } from 'kysely'
import type { LeadsTable } from '../../src/main/db/schema'

/** A leads row by column name; what is left out takes the column's default. */
export type LeadSeedRow = Insertable<LeadsTable>

/**
 * Writes one lead straight into the table, as a workspace already holding it would (no engine,
 * no audit line). Returns its id.
 */
export function insertLead(db: Database.Database, row: LeadSeedRow): number {
  const values = Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined))
  const columns = Object.keys(values)
  const sql = `INSERT INTO leads (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`
  return Number(db.prepare(sql).run(values).lastInsertRowid)
}
