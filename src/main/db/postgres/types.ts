import pg from 'pg'

/** Type OIDs of the values PostgreSQL sends as text that the app keeps as numbers. */
const INT8 = 20
const NUMERIC = 1700
const INT8_ARRAY = 1016
const NUMERIC_ARRAY = 1231

/**
 * `bigint` ids, cents and epoch-ms times, and `count(*)` / `sum(bigint)` (which PostgreSQL types
 * int8 and numeric), come back as numbers, as they do from SQLite, so repositories have one code
 * path. A value past 2^53 would lose digits silently; it fails its query instead.
 */
export function parseInt8(text: string): number {
  const n = Number(text)
  if (!Number.isSafeInteger(n)) throw new RangeError(`PostgreSQL integer ${text} is beyond the safe integer range`)
  return n
}

/** Sums of integers come back as numeric; an average may have a fraction. */
export function parseNumeric(text: string): number {
  const n = Number(text)
  if (!Number.isFinite(n)) throw new RangeError(`PostgreSQL numeric ${text} is not a finite number`)
  return n
}

function arrayOf(oid: number, each: (text: string) => number): (text: string) => (number | null)[] {
  const strings = pg.types.getTypeParser(oid, 'text') as (text: string) => (string | null)[]
  return (text) => strings(text).map((v) => (v === null ? null : each(v)))
}

const parsers = new Map<number, (text: string) => unknown>([
  [INT8, parseInt8],
  [NUMERIC, parseNumeric],
  [INT8_ARRAY, arrayOf(INT8_ARRAY, parseInt8)],
  [NUMERIC_ARRAY, arrayOf(NUMERIC_ARRAY, parseNumeric)],
])

/** Per pool, so nothing global in `pg` changes for other users of the library in the process. */
export const leadlineTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    (format ?? 'text') === 'text' && parsers.has(oid)
      ? parsers.get(oid)
      : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
}
