import { describe, expect, it } from 'vitest'
import { testSql } from '../../support/sql'
import { adminToken, testApp } from '../../support/workspace'
import { refuseInserts } from './faults'
import { lead, Seed } from './seed'

async function world() {
  const app = await testApp()
  const seed = new Seed(app)
  const categoryId = await seed.category({ planId: await seed.plan([{ kind: 'bidding' }]) })
  const typeId = await seed.leadType({ categoryId, fallback: true })
  const acme = await seed.customer('Acme', 100_000)
  const bolt = await seed.customer('Bolt', 100_000)
  const high = await seed.bid({ customerId: acme, leadTypeId: typeId, priceCents: 2000 })
  const low = await seed.bid({ customerId: bolt, leadTypeId: typeId, priceCents: 1500 })
  const source = await seed.source('Publisher', categoryId)
  seed.done()
  // The engine reloads its configuration after the change; the synchronous reads (validateFields) use it.
  await app.services.distribution.config.current()
  return { app, seed, categoryId, acme, bolt, high, low, source }
}

describe('inbound ping and post', () => {
  it('quote bids without assigning and says why', async () => {
    const { app, source, high, acme } = await world()
    const q = await app.services.distribution.quote({ sourceId: source, fields: { state: 'CA', zip: '94103' } })
    expect(q.bid).toEqual({ bidId: high, customerId: acme, priceCents: 2000 })
    expect(q.trace).toContain('Bid #1 Acme 20.00: eligible at 20.00')
    expect(await testSql(app).get('SELECT COUNT(*) AS n FROM leads')).toEqual({ n: 0 })
    await expect(app.services.distribution.quote({ sourceId: source, fields: { zip: 'nope' } })).rejects.toThrow(
      expect.objectContaining({ code: 'VALIDATION', fields: { zip: 'Enter a 5-digit zip code' } }),
    )
  })

  it('a post with its ping keeps the pinged price while that bid is still eligible', async () => {
    const { app, low, bolt } = await world()
    const r = await app.services.distribution.ingest({
      sourceId: null,
      categorySlug: 'auto',
      fields: lead(),
      preferredBid: { bidId: low, priceCents: 1400 },
      pingRecordId: null,
    })
    expect(await app.services.leads.get(r.id)).toMatchObject({
      status: 'Assigned',
      customerId: bolt,
      bidId: low,
      chargedCents: 1400,
    })
  })

  it('falls back to normal bidding when the pinged bid is gone', async () => {
    const { app, low, high } = await world()
    await testSql(app).run('UPDATE bids SET active = 0 WHERE id = ?', low)
    app.events.emit('changed', { areas: ['settings'] })
    const r = await app.services.distribution.ingest({
      sourceId: null,
      categorySlug: 'auto',
      fields: lead(),
      preferredBid: { bidId: low, priceCents: 1400 },
    })
    const d = await app.services.leads.get(r.id)
    expect(d).toMatchObject({ bidId: high, chargedCents: 2000 })
    expect(d.events.map((e) => e.kind)).toContain('ping_bid_lost')
  })
})

describe('validateFields', () => {
  it('splits valid data into contact and details, or names each bad field', async () => {
    const { app, categoryId } = await world()
    expect(
      app.services.distribution.validateFields(categoryId, lead({ email: 'A@B.CO', vehicles: '3' })),
    ).toMatchObject({
      ok: true,
      contact: { email: 'a@b.co', state: 'CA' },
      details: { vehicles: 3 },
    })
    expect(app.services.distribution.validateFields(categoryId, { email: 'x' })).toEqual({
      ok: false,
      fields: {
        first_name: 'First name is required',
        email: 'Enter a valid email address',
        phone: 'Phone is required',
      },
    })
    expect(app.services.distribution.validateFields(categoryId, { zip: '94103' }, 'ping')).toMatchObject({ ok: true })
    expect(app.services.distribution.validateFields(999, {})).toEqual({
      ok: false,
      fields: { category: 'Unknown category' },
    })
  })
})

describe('the decision trace through the API', () => {
  it('leads/get returns every step in order', async () => {
    const { app } = await world()
    const token = await adminToken(app)
    const r = await app.services.distribution.ingest({ sourceId: null, categorySlug: 'auto', fields: lead() })
    const got = await app.call('leads/get', { id: r.id }, token)
    expect(got.ok).toBe(true)
    if (got.ok) {
      const events = (got.data as { events: { stage: string; kind: string }[] }).events
      expect(events.map((e) => `${e.stage}/${e.kind}`)).toEqual([
        'intake/received',
        'classify/classified',
        'duplicate/pass',
        'audit/pass',
        'threshold/pass',
        'bidding/bids',
        'bidding/assigned',
      ])
    }
  })
})

describe('group commit', () => {
  it('leads sent together are each answered, and one bad lead does not take the others down', async () => {
    const { app } = await world()
    const q = testSql(app)
    // The charge for one lead of the group fails: that lead becomes Distribution Error, the others are unaffected.
    await refuseInserts(app, {
      name: 'refuse_one',
      table: 'wallet_transactions',
      when: `new.kind = 'charge' AND new.lead_id = (SELECT id FROM leads WHERE email = 'locked@example.com')`,
      message: 'ledger locked',
    })
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        app.services.distribution.ingest({
          sourceId: null,
          categorySlug: 'auto',
          fields: lead(i === 2 ? { email: 'locked@example.com' } : {}),
        }),
      ),
    )
    expect(results.map((r) => r.status)).toEqual([
      'Assigned',
      'Assigned',
      'Distribution Error',
      'Assigned',
      'Assigned',
      'Assigned',
    ])
    expect(new Set(results.map((r) => r.uuid)).size).toBe(6)
    const stored = await q.get('SELECT COUNT(*) AS n FROM leads')
    expect(stored).toEqual({ n: 6 })
    const charges = await q.get(`SELECT COUNT(*) AS n FROM wallet_transactions WHERE kind = 'charge'`)
    expect(charges).toEqual({ n: 5 })
  })
})
