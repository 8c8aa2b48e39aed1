import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { openPostgres } from '../../../src/main/db/postgres/open'
import { testPostgres } from '../../support/postgres'

const server = await testPostgres('postgres-types.test.ts')
const skipped = server.baseUrl ? '' : ` (skipped: ${server.reason})`

describe.skipIf(!server.baseUrl)(`PostgreSQL numbers${skipped}`, () => {
  it('returns int8, counts, sums and averages as numbers, exactly up to 2^53 - 1', async () => {
    const pg = openPostgres({ url: await server.database(), max: 1 })
    try {
      const { rows } = await sql<Record<string, unknown>>`
        SELECT 9007199254740991::int8 AS max_safe, -9007199254740991::int8 AS min_safe, 42::int8 AS cents,
          (SELECT count(*) FROM generate_series(1, 3)) AS n,
          (SELECT sum(x::int8) FROM generate_series(1, 4) AS x) AS total,
          (SELECT avg(x) FROM generate_series(1, 4) AS x) AS mean,
          12.50::numeric AS price, NULL::int8 AS nothing,
          ARRAY[1, NULL, 3]::int8[] AS ids, 7::int4 AS small`.execute(pg.db)
      expect(rows[0]).toEqual({
        max_safe: 9007199254740991,
        min_safe: -9007199254740991,
        cents: 42,
        n: 3,
        total: 10,
        mean: 2.5,
        price: 12.5,
        nothing: null,
        ids: [1, null, 3],
        small: 7,
      })
    } finally {
      await pg.close()
    }
  })

  it('fails the query of an int8 past 2^53 instead of rounding it, and the pool keeps working', async () => {
    const pg = openPostgres({ url: await server.database(), max: 1 })
    try {
      await expect(sql`SELECT 9007199254740993::int8 AS v`.execute(pg.db)).rejects.toThrow(
        'PostgreSQL integer 9007199254740993 is beyond the safe integer range',
      )
      await expect(sql`SELECT ARRAY[9007199254740993]::int8[] AS v`.execute(pg.db)).rejects.toThrow(RangeError)
      expect((await sql<{ v: number }>`SELECT 1::int8 AS v`.execute(pg.db)).rows).toEqual([{ v: 1 }])
    } finally {
      await pg.close()
    }
  })
})
