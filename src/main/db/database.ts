import type Database from 'better-sqlite3'
import type { Kysely } from 'kysely'
import type { Dialect } from './dialect'
import { openWorkspace } from './open'
import { migratePostgres, pendingPostgresMigrations } from './postgres/migrate'
import { postgresMigrations } from './postgres/migrations'
import { openPostgres } from './postgres/open'
import type { DB } from './schema'

export interface OpenDatabaseOptions {
  /** A workspace file (SQLite) or a `postgres://` / `postgresql://` URL (team server). */
  target: string
  nativeBinding?: string
  now?: () => number
  /** Connections in the PostgreSQL pool (default 10). */
  poolSize?: number
}

/** One open database, whichever the dialect: what a host builds its services on. */
export interface OpenedDatabase {
  dialect: Dialect
  db: Kysely<DB>
  /** The workspace file, or the URL without its password. */
  location: string
  /** Where the pre-migration copy of a workspace file went (SQLite only). */
  backupPath: string | null
  /** The raw connection, for the SQLite-only tools (checkpoints, bulk loads); null on PostgreSQL. */
  sqlite: Database.Database | null
  /** Names of migrations this build has that the database lacks (empty when current). */
  pendingMigrations(): Promise<string[]>
  close(): Promise<void>
}

export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target)
}

/**
 * The URL as it may be logged and shown: user, host and database, never the password. A URL the
 * WHATWG parser refuses (a socket URL with no host, `postgres://user@/db?host=/run/postgresql`,
 * which PostgreSQL accepts) keeps its text with the password masked, so that without a password it
 * still opens the same database.
 */
export function safeLocation(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    // Whatever stands between the user and the first `@` is taken for a password.
    const parts = /^(postgres(?:ql)?:\/\/[^:@]*)(:[^@]*)?(@.*)?$/i.exec(url)
    if (!parts) return 'postgres://(unreadable URL)'
    return parts[2] && parts[3] ? `${parts[1]}:***${parts[3]}` : url
  }
}

/**
 * Opens the database a host runs on and brings its schema up to date: a SQLite workspace file
 * (backed up before migrating), or a PostgreSQL database (migrated under an advisory lock, so
 * servers starting together migrate once).
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<OpenedDatabase> {
  const now = options.now ?? Date.now
  if (isPostgresUrl(options.target)) {
    const pg = openPostgres({ url: options.target, ...(options.poolSize ? { max: options.poolSize } : {}) })
    try {
      await migratePostgres(pg.db, postgresMigrations, now())
    } catch (error) {
      await pg.close()
      throw error
    }
    return {
      dialect: 'postgres',
      db: pg.db,
      location: safeLocation(options.target),
      backupPath: null,
      sqlite: null,
      pendingMigrations: () => pendingPostgresMigrations(pg.db, postgresMigrations),
      close: () => pg.close(),
    }
  }
  const ws = openWorkspace({ path: options.target, nativeBinding: options.nativeBinding, now })
  return {
    dialect: 'sqlite',
    db: ws.db,
    location: ws.path,
    backupPath: ws.backupPath,
    sqlite: ws.sqlite,
    // A workspace is migrated when it opens and only this process writes its schema.
    pendingMigrations: () => Promise.resolve([]),
    close: () => {
      ws.close()
      return Promise.resolve()
    },
  }
}
