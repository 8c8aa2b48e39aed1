import { copyFileSync, existsSync, rmSync, statSync } from 'node:fs'
import Database from 'better-sqlite3'
import { migrations as allMigrations } from './migrations'
import { type Migration, pendingMigrations, runMigrations } from './migrate'
import type { Kysely } from 'kysely'
import type { DB } from './schema'
import { sqliteKysely } from './sqlite-kysely'

export interface OpenOptions {
  path: string
  /** Path of a better_sqlite3.node built for the running runtime (Electron's differs from Node's). */
  nativeBinding?: string
  migrations?: readonly Migration[]
  now?: () => number
}

export interface OpenedWorkspace {
  /** The raw connection, for SQLite-only work (checkpoints, bulk loads, backups). */
  sqlite: Database.Database
  /** The same connection through Kysely's async API, which repositories run on. */
  db: Kysely<DB>
  path: string
  /** Where the pre-migration copy went, when there was one. */
  backupPath: string | null
  close(): void
}

function backupName(path: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-')
  return `${path}.backup-${stamp}.db`
}

function applyPragmas(sqlite: Database.Database): void {
  sqlite.pragma('journal_mode = WAL')
  // NORMAL with WAL survives a crash of the app with every committed transaction intact.
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('cache_size = -65536')
  sqlite.pragma('temp_store = MEMORY')
}

/**
 * Opens (or creates) a workspace file and brings its schema up to date.
 * An existing workspace is copied before it is migrated; if a migration fails the copy is put
 * back, so the file is left as it was, and the error is thrown.
 */
export function openWorkspace(options: OpenOptions): OpenedWorkspace {
  const now = options.now ?? Date.now
  const migrations = options.migrations ?? allMigrations
  const existed = existsSync(options.path) && statSync(options.path).size > 0
  const sqlite = new Database(options.path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  let backupPath: string | null = null
  try {
    applyPragmas(sqlite)
    const pending = pendingMigrations(sqlite, migrations)
    if (pending.length > 0 && existed) {
      backupPath = backupName(options.path, now())
      sqlite.prepare('VACUUM INTO ?').run(backupPath)
    }
    try {
      runMigrations(sqlite, pending, now())
    } catch (error) {
      sqlite.close()
      if (backupPath) restore(backupPath, options.path)
      throw error
    }
  } catch (error) {
    if (sqlite.open) sqlite.close()
    throw error
  }
  return {
    sqlite,
    db: sqliteKysely(sqlite),
    path: options.path,
    backupPath,
    close: () => {
      if (sqlite.open) sqlite.close()
    },
  }
}

function restore(backupPath: string, path: string): void {
  for (const suffix of ['-wal', '-shm']) rmSync(path + suffix, { force: true })
  copyFileSync(backupPath, path)
}
