import type { Executor } from '../../../src/main/db/executor'

export interface SeededImport {
  categoryId: number
  otherCategoryId: number
  customerId: number
  sourceId: number
  cheapSourceId: number
}

const STANDARD: [string, string, string, number, number][] = [
  // key, label, type, required, deliverable
  ['first_name', 'First name', 'text', 1, 1],
  ['last_name', 'Last name', 'text', 1, 1],
  ['email', 'Email', 'email', 1, 1],
  ['phone', 'Phone', 'phone', 0, 1],
  ['address', 'Address', 'text', 0, 0],
  ['city', 'City', 'text', 0, 1],
  ['county', 'County', 'text', 0, 1],
  ['state', 'State', 'text', 0, 1],
  ['zip', 'ZIP', 'zip', 0, 1],
]

/** A category "Auto insurance" with standard fields and two custom ones (one not deliverable), a funded customer and two sources. */
export async function seedImport(db: Executor, now: number, balanceCents = 50_000): Promise<SeededImport> {
  const category = async (slug: string, name: string) =>
    (
      await db
        .insertInto('categories')
        .values({ slug, name, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  const field = (
    category_id: number,
    key: string,
    label: string,
    type: string,
    required: number,
    deliverable: number,
    standard: number,
    validation: string,
    position: number,
  ) =>
    db
      .insertInto('fields')
      .values({ category_id, key, label, type, required, deliverable, standard, validation, position })
      .execute()
  const categoryId = await category('auto', 'Auto insurance')
  const otherCategoryId = await category('home', 'Home insurance')
  for (const id of [categoryId, otherCategoryId]) {
    for (const [i, [key, label, type, required, deliverable]] of STANDARD.entries()) {
      await field(id, key, label, type, required, deliverable, 1, '{}', i)
    }
  }
  await field(categoryId, 'vehicles', 'Vehicles', 'number', 0, 1, 0, '{"min":1,"max":9}', 20)
  await field(categoryId, 'credit_score', 'Credit score', 'choice', 0, 0, 0, '{"choices":["Good","Fair","Poor"]}', 21)
  await field(otherCategoryId, 'roof_age', 'Roof age', 'number', 0, 1, 0, '{}', 20)
  const customerId = (
    await db
      .insertInto('customers')
      .values({ name: 'Acme Agency', balance_cents: balanceCents, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
  await db
    .insertInto('wallet_transactions')
    .values({ customer_id: customerId, kind: 'deposit', amount_cents: balanceCents, reason: 'seed', created_at: now })
    .execute()
  const source = async (name: string, hash: string) =>
    (
      await db
        .insertInto('sources')
        .values({ name, api_key_hash: hash, api_key_hint: 'abcd', created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  return {
    categoryId,
    otherCategoryId,
    customerId,
    sourceId: await source('Lead Farm', 'hash-1'),
    cheapSourceId: await source('Budget Leads', 'hash-2'),
  }
}
