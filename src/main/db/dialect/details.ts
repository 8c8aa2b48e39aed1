import { type Expression, sql } from 'kysely'
import type { Dialect } from '../dialect'

/**
 * A lead's custom field (a key of its `details` JSON) as text, for comparing it with a value:
 * numbers compare as their text ("3" = 3), a missing key is NULL.
 */
export function detailsText(dialect: Dialect, key: string): Expression<string | null> {
  if (dialect === 'postgres') return sql<string | null>`(details::jsonb ->> ${key})`
  return sql<string | null>`CAST(json_extract(details, '$.' || json_quote(${key})) AS TEXT)`
}
