import { describe, expect, it } from 'vitest'
import { localServer } from '../../support/local-server'
import { testSql } from '../../support/sql'
import { testApp, type TestApp } from '../../support/workspace'
import { refuseInserts } from './faults'
import { lead, operator, Seed } from './seed'

/** A workspace with one category, a fallback type on the given plan and a funded customer bidding 15.00. */
async function world(opts: { stages?: Parameters<Seed['plan']>[0]; random?: number[] } = {}) {
  const app = await testApp({ random: opts.random })
  const seed = new Seed(app)
  const plan = await seed.plan(opts.stages ?? [{ kind: 'bidding' }])
  const categoryId = await seed.category({ planId: plan })
  const typeId = await seed.leadType({ categoryId, fallback: true })
  const customerId = await seed.customer('Acme', 10_000)
  const bidId = await seed.bid({ customerId, leadTypeId: typeId, priceCents: 1500 })
  return { app, seed, plan, categoryId, typeId, customerId, bidId }
}

async function events(app: TestApp, id: number): Promise<string[]> {
  return (await app.services.leads.get(id)).events.map((e) => `${e.stage}/${e.kind}: ${e.message}`)
}

const ingest = (
  app: TestApp,
  fields = lead(),
  extra: Partial<Parameters<TestApp['services']['distribution']['ingest']>[0]> = {},
) => app.services.distribution.ingest({ sourceId: null, categorySlug: 'auto', fields, ...extra })

