import { describe, expect, it } from 'vitest'
import { localServer } from '../../support/local-server'
import { testApp } from '../../support/workspace'
import { lead, Seed } from '../engine/seed'
import { seedAssignedLead } from './seed'

describe('delivery after a real assignment', () => {
  it('delivers a lead the engine assigned, carrying only the category deliverable fields', async () => {
    const app = await testApp()
    const customer = await localServer(() => ({ body: { received: true } }))
    const seed = new Seed(app)
    const plan = await seed.plan([{ kind: 'bidding' }])
    const category = await seed.category({ planId: plan })
    const type = await seed.leadType({ categoryId: category, fallback: true })
    const customerId = await seed.customer('Hooked Co', 10_000)
    await seed.bid({ customerId, leadTypeId: type, priceCents: 1200 })
    const { db } = app.services.deps
    await db
      .updateTable('customers')
      .set({
        delivery: JSON.stringify({ method: 'webhook', url: `${customer.url}/leads`, headers: { 'x-token': 't' } }),
      })
      .where('id', '=', customerId)
      .execute()
    // The customer may not see phone numbers or the vehicle count in this category.
    await db
      .updateTable('fields')
      .set({ deliverable: 0 })
      .where('category_id', '=', category)
      .where('key', 'in', ['phone', 'vehicles'])
      .execute()
    seed.done()

    const result = await app.services.distribution.ingest({
      sourceId: null,
      categorySlug: 'auto',
      fields: lead({ first_name: 'Maria', vehicles: 3, internal_note: 'from the call centre' }),
    })
    expect(result.status).toBe('Assigned')
    await app.services.delivery.idle()

    expect(customer.received).toHaveLength(1)
    const sent = customer.received[0]?.json as { uuid: string; price: number; fields: Record<string, unknown> }
    expect(sent.uuid).toBe(result.uuid)
    expect(sent.price).toBe(12)
    expect(Object.keys(sent.fields).sort()).toEqual(['email', 'first_name', 'last_name', 'state', 'zip'])
    expect(customer.received[0]?.body).not.toContain('internal_note')
    expect(customer.received[0]?.headers['x-token']).toBe('t')
    const row = await db.selectFrom('leads').select('delivery_status').where('id', '=', result.id).executeTakeFirst()
    expect(row?.delivery_status).toBe('delivered')
  })

  it('resumes a delivery that was pending when the app stopped', async () => {
    const first = await testApp()
    const customer = await localServer(() => ({ body: {} }))
    const { leadId } = await seedAssignedLead(first, { method: 'webhook', url: customer.url, headers: {} })
    await first.services.deps.db
      .updateTable('leads')
      .set({ delivery_status: 'pending' })
      .where('id', '=', leadId)
      .execute()
    await first.close()

    const reopened = await testApp({ path: first.workspace })
    await reopened.services.delivery.idle()
    expect(customer.received).toHaveLength(1)
    const row = await reopened.services.deps.db
      .selectFrom('leads')
      .select('delivery_status')
      .where('id', '=', leadId)
      .executeTakeFirst()
    expect(row?.delivery_status).toBe('delivered')
  })
})
