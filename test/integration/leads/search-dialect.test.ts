import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
} from 'kysely'
import { describe, expect, it } from 'vitest'
import { LeadsRepository } from '../../../src/main/db/repositories/leads'
import type { DB } from '../../../src/main/db/schema'
import type { LeadFilter } from '../../../src/shared/api/leads'

/**
 * The leads console's SQL as PostgreSQL would receive it, compiled and answered by a stand-in
 * connection (no server): totals large enough to take every plan, a few ids for a search.
 */
function postgresStandIn() {
  const seen: string[] = []
  const connection: DatabaseConnection = {
    executeQuery: async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
      seen.push(query.sql)
      const rows = /count\(|sum\(/.test(query.sql)
        ? [{ n: query.sql.includes('lead_status_counts') ? 1_000_000 : 500_000 }]
        : query.sql.includes('search_doc') && /limit/.test(query.sql)
          ? [{ id: 1 }, { id: 2 }]
          : []
      return { rows: rows as R[] }
    },
    streamQuery: () => {
      throw new Error('not used')
    },
  }
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async () => connection,
    beginTransaction: async () => {},
    commitTransaction: async () => {},
    rollbackTransaction: async () => {},
    releaseConnection: async () => {},
    destroy: async () => {},
  }
  const db = new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  })
  return { db, seen }
}

/** What PostgreSQL does not know: FTS5, json_each, substr with a negative start, a unary + on text. */
const SQLITE_ONLY = /leads_fts|MATCH|json_each|substr\(|\+"|rowid|where 0 /i

describe('the leads console on PostgreSQL', () => {
  const repo = new LeadsRepository('postgres')

  it.each<[string, LeadFilter, string, RegExp]>([
    ['words', { search: 'maria lopez' }, 'lastName', /"leads"\."id" = ANY\(\$1\)/],
    ['words with a filter', { search: 'José', status: ['Assigned'] }, 'createdAt', /"leads"\."id" = ANY\(\$2\)/],
    [
      'phone end',
      { search: '555-0123' },
      'createdAt',
      /right\(leads\.phone, 4\) = \$\d+ and right\(leads\.phone, \$\d+\) = \$\d+/,
    ],
    [
      'a broad filter read along the sort',
      { status: ['Assigned', 'Returned'] },
      'lastName',
      /where "leads"\."status" in/,
    ],
    ['sold narrowed to nothing', { sold: true, status: ['Audit'] }, 'email', /where 1 = 0/],
  ])('%s', async (_name, filter, column, expected) => {
    const { db, seen } = postgresStandIn()
    await repo.list(db, { filter, page: 1, pageSize: 50, sort: { column: column as 'createdAt', direction: 'asc' } })
    for (const sql of seen) expect(sql).not.toMatch(SQLITE_ONLY)
    expect(seen.join('\n')).toMatch(expected)
  })

  it('searches the words through the tsvector, each a prefix, accents dropped as when indexed', async () => {
    const { db, seen } = postgresStandIn()
    await repo.count(db, { search: 'maria lopez', status: ['Assigned'] })
    expect(seen.at(-1)).toContain(
      `leads.search_doc @@ to_tsquery('simple', quote_literal(leads_search_text($2)) || ':*' || ' & ' || quote_literal(leads_search_text($3)) || ':*')`,
    )
  })

  it('puts NULLs where SQLite does, in both directions of a nullable sort', async () => {
    for (const direction of ['asc', 'desc'] as const) {
      const { db, seen } = postgresStandIn()
      await repo.list(db, {
        filter: { categoryId: [1] },
        page: 1,
        pageSize: 50,
        sort: { column: 'chargedCents', direction },
      })
      expect(seen.at(-1)).toContain(
        direction === 'asc'
          ? `order by "leads"."charged_cents" asc nulls first, "leads"."created_at" asc, "leads"."id" asc`
          : `order by "leads"."charged_cents" desc nulls last, "leads"."created_at" desc, "leads"."id" desc`,
      )
    }
  })

  it('names every column of a lead instead of selecting the search words with it', async () => {
    const { db, seen } = postgresStandIn()
    await repo.byId(db, 1)
    await repo.auditQueue(db, 10)
    await repo.customerLeads(db, 1, 1, 50)
    for (const sql of seen) expect(sql).not.toMatch(/"leads"\.\*|search_doc/)
    expect(seen.at(-1)).toContain(`order by "leads"."assigned_at" desc nulls last, "leads"."id" desc`)
  })
})
