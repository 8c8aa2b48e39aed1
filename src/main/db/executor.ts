import type { Kysely, Transaction } from 'kysely'
import type { DB } from './schema'

/**
 * What an async repository method runs on: the database, or the transaction of the service that
 * owns the unit of work. The same type for the SQLite and the PostgreSQL dialect.
 */
export type Executor = Kysely<DB> | Transaction<DB>
