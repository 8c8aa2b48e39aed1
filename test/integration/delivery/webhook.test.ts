import { describe, expect, it, vi } from 'vitest'
import type { Executor } from '../../../src/main/db/executor'
import { inTransaction } from '../../../src/main/db/transaction'
import { localServer } from '../../support/local-server'
import { adminToken, testApp, tokenFor } from '../../support/workspace'
import { seedAssignedLead } from './seed'

async function deliveryStatus(app: Awaited<ReturnType<typeof testApp>>, leadId: number): Promise<string | null> {
  const row = await app.services.deps.db
    .selectFrom('leads')
    .select('delivery_status')
    .where('id', '=', leadId)
    .executeTakeFirst()
  return row?.delivery_status ?? null
}

describe('webhook delivery', () => {
  it('posts only the deliverable fields with the customer headers, after the assignment commits', async () => {
    const app = await testApp()
    const customer = await localServer(() => ({ body: { ok: true } }))
    const { leadId } = await seedAssignedLead(app, {
      method: 'webhook',
      url: `${customer.url}/hook`,
      headers: { authorization: 'Bearer cust-secret' },
    })
    await inTransaction(app.services.deps.db, async (trx) => {
      await app.services.delivery.enqueue(trx, leadId)
      // Still inside the assignment's transaction: nothing has been sent yet.
      expect(customer.received).toHaveLength(0)
    })
    expect(await deliveryStatus(app, leadId)).toBe('pending')
    await app.services.delivery.idle()

    expect(customer.received).toHaveLength(1)
    const sent = customer.received[0]
    expect(sent?.headers.authorization).toBe('Bearer cust-secret')
    expect(sent?.json).toEqual({
      uuid: 'lead-uuid-1',
      category: 'auto',
      price: 15,
      assigned_at: new Date(app.clock.now()).toISOString(),
      fields: { first_name: 'Ann', email: 'ann@example.com', zip: '94105', vehicles: 2 },
    })
    // Neither a non-deliverable contact field, a non-deliverable detail, nor an undeclared extra.
    expect(sent?.body).not.toContain('5551234567')
    expect(sent?.body).not.toContain('credit_score')
    expect(sent?.body).not.toContain('internal')
    expect(sent?.body).not.toContain('Lee')
    expect(await deliveryStatus(app, leadId)).toBe('delivered')
  })

  it('does nothing for a customer without a webhook or a lead whose assignment rolled back', async () => {
    const app = await testApp()
    const { leadId } = await seedAssignedLead(app, { method: 'none' })
    await app.services.delivery.enqueue(app.services.deps.db, leadId)
    await app.services.delivery.idle()
    expect(await deliveryStatus(app, leadId)).toBeNull()
    expect((await app.services.delivery.list({ page: 1, pageSize: 10 })).total).toBe(0)

    const other = await testApp()
    const customer = await localServer(() => ({ body: {} }))
    const seeded = await seedAssignedLead(other, { method: 'webhook', url: customer.url, headers: {} })
    const { db } = other.services.deps
    const setStatus = async (executor: Executor, status: string): Promise<void> => {
      await executor.updateTable('leads').set({ status }).where('id', '=', seeded.leadId).execute()
    }
    await setStatus(db, 'Pending')
    await expect(
      inTransaction(db, async (trx) => {
        await setStatus(trx, 'Assigned')
        await other.services.delivery.enqueue(trx, seeded.leadId)
        throw new Error('the assignment failed')
      }),
    ).rejects.toThrow('the assignment failed')
    await other.services.delivery.idle()
    expect(customer.received).toHaveLength(0)
  })

  it('retries a failing endpoint with backoff, recording every attempt, until it answers', async () => {
    const app = await testApp()
    const customer = await localServer((_r, i) => (i < 2 ? { status: 500, text: 'busy' } : { body: { ok: true } }))
    const { leadId } = await seedAssignedLead(app, { method: 'webhook', url: customer.url, headers: {} })
    const delivery = app.services.delivery
    await delivery.enqueue(app.services.deps.db, leadId)
    await delivery.idle()
    expect(customer.received).toHaveLength(1)
    expect(await deliveryStatus(app, leadId)).toBe('pending')
    const start = app.clock.now()
    expect(await delivery.scheduled()).toEqual([{ leadId, dueAt: start + 30_000 }])

    app.clock.advance(29_999)
    await delivery.processDue()
    expect(customer.received).toHaveLength(1)

    app.clock.advance(1)
    await delivery.processDue()
    expect(customer.received).toHaveLength(2)
    expect(await delivery.scheduled()).toEqual([{ leadId, dueAt: start + 30_000 + 120_000 }])

    app.clock.advance(120_000)
    await delivery.processDue()
    expect(customer.received).toHaveLength(3)
    expect(await deliveryStatus(app, leadId)).toBe('delivered')
    expect(await delivery.scheduled()).toEqual([])

    const attempts = (await delivery.list({ leadId, page: 1, pageSize: 10 })).rows
    expect(attempts.map((a) => [a.attempt, a.ok, a.statusCode, a.error, a.response])).toEqual([
      [3, true, 200, null, '{"ok":true}'],
      [2, false, 500, 'HTTP 500', 'busy'],
      [1, false, 500, 'HTTP 500', 'busy'],
    ])
    expect(attempts.every((a) => a.request?.includes('lead-uuid-1'))).toBe(true)
  })

  it('marks a delivery failed after the last attempt; operators find it and re-send it', async () => {
    const app = await testApp()
    let up = false
    const customer = await localServer(() => (up ? { body: { ok: true } } : { status: 502, text: 'bad gateway' }))
    const { leadId } = await seedAssignedLead(app, { method: 'webhook', url: customer.url, headers: {} })
    const delivery = app.services.delivery
    await delivery.enqueue(app.services.deps.db, leadId)
    await delivery.idle()
    for (const wait of [30_000, 120_000, 600_000]) {
      app.clock.advance(wait)
      await delivery.processDue()
    }
    expect(customer.received).toHaveLength(4)
    expect(await deliveryStatus(app, leadId)).toBe('failed')
    expect(await delivery.scheduled()).toEqual([])

    const admin = await adminToken(app)
    const failed = await app.call('deliveries/list', { status: 'failed' }, admin)
    expect(failed.ok && failed.data).toMatchObject({
      total: 1,
      rows: [
        { leadId, attempt: 4, ok: false, error: 'HTTP 502', deliveryStatus: 'failed', customerName: 'Acme Insurance' },
      ],
    })

    const viewer = await tokenFor(app, 'Viewer')
    const refused = await app.call('deliveries/resend', { leadId }, viewer)
    expect(!refused.ok && refused.error.code).toBe('FORBIDDEN')
    expect(customer.received).toHaveLength(4)

    up = true
    const operator = await tokenFor(app, 'Operator')
    const resent = await app.call('deliveries/resend', { leadId }, operator)
    expect(resent).toEqual({ ok: true, data: { deliveryStatus: 'pending' } })
    await delivery.idle()
    expect(customer.received).toHaveLength(5)
    expect(await deliveryStatus(app, leadId)).toBe('delivered')
    const stillFailed = await app.call('deliveries/list', { status: 'failed' }, admin)
    expect(stillFailed.ok && stillFailed.data).toMatchObject({ total: 0 })
    const audit = await app.services.deps.db
      .selectFrom('audit_log')
      .select(['action', 'user_name'])
      .where('action', '=', 'lead.resend')
      .execute()
    expect(audit).toEqual([{ action: 'lead.resend', user_name: 'Operator User' }])
  })

  it('refuses to re-send a lead that is not assigned', async () => {
    const app = await testApp()
    const { leadId } = await seedAssignedLead(app, { method: 'webhook', url: 'http://127.0.0.1:9/', headers: {} })
    await app.services.deps.db.updateTable('leads').set({ status: 'Returned' }).where('id', '=', leadId).execute()
    const admin = await adminToken(app)
    const result = await app.call('deliveries/resend', { leadId }, admin)
    expect(!result.ok && result.error).toMatchObject({ code: 'INVALID_STATE' })
  })
})

