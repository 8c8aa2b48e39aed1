import Database from 'better-sqlite3'
import { reportDerivedFill, reportFill, sqliteReasonFill } from '../src/main/db/migrations/120_reports'

/**
 * The benchmarks' SQLite loader. Benchmarks build their large workspaces (a million leads) with
 * better-sqlite3 directly on the workspace file, outside the app: it is a SQLite tool, like a
 * restore, not code under test. The app's services and queries are what the benchmarks measure.
 *
 * A PostgreSQL workspace would be loaded by its own loader here: the rows streamed with
 * `COPY leads (…) FROM STDIN`, the search column and status totals filled once afterwards and the
 * table ANALYZEd — the same steps as below, in PostgreSQL's terms.
 */

/** Opens a workspace file (already created and migrated by the app) for the SQLite loader. */
export function openSqliteWorkspace(file: string): Database.Database {
  const db = new Database(file, { fileMustExist: true })
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  db.pragma('cache_size = -65536')
  db.pragma('temp_store = MEMORY')
  return db
}

/**
 * SQLite loader: writes many leads at once the way a restore would: the leads table's indexes and
 * triggers are dropped while `load` runs and built once at the end, then the search index, the
 * status totals and the reports' rollups (kept by those triggers) are rebuilt and the planner's
 * statistics refreshed.
 */
export function sqliteBulkLoadLeads(db: Database.Database, load: () => void): void {
  const saved = db
    .prepare(
      `SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'leads' AND type IN ('index', 'trigger') AND sql IS NOT NULL`,
    )
    .all() as { type: string; name: string; sql: string }[]
  for (const o of saved) db.exec(`DROP ${o.type === 'index' ? 'INDEX' : 'TRIGGER'} ${o.name}`)
  load()
  process.stderr.write('\n  rebuilding indexes and the search index…\n')
  for (const o of saved.filter((x) => x.type === 'index')) db.exec(o.sql)
  db.exec(`INSERT INTO leads_fts(leads_fts) VALUES ('rebuild')`)
  for (const o of saved.filter((x) => x.type === 'trigger')) db.exec(o.sql)
  db.exec(`DELETE FROM lead_status_counts`)
  db.exec(`INSERT INTO lead_status_counts (status, n) SELECT status, count(*) FROM leads GROUP BY status`)
  // The reports' rollups (migration 120), as `npm run reports -- rebuild` makes them.
  db.exec(sqliteReasonFill)
  for (const table of ['report_hourly', 'report_hourly_status', 'report_daily']) db.exec(`DELETE FROM ${table}`)
  db.exec(reportFill)
  for (const statement of reportDerivedFill) db.exec(statement)
  db.exec('ANALYZE')
}

/** Runs `fn` on the workspace file through the SQLite loader's own connection, then closes it. */
export function withSqliteWorkspace<T>(file: string, fn: (db: Database.Database) => T): T {
  const db = openSqliteWorkspace(file)
  try {
    return fn(db)
  } finally {
    db.close()
  }
}
