import type { TestApp } from '../../support/workspace'

/**
 * A category whose fields are partly deliverable, a customer with the given delivery settings and
 * one lead already Assigned to it, written straight into the workspace as the engine would leave it.
 */
export function seedAssignedLead(app: TestApp, delivery: unknown): { leadId: number; customerId: number } {
  const { store } = app.services.deps
  const now = app.clock.now()
  const category = Number(
    store.run(store.q.insertInto('categories').values({ slug: 'auto', name: 'Auto', created_at: now, updated_at: now }))
      .lastInsertRowid,
  )
  const fields: [string, string, boolean][] = [
    ['first_name', 'text', true],
    ['email', 'email', true],
    ['phone', 'phone', false],
    ['zip', 'zip', true],
    ['vehicles', 'number', true],
    ['credit_score', 'number', false],
  ]
  fields.forEach(([key, type, deliverable], position) =>
    store.run(
      store.q.insertInto('fields').values({
        category_id: category,
        key,
        label: key,
        type,
        deliverable: deliverable ? 1 : 0,
        position,
      }),
    ),
  )
  const customerId = Number(
    store.run(
      store.q.insertInto('customers').values({
        name: 'Acme Insurance',
        delivery: JSON.stringify(delivery),
        balance_cents: 10_000,
        created_at: now,
      }),
    ).lastInsertRowid,
  )
  const leadId = Number(
    store.run(
      store.q.insertInto('leads').values({
        uuid: 'lead-uuid-1',
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
      }),
    ).lastInsertRowid,
  )
  return { leadId, customerId }
}
