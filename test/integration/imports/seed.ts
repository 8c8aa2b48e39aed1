import type { Store } from '../../../src/main/db/store'

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
export function seedImport(store: Store, now: number, balanceCents = 50_000): SeededImport {
  const db = store.sqlite
  const category = (slug: string, name: string) =>
    Number(
      db
        .prepare('INSERT INTO categories (slug, name, created_at, updated_at) VALUES (?, ?, ?, ?)')
        .run(slug, name, now, now).lastInsertRowid,
    )
  const field = db.prepare(
    `INSERT INTO fields (category_id, key, label, type, required, deliverable, standard, validation, position)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const categoryId = category('auto', 'Auto insurance')
  const otherCategoryId = category('home', 'Home insurance')
  for (const id of [categoryId, otherCategoryId]) {
    STANDARD.forEach(([key, label, type, required, deliverable], i) =>
      field.run(id, key, label, type, required, deliverable, 1, '{}', i),
    )
  }
  field.run(categoryId, 'vehicles', 'Vehicles', 'number', 0, 1, 0, '{"min":1,"max":9}', 20)
  field.run(categoryId, 'credit_score', 'Credit score', 'choice', 0, 0, 0, '{"choices":["Good","Fair","Poor"]}', 21)
  field.run(otherCategoryId, 'roof_age', 'Roof age', 'number', 0, 1, 0, '{}', 20)
  const customerId = Number(
    db
      .prepare('INSERT INTO customers (name, balance_cents, created_at) VALUES (?, ?, ?)')
      .run('Acme Agency', balanceCents, now).lastInsertRowid,
  )
  db.prepare(
    "INSERT INTO wallet_transactions (customer_id, kind, amount_cents, reason, created_at) VALUES (?, 'deposit', ?, 'seed', ?)",
  ).run(customerId, balanceCents, now)
  const source = (name: string, hash: string) =>
    Number(
      db
        .prepare('INSERT INTO sources (name, api_key_hash, api_key_hint, created_at) VALUES (?, ?, ?, ?)')
        .run(name, hash, 'abcd', now).lastInsertRowid,
    )
  return {
    categoryId,
    otherCategoryId,
    customerId,
    sourceId: source('Lead Farm', 'hash-1'),
    cheapSourceId: source('Budget Leads', 'hash-2'),
  }
}
