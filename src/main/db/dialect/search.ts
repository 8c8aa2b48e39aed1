import { type Expression, type ExpressionBuilder, type RawBuilder, sql, type SqlBool } from 'kysely'
import type { Dialect } from '../dialect'
import type { Executor } from '../executor'
import type { DB } from '../schema'

/**
 * Where the leads console's search and filters differ between SQLite and PostgreSQL: the
 * full-text index (FTS5's `leads_fts` / the `search_doc` tsvector of PostgreSQL's 001), the
 * index of a phone's last digits (080: `substr(phone, -4)` / `right(phone, 4)`), a list of ids
 * passed as one parameter, and SQLite's `+column` that keeps the planner off a column's index.
 */

/** The FTS5 query of the words: every word must match as a prefix, each quoted as a string. */
export function fts5Query(terms: readonly string[]): string {
  return terms.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ')
}

/**
 * PostgreSQL's tsquery of the words: each goes through `leads_search_text` (accents dropped, as
 * the indexed words are), is quoted, and matches as a prefix (`:*`); all must match (`&`).
 */
function tsQuery(terms: readonly string[]): RawBuilder<unknown> {
  const parts = terms.map((t) => sql`quote_literal(leads_search_text(${t})) || ':*'`)
  return sql`to_tsquery('simple', ${sql.join(parts, sql` || ' & ' || `)})`
}

/**
 * Leads whose words start with every one of `terms` (the full-text index). `terms`: at least one
 * word, as `searchWords` splits what the operator typed.
 */
export function leadsMatching(
  eb: ExpressionBuilder<DB, 'leads'>,
  dialect: Dialect,
  terms: readonly string[],
): Expression<SqlBool> {
  if (dialect === 'postgres') return sql<SqlBool>`leads.search_doc @@ ${tsQuery(terms)}`
  const match = fts5Query(terms)
  return eb(
    'leads.id',
    'in',
    eb
      .selectFrom('leads_fts')
      .select('leads_fts.rowid')
      .where(sql<SqlBool>`leads_fts MATCH ${match}`),
  )
}

/** Ids of up to `limit` leads whose words start with every one of `terms`, in no given order. */
export async function leadIdsMatching(
  db: Executor,
  dialect: Dialect,
  terms: readonly string[],
  limit: number,
): Promise<number[]> {
  if (dialect === 'postgres') {
    const rows = await db
      .selectFrom('leads')
      .select('leads.id')
      .where(sql<SqlBool>`leads.search_doc @@ ${tsQuery(terms)}`)
      .limit(limit)
      .execute()
    return rows.map((r) => r.id)
  }
  const match = fts5Query(terms)
  const rows = await db
    .selectFrom('leads_fts')
    .select('leads_fts.rowid')
    .where(sql<SqlBool>`leads_fts MATCH ${match}`)
    .limit(limit)
    .execute()
  return rows.map((r) => r.rowid)
}

/**
 * The lead's phone ends with `digits` (four or more). The first term is exactly the expression
 * migration 080 indexes in each dialect (the last four digits), so that index answers it; the
 * second checks every digit typed.
 */
export function phoneEndsWith(
  eb: ExpressionBuilder<DB, 'leads'>,
  dialect: Dialect,
  digits: string,
): Expression<SqlBool> {
  const last4 = digits.slice(-4)
  if (dialect === 'postgres') {
    return eb.and([
      eb(sql<string>`right(leads.phone, 4)`, '=', last4),
      eb(sql<string>`right(leads.phone, ${digits.length})`, '=', digits),
    ])
  }
  return eb.and([
    eb(sql<string>`substr(leads.phone, -4)`, '=', last4),
    eb(sql<string>`substr(leads.phone, ${-digits.length})`, '=', digits),
  ])
}

/**
 * A column the planner should not read through its index: SQLite's unary `+` (the sort's index is
 * walked instead and each row tested). PostgreSQL has no such hint (and no `+` on text); its
 * planner chooses by its statistics.
 */
export function unindexed<T>(dialect: Dialect, column: string): RawBuilder<T> {
  return dialect === 'postgres' ? sql<T>`${sql.ref(column)}` : sql<T>`+${sql.ref(column)}`
}

/** `column` is one of `ids`, passed as one parameter whatever their number. */
export function oneOfIds(dialect: Dialect, column: Expression<unknown>, ids: readonly number[]): RawBuilder<SqlBool> {
  if (dialect === 'postgres') return sql<SqlBool>`${column} = ANY(${[...ids]})`
  return sql<SqlBool>`${column} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`
}
