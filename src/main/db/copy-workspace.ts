import Database from 'better-sqlite3'
import { type Kysely, sql } from 'kysely'
import { openDatabase } from './database'
import type { DB } from './schema'

/** Tables the database keeps itself (triggers, search indexes, bookkeeping): checked, not copied. */
const DERIVED = new Set(['_migrations', 'lead_status_counts', 'report_hourly', 'report_hourly_status', 'report_daily'])
const isDerived = (name: string): boolean =>
  DERIVED.has(name) || name.startsWith('leads_fts') || name.startsWith('sqlite_')

/** Columns whose sums must match after the copy (money, counters). */
const SUMMED: Record<string, string[]> = {
  customers: ['balance_cents'],
  wallet_transactions: ['amount_cents'],
  partner_ledger: ['amount_cents'],
}

export interface TableCopy {
  table: string
  rows: number
  sums: Record<string, number>
}

export interface CopyReport {
  tables: TableCopy[]
  /** Status → leads, as the target counts them after the copy (kept by its triggers). */
  statusCounts: Record<string, number>
  ms: number
}

export class CopyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CopyError'
  }
}

interface Options {
  /** The workspace file to copy (opened read-only, after being brought up to this build's schema). */
  file: string
  /** `postgres://…` of an empty Leadline database (it is migrated first). */
  url: string
  nativeBinding?: string
  onTable?: (table: string, rows: number) => void
}

/** Tables ordered so that every table comes after the tables its foreign keys point to. */
function copyOrder(sqlite: Database.Database, tables: string[]): string[] {
  const deps = new Map<string, Set<string>>()
  for (const t of tables) {
    const fks = sqlite.prepare(`SELECT "table" AS target FROM pragma_foreign_key_list(?)`).all(t) as {
      target: string
    }[]
    deps.set(t, new Set(fks.map((f) => f.target).filter((x) => x !== t && tables.includes(x))))
  }
  const ordered: string[] = []
  const placed = new Set<string>()
  while (ordered.length < tables.length) {
    const next = tables.find((t) => !placed.has(t) && [...(deps.get(t) ?? [])].every((d) => placed.has(d)))
    if (!next) throw new CopyError('The workspace has circular foreign keys between tables')
    ordered.push(next)
    placed.add(next)
  }
  return ordered
}

async function targetColumns(db: Kysely<DB>): Promise<Map<string, Set<string>>> {
  const rows = await sql<{ table_name: string; column_name: string }>`
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND is_generated = 'NEVER'`.execute(db)
  const columns = new Map<string, Set<string>>()
  for (const r of rows.rows) {
    if (!columns.has(r.table_name)) columns.set(r.table_name, new Set())
    columns.get(r.table_name)?.add(r.column_name)
  }
  return columns
}

/**
 * Copies a SQLite workspace into an empty PostgreSQL database, in one transaction: every table in
 * foreign-key order with its ids, then each identity sequence moved past the highest id. The copy
 * is checked before it commits — row counts and money sums per table, and the lead totals the
 * target's triggers kept — so a mismatch leaves the target as it was.
 */
