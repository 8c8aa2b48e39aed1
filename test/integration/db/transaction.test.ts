import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { openWorkspace } from '../../../src/main/db/open'
import { migratePostgres } from '../../../src/main/db/postgres/migrate'
import { postgresMigrations } from '../../../src/main/db/postgres/migrations'
import { openPostgres } from '../../../src/main/db/postgres/open'
import type { DB } from '../../../src/main/db/schema'
import { affected, inTransaction } from '../../../src/main/db/transaction'
import { testPostgres } from '../../support/postgres'
import { tempDir } from '../../support/workspace'

const server = await testPostgres('transaction.test.ts')
const closers: (() => Promise<void> | void)[] = []
afterAll(async () => {
  for (const close of closers.splice(0)) await close()
})

const dialects: [string, () => Promise<Kysely<DB>>][] = [
  [
    'sqlite',
    async () => {
      const ws = openWorkspace({ path: join(tempDir(), 'tx.db'), now: () => 0 })
      closers.push(() => ws.close())
      return ws.db
    },
  ],
]
if (server.baseUrl) {
  dialects.push([
    'postgres',
    async () => {
      const pg = openPostgres({ url: await server.database() })
      closers.push(() => pg.close())
      await migratePostgres(pg.db, postgresMigrations, 0)
      return pg.db
    },
  ])
}

const names = async (db: Kysely<DB>): Promise<string[]> =>
  (await db.selectFrom('settings').select('key').orderBy('key').execute()).map((r) => r.key)

describe.each(dialects)('units of work on %s', (_name, open) => {
  it('commits a transaction, and a failed nested unit rolls back only its own writes', async () => {
    const db = await open()
    await inTransaction(db, async (trx) => {
      await trx.insertInto('settings').values({ key: 'outer', value: '1' }).execute()
      await expect(
        inTransaction(trx, async (inner) => {
          await inner.insertInto('settings').values({ key: 'inner', value: '1' }).execute()
          throw new Error('refused')
        }),
      ).rejects.toThrow('refused')
      await inTransaction(trx, async (inner) => {
        await inner.insertInto('settings').values({ key: 'kept', value: '1' }).execute()
      })
    })
    expect(await names(db)).toEqual(['kept', 'outer'])
  })

  it('rolls back the whole transaction when the outer unit fails', async () => {
    const db = await open()
    await expect(
      inTransaction(db, async (trx) => {
        await trx.insertInto('settings').values({ key: 'gone', value: '1' }).execute()
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(await names(db)).toEqual([])
  })

  it('counts the rows a guarded update changed', async () => {
    const db = await open()
    await db.insertInto('settings').values({ key: 'k', value: 'a' }).execute()
    const guarded = (from: string) =>
      db.updateTable('settings').set({ value: 'b' }).where('key', '=', 'k').where('value', '=', from).executeTakeFirst()
    expect(affected(await guarded('a'))).toBe(1)
    expect(affected(await guarded('a'))).toBe(0)
  })
})

describe.skipIf(!server.baseUrl)('units of work that deadlock on PostgreSQL', () => {
  it('are run again when PostgreSQL picks one as the victim, so both commit once', async () => {
    const open = dialects.find(([name]) => name === 'postgres')?.[1]
    if (!open) throw new Error('no PostgreSQL')
    const db = await open()
    await db
      .insertInto('settings')
      .values([
        { key: 'a', value: '0' },
        { key: 'b', value: '0' },
      ])
      .execute()
    // Each unit locks one row, waits until the other holds its own, then wants the other's row.
    let held = 0
    const bothHeld = async () => {
      held++
      while (held < 2) await new Promise((resolve) => setImmediate(resolve))
    }
    const runs = { ab: 0, ba: 0 }
    const unit = (first: 'a' | 'b', second: 'a' | 'b', name: 'ab' | 'ba') =>
      inTransaction(db, async (trx) => {
        runs[name]++
        const bump = (key: string) =>
          trx
            .updateTable('settings')
            .set((eb) => ({ value: eb.cast(eb(eb.cast('value', 'integer'), '+', 1), 'text') }))
            .where('key', '=', key)
            .execute()
        await bump(first)
        if (runs[name] === 1) await bothHeld()
        await bump(second)
      })
    await Promise.all([unit('a', 'b', 'ab'), unit('b', 'a', 'ba')])
    // One of them was the victim and ran a second time; each unit's two bumps landed once.
    expect(runs.ab + runs.ba).toBe(3)
    const values = await db.selectFrom('settings').select(['key', 'value']).orderBy('key').execute()
    expect(values).toEqual([
      { key: 'a', value: '2' },
      { key: 'b', value: '2' },
    ])
  })
})
