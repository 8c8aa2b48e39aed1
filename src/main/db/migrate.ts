import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'

export interface Migration {
  /** Sorts in the order it runs; never renamed once shipped. */
  name: string
  statements: readonly string[]
}

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'MigrationError'
  }
}

export function checksum(migration: Migration): string {
  return createHash('sha256').update(migration.statements.join('\n;\n')).digest('hex').slice(0, 16)
}

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS _migrations (
  name TEXT PRIMARY KEY,
  checksum TEXT NOT NULL,
  applied_at INTEGER NOT NULL
)`

export function pendingMigrations(sqlite: Database.Database, migrations: readonly Migration[]): Migration[] {
  sqlite.exec(BOOKKEEPING)
  const applied = new Map(
    (sqlite.prepare('SELECT name, checksum FROM _migrations').all() as { name: string; checksum: string }[]).map(
      (r) => [r.name, r.checksum],
    ),
  )
  return unapplied(applied, migrations, 'workspace')
}

/**
 * The migrations not yet applied, given the applied names and checksums (shared by both dialects).
 * Refuses a database that knows a migration this build does not (written by a newer version) and
 * a migration whose statements changed after it ran.
 */
export function unapplied(
  applied: ReadonlyMap<string, string>,
  migrations: readonly Migration[],
  what: 'workspace' | 'database',
): Migration[] {
  const known = new Set(migrations.map((m) => m.name))
  for (const name of applied.keys()) {
    if (!known.has(name)) {
      throw new MigrationError(
        `This ${what} was written by a newer Leadline (it has migration ${name}); update the app to open it.`,
      )
    }
  }
  for (const m of migrations) {
    const sum = applied.get(m.name)
    if (sum !== undefined && sum !== checksum(m)) {
      throw new MigrationError(`Migration ${m.name} was edited after it ran; add a new migration instead.`)
    }
  }
  return migrations.filter((m) => !applied.has(m.name))
}

/**
 * Runs each pending migration in its own transaction together with its bookkeeping row.
 * A failure throws; the caller decides what to do with the file (it restores the backup).
 */
export function runMigrations(sqlite: Database.Database, pending: readonly Migration[], now: number): void {
  const record = sqlite.prepare('INSERT INTO _migrations (name, checksum, applied_at) VALUES (?, ?, ?)')
  for (const m of pending) {
    const apply = sqlite.transaction(() => {
      for (const statement of m.statements) sqlite.exec(statement)
      record.run(m.name, checksum(m), now)
    })
    try {
      apply()
    } catch (cause) {
      throw new MigrationError(`Migration ${m.name} failed: ${(cause as Error).message}`, { cause })
    }
  }
}
