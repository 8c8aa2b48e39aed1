import type { Kysely } from 'kysely'
import type { DB } from '../../../src/main/db/schema'
import type { Clock } from '../../../src/main/services/deps'

/** What seeding needs of an app: its database and clock (an app, or a database opened by hand). */
export interface Seedable {
  services: { deps: { db: Kysely<DB> } }
  clock: Clock
}

/**
 * A category whose fields are partly deliverable, a customer with the given delivery settings and
 * one lead already Assigned to it, written straight into the workspace as the engine would leave it.
 */
export async function seedAssignedLead(
  app: Seedable,
  delivery: unknown,
): Promise<{ leadId: number; customerId: number }> {
  const { leadIds, customerId } = await seedAssignedLeads(app, delivery, 1)
  return { leadId: leadIds[0] as number, customerId }
}

/** The same with `count` leads (uuids lead-uuid-1, lead-uuid-2, …), all Assigned to the customer. */
export async function seedAssignedLeads(
  app: Seedable,
  delivery: unknown,
  count: number,
): Promise<{ leadIds: number[]; customerId: number }> {
  const { db } = app.services.deps
  const now = app.clock.now()
  const { id: category } = await db
    .insertInto('categories')
    .values({ slug: 'auto', name: 'Auto', created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
  const fields: [string, string, boolean][] = [
    ['first_name', 'text', true],
    ['email', 'email', true],
    ['phone', 'phone', false],
    ['zip', 'zip', true],
    ['vehicles', 'number', true],
    ['credit_score', 'number', false],
  ]
  await db
    .insertInto('fields')
    .values(
      fields.map(([key, type, deliverable], position) => ({
        category_id: category,
        key,
        label: key,
        type,
        deliverable: deliverable ? 1 : 0,
        position,
      })),
    )
    .execute()
  const { id: customerId } = await db
    .insertInto('customers')
    .values({ name: 'Acme Insurance', delivery: JSON.stringify(delivery), balance_cents: 10_000, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
  const leads = await db
    .insertInto('leads')
    .values(
      Array.from({ length: count }, (_, i) => ({
        uuid: `lead-uuid-${i + 1}`,
        status: 'Assigned',
        first_name: 'Ann',
        last_name: 'Lee',
        email: 'ann@example.com',
        phone: '+15551234567',
        zip: '94105',
        details: JSON.stringify({ vehicles: 2, credit_score: 710, source_note: 'internal' }),
        category_id: category,
        customer_id: customerId,
        charged_cents: 1500,
        assigned_at: now,
        created_at: now,
        updated_at: now,
      })),
    )
    .returning('id')
    .execute()
  return { leadIds: leads.map((l) => l.id).sort((x, y) => x - y), customerId }
}
