import { type Kysely, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migratePostgres } from '../../../src/main/db/postgres/migrate'
import { postgresMigrations } from '../../../src/main/db/postgres/migrations'
import { openPostgres, type OpenedPostgres } from '../../../src/main/db/postgres/open'
import type { DB } from '../../../src/main/db/schema'
import { testPostgres } from '../../support/postgres'

const server = await testPostgres('postgres-constraints.test.ts')
const skipped = server.baseUrl ? '' : ` (skipped: ${server.reason})`

/** What the PostgreSQL schema enforces by itself, as SQLite's triggers and constraints do. */
describe.skipIf(!server.baseUrl)(`PostgreSQL schema rules${skipped}`, () => {
  let pg: OpenedPostgres
  let db: Kysely<DB>
  let seq = 0

  beforeAll(async () => {
    pg = openPostgres({ url: await server.database(), max: 2 })
    db = pg.db
    await migratePostgres(db, postgresMigrations, 0)
  })
  afterAll(async () => {
    await pg?.close()
  })

  const lead = async (values: Partial<{ status: string; first_name: string; last_name: string; email: string }>) => {
    seq++
    const row = await db
      .insertInto('leads')
      .values({ uuid: `lead-${seq}`, status: 'New', created_at: seq, updated_at: seq, ...values })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }

  const counts = async () =>
    Object.fromEntries(
      (await db.selectFrom('lead_status_counts').select(['status', 'n']).where('n', '<>', 0).execute()).map((r) => [
        r.status,
        r.n,
      ]),
    )

  it('keeps the count of leads per status through inserts, status changes and deletes', async () => {
    await db.deleteFrom('leads').execute()
    const a = await lead({ status: 'Sold' })
    await lead({ status: 'Sold' })
    const c = await lead({ status: 'Rejected' })
    expect(typeof a).toBe('number')
    expect(await counts()).toEqual({ Sold: 2, Rejected: 1 })
    await db.updateTable('leads').set({ status: 'Returned' }).where('id', '=', a).execute()
    await db.updateTable('leads').set({ first_name: 'Ada' }).where('id', '=', c).execute()
    expect(await counts()).toEqual({ Sold: 1, Rejected: 1, Returned: 1 })
    await db.deleteFrom('leads').where('id', '=', c).execute()
    expect(await counts()).toEqual({ Sold: 1, Returned: 1 })
  })

  it('refuses a partner return larger than its sale, a second sale and a positive return', async () => {
    const partner = await db
      .insertInto('partners')
      .values({ name: 'P', post_url: 'http://127.0.0.1/post', created_at: 0 })
      .returning('id')
      .executeTakeFirstOrThrow()
    const leadId = await lead({ status: 'Posted' })
    const row = (kind: 'sale' | 'return', amount_cents: number) => ({
      partner_id: partner.id,
      lead_id: leadId,
      kind,
      amount_cents,
      created_at: 0,
    })
    await db.insertInto('partner_ledger').values(row('sale', 1500)).execute()
    await expect(db.insertInto('partner_ledger').values(row('sale', 1500)).execute()).rejects.toThrow(
      /partner_ledger_lead_kind/,
    )
    await expect(db.insertInto('partner_ledger').values(row('return', 10)).execute()).rejects.toThrow(
      /partner_ledger_check/,
    )
    await expect(db.insertInto('partner_ledger').values(row('return', -1501)).execute()).rejects.toThrow(
      'a return cannot reverse more than the sale',
    )
    await db.insertInto('partner_ledger').values(row('return', -1500)).execute()
    const sum = await db
      .selectFrom('partner_ledger')
      .select((eb) => eb.fn.sum<number>('amount_cents').as('total'))
      .where('lead_id', '=', leadId)
      .executeTakeFirstOrThrow()
    expect(sum.total).toBe(0)
  })

  it('finds leads by word prefixes of names and email, without accents, and follows contact edits', async () => {
    const words = (text: string) => sql<string>`to_tsquery('simple', ${text})`
    const found = async (query: string) =>
      (
        await db
          .selectFrom('leads')
          .select('uuid')
          .where(sql<boolean>`search_doc @@ ${words(query)}`)
          .orderBy('id')
          .execute()
      ).map((r) => r.uuid)
    const jose = await lead({ first_name: 'José', last_name: 'Smithers', email: 'jose.s@example.org' })
    await lead({ first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.org' })
    const joseUuid = (await db.selectFrom('leads').select('uuid').where('id', '=', jose).executeTakeFirstOrThrow()).uuid
    expect(await found('jose & smi:*')).toEqual([joseUuid])
    expect(await found('example:*')).toHaveLength(2)
    await db.updateTable('leads').set({ last_name: 'Brown' }).where('id', '=', jose).execute()
    expect(await found('smi:*')).toEqual([])
    expect(await found('brown')).toEqual([joseUuid])
  })

  it('treats role names and user emails as unique and equal ignoring case, as SQLite NOCASE does', async () => {
    const role = await db
      .insertInto('roles')
      .values({ name: 'Auditor', permissions: '[]' })
      .returning('id')
      .executeTakeFirstOrThrow()
    await expect(db.insertInto('roles').values({ name: 'auditor', permissions: '[]' }).execute()).rejects.toThrow(
      /roles_name_key/,
    )
    await db
      .insertInto('users')
      .values({ name: 'Ada', email: 'Ada@Example.org', role_id: role.id, password_hash: 'x', created_at: 0 })
      .execute()
    const user = await db.selectFrom('users').select('email').where('email', '=', 'ada@example.ORG').executeTakeFirst()
    expect(user?.email).toBe('Ada@Example.org')
  })

  it('refuses a second fallback lead type in a category and a wallet move of an unknown kind', async () => {
    const category = await db
      .insertInto('categories')
      .values({ slug: 'solar', name: 'Solar', created_at: 0, updated_at: 0 })
      .returning('id')
      .executeTakeFirstOrThrow()
    const type = (name: string) => ({
      category_id: category.id,
      name,
      is_fallback: 1,
      created_at: 0,
      updated_at: 0,
    })
    await db.insertInto('lead_types').values(type('Any')).execute()
    await expect(db.insertInto('lead_types').values(type('Other')).execute()).rejects.toThrow(/lead_types_one_fallback/)
    const customer = await db
      .insertInto('customers')
      .values({ name: 'C', created_at: 0 })
      .returning('id')
      .executeTakeFirstOrThrow()
    await expect(
      db
        .insertInto('wallet_transactions')
        .values({ customer_id: customer.id, kind: 'gift' as 'deposit', amount_cents: 1, created_at: 0 })
        .execute(),
    ).rejects.toThrow(/wallet_transactions_kind_check/)
  })
})
