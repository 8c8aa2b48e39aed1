import { type Compilable, CompiledQuery } from 'kysely'
import type { Dialect } from '../dialect'
import type { Executor } from '../executor'

/**
 * Where bulk reads and writes differ between SQLite and PostgreSQL: how many values one statement
 * may bind, how a multi-row insert is cut into statements, and how a large read gets its rows as
 * arrays instead of objects.
 */

/** Values one statement may bind: SQLite's SQLITE_MAX_VARIABLE_NUMBER, PostgreSQL's protocol limit. */
export function maxParameters(dialect: Dialect): number {
  return dialect === 'postgres' ? 65_535 : 32_766
}

/**
 * Rows per multi-row INSERT of `columns` columns: at most `wanted`, and never more values than the
 * dialect binds in one statement.
 */
export function rowsPerInsert(dialect: Dialect, columns: number, wanted: number): number {
  return Math.max(1, Math.min(wanted, Math.floor(maxParameters(dialect) / Math.max(1, columns))))
}

/**
 * The largest power of two not above `n` (at least 1): the row count of one multi-row insert.
 * Each row count is a different statement text, and the SQLite connection keeps every statement
 * it prepared (sqlite-kysely.ts): with powers of two an insert has at most ~log2(limit) + 1 texts,
 * whatever the number of rows.
 */
export function insertRows(n: number): number {
  return 2 ** Math.floor(Math.log2(Math.max(1, n)))
}

/**
 * Marks a statement whose rows the SQLite connection returns as arrays (better-sqlite3's raw
 * mode): building an object per row is most of the cost of reading a million rows.
 */
export const ROWS_AS_ARRAYS = '/* rows as arrays */ '

/**
 * Runs a SELECT and returns each row as an array of its columns in the select list's order. On
 * SQLite the statement itself returns arrays (see ROWS_AS_ARRAYS); PostgreSQL's rows are objects
 * whose keys keep the select list's order (the columns must have distinct names).
 */
export async function selectArrays(db: Executor, dialect: Dialect, query: Compilable<unknown>): Promise<unknown[][]> {
  const compiled = query.compile()
  if (dialect === 'postgres') {
    const result = await db.executeQuery<Record<string, unknown>>(compiled)
    return result.rows.map((row) => Object.values(row))
  }
  const result = await db.executeQuery<unknown[]>(
    CompiledQuery.raw(ROWS_AS_ARRAYS + compiled.sql, [...compiled.parameters]),
  )
  return result.rows
}