describe('a re-send while a retry is pending', () => {
  it('replaces the waiting retries with a fresh round instead of running both', async () => {
    const app = await testApp()
    let up = false
    const customer = await localServer(() => (up ? { body: { ok: true } } : { status: 500, text: 'down' }))
    const { leadId } = await seedAssignedLead(app, { method: 'webhook', url: customer.url, headers: {} })
    const delivery = app.services.delivery
    await delivery.enqueue(app.services.deps.db, leadId)
    await delivery.idle()
    expect(await delivery.scheduled()).toHaveLength(1)

    up = true
    const admin = await adminToken(app)
    expect((await app.call('deliveries/resend', { leadId }, admin)).ok).toBe(true)
    await delivery.idle()
    expect(customer.received).toHaveLength(2)
    expect(await delivery.scheduled()).toEqual([])
    // The old round's 30 s retry never fires.
    app.clock.advance(60 * 60_000)
    await delivery.processDue()
    expect(customer.received).toHaveLength(2)
    expect(await deliveryStatus(app, leadId)).toBe('delivered')
  })
})

describe('the retry timer', () => {
  it('never runs a turn while the previous one is still sending, and stop waits for it', async () => {
    const app = await testApp()
    let answers = 0
    const customer = await localServer(() =>
      answers++ === 0 ? { status: 500, text: 'busy' } : { body: { ok: true }, delayMs: 300 },
    )
    const { leadId } = await seedAssignedLead(app, { method: 'webhook', url: customer.url, headers: {} })
    const delivery = app.services.delivery
    await delivery.stop()
    await delivery.enqueue(app.services.deps.db, leadId)
    await delivery.idle()
    expect(customer.received).toHaveLength(1)

    let running = 0
    let most = 0
    const processDue = delivery.processDue.bind(delivery)
    vi.spyOn(delivery, 'processDue').mockImplementation(async (now) => {
      most = Math.max(most, ++running)
      try {
        await processDue(now)
      } finally {
        running -= 1
      }
    })
    app.clock.advance(30_000)
    delivery.start(10)
    await new Promise((resolve) => setTimeout(resolve, 150))
    // The retry is still waiting for the slow endpoint.
    expect(await deliveryStatus(app, leadId)).toBe('pending')
    await delivery.stop()
    expect(await deliveryStatus(app, leadId)).toBe('delivered')
    expect(customer.received).toHaveLength(2)
    expect(most).toBe(1)
  })
})
