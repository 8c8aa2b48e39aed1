import type Database from 'better-sqlite3'

/**
 * Writes many leads at once the way a restore would: the leads table's indexes and triggers are
 * dropped while `load` runs and built once at the end, then the search index and the status totals
 * (kept by those triggers) are rebuilt and the planner's statistics refreshed.
 */
export function bulkLoadLeads(db: Database.Database, load: () => void): void {
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
  db.exec('ANALYZE')
}
