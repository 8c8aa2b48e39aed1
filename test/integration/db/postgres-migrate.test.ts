import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { checksum, type Migration } from '../../../src/main/db/migrate'
import { migratePostgres, pendingPostgresMigrations } from '../../../src/main/db/postgres/migrate'
import { postgresMigrations } from '../../../src/main/db/postgres/migrations'
import { openPostgres, type OpenedPostgres } from '../../../src/main/db/postgres/open'
import { testPostgres } from '../../support/postgres'

const server = await testPostgres('postgres-migrate.test.ts')
const skipped = server.baseUrl ? '' : ` (skipped: ${server.reason})`

async function fresh(): Promise<OpenedPostgres> {
  return openPostgres({ url: await server.database(), max: 2 })
}

async function withDb<T>(fn: (pg: OpenedPostgres) => Promise<T>): Promise<T> {
  const pg = await fresh()
  try {
    return await fn(pg)
  } finally {
    await pg.close()
  }
}

const recorded = async (pg: OpenedPostgres) =>
  (await sql<{ name: string; checksum: string }>`SELECT name, checksum FROM _migrations ORDER BY name`.execute(pg.db))
    .rows

const tableExists = async (pg: OpenedPostgres, name: string) =>
  (await sql<{ t: string | null }>`SELECT to_regclass(${name})::text AS t`.execute(pg.db)).rows[0]?.t !== null

const first: Migration = { name: '001_first', statements: ['CREATE TABLE first (id BIGINT PRIMARY KEY)'] }
const second: Migration = { name: '002_second', statements: ['ALTER TABLE first ADD COLUMN note TEXT'] }

describe.skipIf(!server.baseUrl)(`PostgreSQL migrations${skipped}`, () => {
  it('applies the whole list once, recording each name and checksum, and nothing on a second run', async () => {
    await withDb(async (pg) => {
      const names = postgresMigrations.map((m) => m.name)
      expect(await pendingPostgresMigrations(pg.db, postgresMigrations)).toEqual(names)
      expect(await tableExists(pg, '_migrations')).toBe(false)
      const result = await migratePostgres(pg.db, postgresMigrations, 1234)
      expect(result.applied).toEqual(postgresMigrations.map((m) => m.name))
      expect(await recorded(pg)).toEqual(
        postgresMigrations
          .map((m) => ({ name: m.name, checksum: checksum(m) }))
          .sort((a, b) => (a.name < b.name ? -1 : 1)),
      )
      expect((await migratePostgres(pg.db, postgresMigrations, 5678)).applied).toEqual([])
      expect(await pendingPostgresMigrations(pg.db, postgresMigrations)).toEqual([])
      expect(await pendingPostgresMigrations(pg.db, [...postgresMigrations, first])).toEqual(['001_first'])
      const times = await sql<{ at: number }>`SELECT DISTINCT applied_at AS at FROM _migrations`.execute(pg.db)
      expect(times.rows).toEqual([{ at: 1234 }])
    })
  })

  it('refuses a migration edited after it ran, before running anything', async () => {
    await withDb(async (pg) => {
      await migratePostgres(pg.db, [first], 0)
      const edited: Migration = {
        name: '001_first',
        statements: ['CREATE TABLE first (id BIGINT PRIMARY KEY, x TEXT)'],
      }
      await expect(migratePostgres(pg.db, [edited, second], 0)).rejects.toThrow(
        'Migration 001_first was edited after it ran; add a new migration instead.',
      )
      expect((await recorded(pg)).map((r) => r.name)).toEqual(['001_first'])
      const columns = await sql<{ n: number }>`
        SELECT count(*) AS n FROM information_schema.columns WHERE table_name = 'first'`.execute(pg.db)
      expect(columns.rows[0]?.n).toBe(1)
    })
  })

  it('refuses a database written by a newer version', async () => {
    await withDb(async (pg) => {
      await migratePostgres(pg.db, [first, second], 0)
      const newer =
        'This database was written by a newer Leadline (it has migration 002_second); update the app to open it.'
      await expect(migratePostgres(pg.db, [first], 0)).rejects.toThrow(newer)
      await expect(pendingPostgresMigrations(pg.db, [first])).rejects.toThrow(newer)
    })
  })

  it('rolls a failing migration back whole and keeps the ones before it', async () => {
    await withDb(async (pg) => {
      const failing: Migration = {
        name: '002_half',
        statements: ['CREATE TABLE half (id BIGINT)', 'INSERT INTO half VALUES (1)', 'SELECT 1 / 0'],
      }
      const after: Migration = { name: '003_after', statements: ['CREATE TABLE after_half (id BIGINT)'] }
      await expect(migratePostgres(pg.db, [first, failing, after], 0)).rejects.toThrow(
        'Migration 002_half failed: division by zero',
      )
      expect(await tableExists(pg, 'first')).toBe(true)
      expect(await tableExists(pg, 'half')).toBe(false)
      expect(await tableExists(pg, 'after_half')).toBe(false)
      expect((await recorded(pg)).map((r) => r.name)).toEqual(['001_first'])
      // Fixed, the list carries on from where it stopped.
      const fixed: Migration = { name: '002_half', statements: ['CREATE TABLE half (id BIGINT)'] }
      expect((await migratePostgres(pg.db, [first, fixed, after], 0)).applied).toEqual(['002_half', '003_after'])
    })
  })

  it('lets processes that start together apply each migration once', async () => {
    const url = await server.database()
    const a = openPostgres({ url, max: 1 })
    const b = openPostgres({ url, max: 1 })
    try {
      const results = await Promise.all([
        migratePostgres(a.db, postgresMigrations, 0),
        migratePostgres(b.db, postgresMigrations, 0),
      ])
      const all = postgresMigrations.map((m) => m.name)
      expect(results.map((r) => r.applied.length).sort()).toEqual([0, all.length])
      expect((await recorded(a)).length).toBe(all.length)
    } finally {
      await a.close()
      await b.close()
    }
  })
})