export async function copyWorkspace(options: Options): Promise<CopyReport> {
  const started = Date.now()
  // Opening through the app brings an older workspace up to this build's schema first.
  const source = await openDatabase({ target: options.file, nativeBinding: options.nativeBinding })
  await source.close()
  const sqlite = new Database(options.file, {
    readonly: true,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  })
  const target = await openDatabase({ target: options.url })
  try {
    const db = target.db
    const occupied = await db
      .selectFrom('leads')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .unionAll(db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')))
      .execute()
    if (occupied.some((r) => Number(r.n) > 0)) {
      throw new CopyError('The PostgreSQL database already holds leads or users; copy into an empty database')
    }
    const names = (
      sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]
    )
      .map((r) => r.name)
      .filter((n) => !isDerived(n))
    const columnsThere = await targetColumns(db)
    const missing = names.filter((n) => !columnsThere.has(n))
    if (missing.length > 0) throw new CopyError(`The PostgreSQL schema lacks tables ${missing.join(', ')}`)
    const order = copyOrder(sqlite, names)

    const tables = await db.transaction().execute(async (trx) => {
      // Rows a fresh database was seeded with (built-in roles, default settings) give way to the workspace's.
      await sql`TRUNCATE ${sql.join(order.map((t) => sql.id(t)))} RESTART IDENTITY CASCADE`.execute(trx)
      const copied: TableCopy[] = []
      for (const table of order) {
        const there = columnsThere.get(table) ?? new Set<string>()
        const info = sqlite.prepare(`SELECT name, type FROM pragma_table_info(?)`).all(table) as {
          name: string
          type: string
        }[]
        const columns = info.map((c) => c.name).filter((c) => there.has(c))
        // Generated ids continue after the copied ones; an id the client chose (text) has no sequence.
        const serial = info.some((c) => c.name === 'id' && c.type.toUpperCase() === 'INTEGER')
        const perInsert = Math.max(1, Math.floor(60_000 / columns.length))
        let rows = 0
        const hasId = columns.includes('id')
        const read = sqlite.prepare(
          `SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}"${hasId ? ' ORDER BY id' : ''}`,
        )
        let batch: Record<string, unknown>[] = []
        const flush = async (): Promise<void> => {
          if (batch.length === 0) return
          await trx
            .insertInto(table as keyof DB)
            .values(batch as never)
            .execute()
          rows += batch.length
          batch = []
        }
        for (const row of read.iterate() as Iterable<Record<string, unknown>>) {
          batch.push(row)
          if (batch.length >= perInsert) await flush()
        }
        await flush()
        if (serial) {
          await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), GREATEST((SELECT max(id) FROM ${sql.id(table)}), 1), (SELECT max(id) IS NOT NULL FROM ${sql.id(table)}))`.execute(
            trx,
          )
        }
        options.onTable?.(table, rows)
        copied.push({
          table,
          rows,
          sums: Object.fromEntries((SUMMED[table] ?? []).filter((c) => columns.includes(c)).map((c) => [c, 0])),
        })
      }
      await verify(sqlite, trx, copied)
      return copied
    })
    const counts = await db.selectFrom('lead_status_counts').select(['status', 'n']).execute()
    return {
      tables,
      statusCounts: Object.fromEntries(counts.map((r) => [r.status, Number(r.n)])),
      ms: Date.now() - started,
    }
  } finally {
    sqlite.close()
    await target.close()
  }
}

/**
 * Counts and sums read back from the target inside the copy's transaction, against the source;
 * the sums go into the report.
 */
async function verify(sqlite: Database.Database, trx: Kysely<DB>, copied: TableCopy[]): Promise<void> {
  for (const t of copied) {
    const summed = Object.keys(t.sums)
    const totals = `SELECT count(*) AS n${summed.map((c) => `, coalesce(sum("${c}"), 0) AS "${c}"`).join('')} FROM "${t.table}"`
    const sourceRow = sqlite.prepare(totals).get() as Record<string, number>
    const targetRow = (await sql<Record<string, number>>`${sql.raw(totals)}`.execute(trx)).rows[0]
    for (const key of ['n', ...summed]) {
      if (Number(sourceRow[key]) !== Number(targetRow?.[key])) {
        throw new CopyError(
          `${t.table}: ${key === 'n' ? 'rows' : `sum of ${key}`} ${Number(targetRow?.[key])} in PostgreSQL, ${sourceRow[key]} in the workspace`,
        )
      }
    }
    for (const c of summed) t.sums[c] = Number(sourceRow[c])
  }
  const source = sqlite.prepare(`SELECT status, count(*) AS n FROM leads GROUP BY status`).all() as {
    status: string
    n: number
  }[]
  const target = await trx.selectFrom('lead_status_counts').select(['status', 'n']).execute()
  const there = new Map(target.map((r) => [r.status, Number(r.n)]))
  for (const s of source) {
    if ((there.get(s.status) ?? 0) !== s.n) {
      throw new CopyError(`lead totals: ${there.get(s.status) ?? 0} ${s.status} in PostgreSQL, ${s.n} in the workspace`)
    }
  }
}
