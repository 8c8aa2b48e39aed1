import { type Expression, type ExpressionBuilder, sql, type SqlBool } from 'kysely'
import type { Dialect } from '../dialect'

/** `%text%` with the pattern characters of `text` escaped by a backslash. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`
}

/**
 * `column` contains `text`, ignoring case: SQLite's LIKE already ignores (ASCII) case, PostgreSQL's
 * does not, so there it is ILIKE. The escape character is named, the same on both.
 */
export function containsText<DB, TB extends keyof DB>(
  dialect: Dialect,
  eb: ExpressionBuilder<DB, TB>,
  column: Expression<string | null>,
  text: string,
): Expression<SqlBool> {
  const pattern = eb.val(containsPattern(text))
  return dialect === 'postgres'
    ? sql<SqlBool>`${column} ilike ${pattern} escape '\\'`
    : sql<SqlBool>`${column} like ${pattern} escape '\\'`
}
