import type Database from 'better-sqlite3'
import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, type Compilable } from 'kysely'
import type { DB } from './schema'

/**
 * Kysely builds the SQL; better-sqlite3 runs it synchronously. Synchronous execution keeps a
 * whole distribution step inside one real SQLite transaction with no awaits in between, and
 * prepared statements are cached by their SQL text.
 */
export class Store {
  readonly q: Kysely<DB>
  private readonly statements = new Map<string, Database.Statement>()

  constructor(readonly sqlite: Database.Database) {
    this.q = new Kysely<DB>({
      dialect: {
        createAdapter: () => new SqliteAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (db) => new SqliteIntrospector(db),
        createQueryCompiler: () => new SqliteQueryCompiler(),
      },
    })
  }

  prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql)
    if (!statement) {
      statement = this.sqlite.prepare(sql)
      this.statements.set(sql, statement)
    }
    return statement
  }

  all<R>(query: Compilable<R>): R[] {
    const { sql, parameters } = query.compile()
    return this.prepare(sql).all(...(parameters as unknown[])) as R[]
  }

  first<R>(query: Compilable<R>): R | undefined {
    const { sql, parameters } = query.compile()
    return this.prepare(sql).get(...(parameters as unknown[])) as R | undefined
  }

  run(query: Compilable<unknown>): Database.RunResult {
    const { sql, parameters } = query.compile()
    return this.prepare(sql).run(...(parameters as unknown[]))
  }

  /** Runs `fn` in a transaction (a savepoint when nested); a throw rolls everything back. */
  transaction<T>(fn: () => T): T {
    return this.sqlite.transaction(fn)()
  }
}
