import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { DB } from '../schema'
import { leadlineTypes } from './types'

export interface PostgresOptions {
  /** `postgres://user@host/db`, or over a socket `postgres://user@/db?host=/var/run/postgresql`. */
  url: string
  /** Connections in the pool; defaults to node-postgres's 10. */
  max?: number
}

export interface OpenedPostgres {
  db: Kysely<DB>
  pool: pg.Pool
  close(): Promise<void>
}

/**
 * A `Kysely<DB>` over a node-postgres pool, for the same table types as the SQLite workspace.
 * Opening does not connect; the first query (or the migrations) does.
 */
export function openPostgres(options: PostgresOptions): OpenedPostgres {
  const pool = new pg.Pool({
    connectionString: options.url,
    types: leadlineTypes,
    ...(options.max !== undefined ? { max: options.max } : {}),
  })
  // An idle client whose server went away emits 'error' on the pool; without a listener that
  // would end the process. The next query gets a fresh connection and its own error.
  pool.on('error', () => {})
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
  return {
    db,
    pool,
    // Kysely's destroy ends the pool.
    close: () => db.destroy(),
  }
}