describe('every status is reached for the reason it states', () => {
  it('Assigned: charged, the charge on the lead, an event naming the bid', async () => {
    const { app, seed, customerId, bidId } = await world()
    seed.done()
    const r = await ingest(app)
    expect(r).toMatchObject({ status: 'Assigned', priceCents: 1500, replayed: false })
    const d = await app.services.leads.get(r.id)
    expect(d).toMatchObject({ customerId, bidId, chargedCents: 1500, assignedAt: app.clock.now() })
    expect(await app.services.wallets.balance(app.services.deps.db, customerId)).toBe(8_500)
    expect((await events(app, r.id)).at(-1)).toBe(
      'bidding/assigned: Assigned to Acme at 15.00 (bid #1): highest eligible price',
    )
  })

  it('Pending: stored without distribution when asked', async () => {
    const { app, seed, customerId } = await world()
    seed.done()
    const r = await ingest(app, lead(), { distribute: false })
    expect(r.status).toBe('Pending')
    expect(await app.services.wallets.balance(app.services.deps.db, customerId)).toBe(10_000)
    // Not picked up at start-up: it waits for its caller on purpose.
    expect(await app.services.distribution.resumePending()).toBe(0)
  })

  it('Duplicate: names the earlier lead, the key and the window', async () => {
    const { app, seed } = await world()
    seed.done()
    const first = await ingest(app, lead({ phone: '415-555-2671' }))
    app.clock.advance(86_400_000)
    const second = await ingest(app, lead({ phone: '(415) 555 2671' }))
    expect(second.status).toBe('Duplicate')
    expect((await events(app, second.id)).at(-1)).toBe(
      `duplicate/duplicate: duplicate of ${first.uuid} on phone within 30 days`,
    )
  })

  it('Unassigned: no eligible bid, with each bid and its first failed check', async () => {
    const { app, seed, typeId } = await world()
    const poor = await seed.customer('Poor Co', 1_200)
    await seed.bid({ customerId: poor, leadTypeId: typeId, priceCents: 2000 })
    seed.done()
    await testSql(app).run('UPDATE bids SET cap_day = 0 WHERE id = 1')
    seed.done()
    const r = await ingest(app)
    expect(r.status).toBe('Unassigned')
    const trace = await events(app, r.id)
    expect(trace).toContain(
      'bidding/bids: 0 of 2 bids eligible\nBid #1 Acme 15.00: daily cap 0/0\nBid #2 Poor Co 20.00: wallet 12.00 < price 20.00',
    )
    expect(trace.at(-1)).toBe('plan/unassigned: Unassigned: bidding: no eligible bid (2 considered)')
  })

  it('Audit: held by an audit condition', async () => {
    const app = await testApp()
    const seed = new Seed(app)
    const plan = await seed.plan([{ kind: 'bidding' }])
    const cat = await seed.category({
      planId: plan,
      audit: {
        conditions: { match: 'all', conditions: [{ field: 'state', op: 'equals', value: 'NY' }] },
        sourceIds: [],
        samplePercent: 0,
      },
    })
    await seed.leadType({ categoryId: cat, fallback: true })
    seed.done()
    expect((await ingest(app, lead({ state: 'NY' }))).status).toBe('Audit')
    expect((await ingest(app, lead({ state: 'CA' }))).status).toBe('Unassigned')
  })

  it('Audit: sampling uses the injected chance', async () => {
    const app = await testApp({ random: [0.05, 0.5] })
    const seed = new Seed(app)
    const cat = await seed.category({
      planId: await seed.plan([]),
      audit: { conditions: null, sourceIds: [], samplePercent: 10 },
    })
    await seed.leadType({ categoryId: cat, fallback: true })
    seed.done()
    expect((await ingest(app)).status).toBe('Audit')
    expect((await ingest(app)).status).toBe('Unassigned')
  })

  it('Uncategorized: no lead type matched and no fallback, or no category at all', async () => {
    const app = await testApp()
    const seed = new Seed(app)
    const cat = await seed.category({ match: { match: 'all', conditions: [{ field: 'vehicles', op: 'not_empty' }] } })
    await seed.leadType({
      categoryId: cat,
      conditions: { match: 'all', conditions: [{ field: 'state', op: 'equals', value: 'TX' }] },
    })
    seed.done()
    const noType = await ingest(app, lead({ state: 'CA' }))
    expect(noType.status).toBe('Uncategorized')
    expect((await events(app, noType.id)).at(-1)).toBe(
      'classify/uncategorized: Uncategorized: no lead type matched and the category has no fallback',
    )
    const noCategory = await app.services.distribution.ingest({
      sourceId: null,
      fields: { email: 'x@y.co', vehicles: '' },
    })
    expect(noCategory.status).toBe('Uncategorized')
    expect((await app.services.leads.get(noCategory.id)).categoryId).toBeNull()
    const matched = await app.services.distribution.ingest({ sourceId: null, fields: lead({ state: 'TX' }) })
    expect((await app.services.leads.get(matched.id)).categoryName).toBe('Auto insurance')
  })

  it('Withheld: the period reached the subscription threshold', async () => {
    const { app, seed } = await world()
    await seed.subscription(1)
    seed.done()
    expect((await ingest(app)).status).toBe('Assigned')
    const held = await ingest(app)
    expect(held.status).toBe('Withheld')
    expect((await events(app, held.id)).at(-1)).toBe('threshold/withheld: Withheld: 1/1 leads processed this period')
  })

  it('Marketplace: listed by a marketplace stage', async () => {
    const { app, seed } = await world({
      stages: [
        {
          kind: 'marketplace',
          startPriceCents: 2500,
          floorPriceCents: 500,
          decrementCents: 250,
          intervalMinutes: 15,
          directPostPartnerId: null,
        },
      ],
    })
    seed.done()
    const r = await ingest(app)
    expect(r.status).toBe('Marketplace')
    const listing = await testSql(app).get(
      'SELECT kind, status, start_price_cents FROM marketplace_listings WHERE lead_id = ?',
      r.id,
    )
    expect(listing).toEqual({ kind: 'auction', status: 'open', start_price_cents: 2500 })
  })

  it('Posted: ping/post to a local partner after bidding found nobody', async () => {
    const partner = await localServer((req) =>
      req.path === '/ping' ? { body: { accepted: true, price: 7.5 } } : { body: { accepted: true, id: 'ref-1' } },
    )
    const { app, seed, customerId } = await world({
      stages: [{ kind: 'bidding' }, { kind: 'pingpost', partnerIds: [] }],
    })
    await seed.partner(partner.url)
    await testSql(app).run('UPDATE customers SET active = 0 WHERE id = ?', customerId)
    seed.done()
    const r = await ingest(app)
    expect(r).toMatchObject({ status: 'Posted', priceCents: 750 })
    const d = await app.services.leads.get(r.id)
    expect(d.partnerName).toBe('Buyer Net')
    expect(d.postRecordId).not.toBeNull()
    expect(partner.received.map((x) => x.path)).toEqual(['/ping', '/post'])
    expect((await events(app, r.id)).at(-1)).toBe('pingpost/posted: Posted to Buyer Net at 7.50')
  })

  it('Returned: credited, and only a sold lead can be returned, once', async () => {
    const { app, seed, customerId } = await world()
    seed.done()
    const r = await ingest(app)
    const actor = await operator(app)
    await expect(app.services.distribution.returnLead(r.id, actor, ' ')).rejects.toThrow(/Say why/)
    expect(await app.services.distribution.returnLead(r.id, actor, 'wrong number')).toEqual({
      status: 'Returned',
      creditedCents: 1500,
      reversedCents: 0,
    })
    expect(await app.services.wallets.balance(app.services.deps.db, customerId)).toBe(10_000)
    const d = await app.services.leads.get(r.id)
    expect(d).toMatchObject({ status: 'Returned', returnReason: 'wrong number', customerId })
    await expect(app.services.distribution.returnLead(r.id, actor, 'again')).rejects.toThrow(
      /Only assigned or posted leads/,
    )
  })

  it('Distribution Error: a failing stage changes nothing else', async () => {
    const { app, seed, customerId } = await world()
    seed.done()
    // The ledger refuses the charge: the assignment, the charge and the counters must all stay undone.
    const lift = await refuseInserts(app, {
      name: 'refuse_charge',
      table: 'wallet_transactions',
      when: `new.kind = 'charge'`,
      message: 'ledger is read-only',
    })
    const r = await ingest(app)
    expect(r.status).toBe('Distribution Error')
    const d = await app.services.leads.get(r.id)
    expect(d).toMatchObject({ customerId: null, bidId: null, chargedCents: null, assignedAt: null })
    expect(d.events.at(-1)).toMatchObject({
      stage: 'bidding',
      kind: 'error',
      message: 'Distribution error in bidding: ledger is read-only',
    })
    expect(d.events.some((e) => e.kind === 'assigned')).toBe(false)
    expect(await app.services.wallets.balance(app.services.deps.db, customerId)).toBe(10_000)
    expect(await app.services.wallets.repo.ledgerSum(app.services.deps.db, customerId)).toBe(10_000)
    // Reprocessable once the cause is gone, and the cap counter was not moved by the failed attempt.
    await lift()
    await testSql(app).run('UPDATE bids SET cap_day = 1')
    seed.done()
    await Promise.resolve()
    const again = await app.services.distribution.reprocess([r.id], null, await operator(app))
    expect(again).toEqual({ outcomes: { Assigned: 1 }, skipped: [], refused: [] })
  })
})

