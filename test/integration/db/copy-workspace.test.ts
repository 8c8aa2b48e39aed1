import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { CopyError, copyWorkspace } from '../../../src/main/db/copy-workspace'
import { openDatabase } from '../../../src/main/db/database'
import { testPostgres } from '../../support/postgres'
import { tempDir } from '../../support/workspace'

const server = await testPostgres('copy-workspace.test.ts')
const closers: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const close of closers.splice(0)) await close()
})

const STATUSES = ['Assigned', 'Posted', 'Returned', 'Audit', 'Unsold', 'Duplicate']

/** A workspace with users, customers, a ledger and leads of several statuses, written row by row. */
async function workspace(leads: number): Promise<string> {
  const path = join(tempDir(), 'source.db')
  const ws = await openDatabase({ target: path, now: () => 0 })
  const db = ws.db
  const role = await db
    .insertInto('roles')
    .values({ name: 'Operator', permissions: '["leads.view"]' })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('users')
    .values({ name: 'Olga', email: 'olga@example.com', role_id: role.id, password_hash: 'x', created_at: 1 })
    .execute()
  const category = await db
    .insertInto('categories')
    .values({ slug: 'auto', name: 'Auto', created_at: 1, updated_at: 1 })
    .returning('id')
    .executeTakeFirstOrThrow()
  for (const [i, name] of ['Acme', 'Brill', 'Corvo'].entries()) {
    const c = await db
      .insertInto('customers')
      .values({ name, created_at: 1, balance_cents: 0 })
      .returning('id')
      .executeTakeFirstOrThrow()
    for (const amount of [50_000 + i, -1_250, -990, 300]) {
      await db
        .insertInto('wallet_transactions')
        .values({ customer_id: c.id, kind: amount > 0 ? 'deposit' : 'charge', amount_cents: amount, created_at: 2 })
        .execute()
      await db
        .updateTable('customers')
        .set((eb) => ({ balance_cents: eb('balance_cents', '+', amount) }))
        .where('id', '=', c.id)
        .execute()
    }
  }
  for (let i = 1; i <= leads; i++) {
    await db
      .insertInto('leads')
      .values({
        uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        status: STATUSES[i % STATUSES.length] as string,
        category_id: category.id,
        first_name: `José ${i}`,
        email: `lead${i}@example.com`,
        phone: `+1555${String(i).padStart(7, '0')}`,
        created_at: 1_000 + i,
        updated_at: 1_000 + i,
      })
      .execute()
  }
  await ws.close()
  return path
}

describe.skipIf(!server.baseUrl)('moving a SQLite workspace into PostgreSQL', () => {
  it('copies every table with its ids, sums and lead totals, and new rows continue after the copied ids', async () => {
    const file = await workspace(120)
    const url = await server.database()
    const report = await copyWorkspace({ file, url })
    const byTable = new Map(report.tables.map((t) => [t.table, t]))
    expect(byTable.get('leads')?.rows).toBe(120)
    expect(byTable.get('customers')?.sums).toEqual({ balance_cents: 3 * (50_000 - 1_250 - 990 + 300) + 3 })
    expect(byTable.get('wallet_transactions')?.rows).toBe(12)
    expect(report.statusCounts).toEqual(Object.fromEntries(STATUSES.map((s) => [s, 20])))

    const pg = await openDatabase({ target: url })
    closers.push(() => pg.close())
    // Search over the copied contact fields works (the target builds its own search document).
    const found = await sql<{
      n: number
    }>`SELECT count(*) AS n FROM leads WHERE search_doc @@ to_tsquery('simple', 'jose')`.execute(pg.db)
    expect(found.rows[0]?.n).toBe(120)
    // Identity sequences continue after the highest copied id.
    const next = await pg.db
      .insertInto('customers')
      .values({ name: 'Delta', created_at: 3 })
      .returning('id')
      .executeTakeFirstOrThrow()
    expect(next.id).toBe(4)
  })

  it('refuses a database that already holds a workspace, changing nothing', async () => {
    const file = await workspace(6)
    const url = await server.database()
    await copyWorkspace({ file, url })
    await expect(copyWorkspace({ file, url })).rejects.toThrow(CopyError)
    const pg = await openDatabase({ target: url })
    closers.push(() => pg.close())
    const rows = await pg.db
      .selectFrom('leads')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(rows.n)).toBe(6)
  })
})
