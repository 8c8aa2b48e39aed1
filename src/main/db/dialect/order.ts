import type { OrderByModifiers } from 'kysely'
import type { Dialect } from '../dialect'

/**
 * The direction of a sort on a column that may be NULL, with NULLs where SQLite puts them: first
 * ascending, last descending (so each direction is exactly the other reversed). PostgreSQL's
 * default is the opposite, so there it is said; on SQLite the SQL stays the plain direction.
 * (On PostgreSQL an index read in that order is declared `(column NULLS FIRST, …)`.)
 */
export function nullsAsSqlite(dialect: Dialect, direction: 'asc' | 'desc'): OrderByModifiers {
  if (dialect !== 'postgres') return direction
  return direction === 'asc' ? (ob) => ob.asc().nullsFirst() : (ob) => ob.desc().nullsLast()
}
