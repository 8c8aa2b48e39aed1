import type Database from 'better-sqlite3'
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely'
import { ROWS_AS_ARRAYS } from './dialect/bulk'
import type { DB } from './schema'

/**
 * Kysely's SQLite dialect over the workspace's better-sqlite3 connection. Kysely prepares every
 * query it runs; preparing is a large part of a short query's cost, so statements are kept by
 * their SQL text for the life of the connection (the set of distinct statements is small and
 * fixed by the code, not by the data). A statement marked ROWS_AS_ARRAYS (dialect/bulk.ts) returns
 * its rows as arrays.
 */
export function sqliteKysely(sqlite: Database.Database): Kysely<DB> {
  const statements = new Map<string, Database.Statement>()
  const database: SqliteDatabase = {
    close: () => {
      if (sqlite.open) sqlite.close()
    },
    prepare: (sql) => {
      let statement = statements.get(sql)
      if (!statement) {
        statement = sqlite.prepare(sql)
        if (sql.startsWith(ROWS_AS_ARRAYS)) statement.raw(true)
        statements.set(sql, statement)
      }
      return statement as unknown as ReturnType<SqliteDatabase['prepare']>
    },
  }
  return new Kysely<DB>({ dialect: new SqliteDialect({ database }) })
}
