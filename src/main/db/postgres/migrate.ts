import { type Kysely, sql } from 'kysely'
import { checksum, type Migration, MigrationError, unapplied } from '../migrate'

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS _migrations (
  name TEXT PRIMARY KEY,
  checksum TEXT NOT NULL,
  applied_at BIGINT NOT NULL
)`

/** One key for every Leadline process: servers starting together migrate one after the other. */
const LOCK_KEY = sql`hashtext('leadline.migrations')`

export interface PostgresMigrationResult {
  /** Names of the migrations this call applied, in order. */
  applied: string[]
}

/**
 * Brings a PostgreSQL database up to `migrations`, the same bookkeeping as the SQLite workspace:
 * `_migrations` holds each applied name and checksum; a database that has a migration this build
 * does not know, or whose migration was edited after it ran, is refused before anything runs.
 * Each migration and its bookkeeping row commit in one transaction (PostgreSQL DDL is
 * transactional), so a failure leaves the database as the previous migration left it.
 * A session advisory lock serialises processes migrating the same database at once.
 */
export async function migratePostgres<T>(
  db: Kysely<T>,
  migrations: readonly Migration[],
  now: number,
): Promise<PostgresMigrationResult> {
  return db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${LOCK_KEY})`.execute(conn)
    try {
      await sql.raw(BOOKKEEPING).execute(conn)
      const rows = await sql<{ name: string; checksum: string }>`SELECT name, checksum FROM _migrations`.execute(conn)
      const pending = unapplied(new Map(rows.rows.map((r) => [r.name, r.checksum])), migrations, 'database')
      for (const m of pending) {
        try {
          await conn.transaction().execute(async (trx) => {
            for (const statement of m.statements) await sql.raw(statement).execute(trx)
            await sql`INSERT INTO _migrations (name, checksum, applied_at) VALUES (${m.name}, ${checksum(m)}, ${now})`.execute(
              trx,
            )
          })
        } catch (cause) {
          throw new MigrationError(`Migration ${m.name} failed: ${(cause as Error).message}`, { cause })
        }
      }
      return { applied: pending.map((m) => m.name) }
    } finally {
      // A session lock also ends with its connection, so a failed unlock must not hide the error.
      await sql`SELECT pg_advisory_unlock(${LOCK_KEY})`.execute(conn).catch(() => undefined)
    }
  })
}

/**
 * The names `migratePostgres` would apply, without applying or creating anything (a health check
 * asks this). Refuses a newer or edited database as `migratePostgres` does.
 */
export async function pendingPostgresMigrations<T>(db: Kysely<T>, migrations: readonly Migration[]): Promise<string[]> {
  const table = await sql<{ t: string | null }>`SELECT to_regclass('_migrations')::text AS t`.execute(db)
  if (!table.rows[0]?.t) return migrations.map((m) => m.name)
  const rows = await sql<{ name: string; checksum: string }>`SELECT name, checksum FROM _migrations`.execute(db)
  return unapplied(new Map(rows.rows.map((r) => [r.name, r.checksum])), migrations, 'database').map((m) => m.name)
}
