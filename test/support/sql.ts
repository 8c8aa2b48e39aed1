import { CompiledQuery, type Kysely } from 'kysely'
import type { DB } from '../../src/main/db/schema'

/**
 * Plain SQL for tests that arrange or check rows directly, on whichever database the app runs:
 * `?` placeholders (numbered `$n` for PostgreSQL). Tests keep to SQL both dialects accept.
 */
export interface TestSql {
  all<R = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<R[]>
  get<R = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<R | undefined>
  run(text: string, ...params: unknown[]): Promise<number>
}

export function testSql(target: { services: { deps: { db: Kysely<DB>; dialect: 'sqlite' | 'postgres' } } }): TestSql {
  const { db, dialect } = target.services.deps
  const compile = (text: string, params: unknown[]): CompiledQuery => {
    let n = 0
    const sql = dialect === 'postgres' ? text.replace(/\?/g, () => `$${++n}`) : text
    return CompiledQuery.raw(sql, params)
  }
  return {
    all: async <R>(text: string, ...params: unknown[]) => (await db.executeQuery<R>(compile(text, params))).rows,
    get: async <R>(text: string, ...params: unknown[]) => (await db.executeQuery<R>(compile(text, params))).rows[0],
    run: async (text: string, ...params: unknown[]) =>
      Number((await db.executeQuery(compile(text, params))).numAffectedRows ?? 0),
  }
}