describe('intake', () => {
  it('rejects invalid fields with a message per field and stores nothing', async () => {
    const { app, seed } = await world()
    seed.done()
    await expect(ingest(app, { first_name: '', email: 'nope', phone: '12' })).rejects.toMatchObject({
      code: 'VALIDATION',
      fields: {
        first_name: 'First name is required',
        email: 'Enter a valid email address',
        phone: 'Too short for US: 2 digits, 10 needed',
      },
    })
    await expect(ingest(app, lead(), { categorySlug: 'boats' })).rejects.toMatchObject({
      code: 'VALIDATION',
      fields: { category: 'category "boats" not found' },
    })
    expect(await testSql(app).get('SELECT COUNT(*) AS n FROM leads')).toEqual({ n: 0 })
  })

  it('an idempotency key returns the first answer instead of a second lead', async () => {
    const { app, seed, customerId } = await world()
    const source = await seed.source('Publisher')
    seed.done()
    const fields = lead()
    const a = await ingest(app, fields, { sourceId: source, idempotencyKey: 'k-1' })
    const b = await ingest(app, fields, { sourceId: source, idempotencyKey: 'k-1' })
    expect(b).toEqual({ ...a, replayed: true })
    expect(await app.services.wallets.balance(app.services.deps.db, customerId)).toBe(8_500)
  })

  it('uses the source default category when none is given', async () => {
    const { app, seed, categoryId } = await world()
    const source = await seed.source('Publisher', categoryId)
    seed.done()
    const r = await app.services.distribution.ingest({ sourceId: source, fields: lead() })
    expect(r.status).toBe('Assigned')
  })
})
