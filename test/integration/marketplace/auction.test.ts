import { describe, expect, it, vi } from 'vitest'
import type { Stage } from '../../../src/shared/domain/config'
import type { LedgerEntry } from '../../../src/shared/api/settings/wallets'
import { ok } from '../../support/calls'
import { localServer } from '../../support/local-server'
import { adminToken, type TestApp, testApp, tokenFor } from '../../support/workspace'
import { lead, Seed } from '../engine/seed'

const MIN = 60_000

/** A lead listed on the marketplace: $25 dropping $2.50 every 15 minutes to a $5 floor. */
async function listed(
  options: { partnerUrl?: string; setup?: (seed: Seed, typeId: number, app: TestApp) => void | Promise<void> } = {},
) {
  const app = await testApp()
  const seed = new Seed(app)
  const { store } = app.services.deps
  const partnerId = options.partnerUrl
    ? Number(
        store.run(
          store.q
            .insertInto('partners')
            .values({ name: 'Fallback Buyer', post_url: `${options.partnerUrl}/post`, created_at: 0 }),
        ).lastInsertRowid,
      )
    : null
  const stage: Stage = {
    kind: 'marketplace',
    startPriceCents: 2500,
    floorPriceCents: 500,
    decrementCents: 250,
    intervalMinutes: 15,
    directPostPartnerId: partnerId,
  }
  const plan = await seed.plan([stage])
  const category = await seed.category({ planId: plan })
  const typeId = await seed.leadType({ categoryId: category, fallback: true })
  const buyer = await seed.customer('Buyer Co', 10_000)
  await options.setup?.(seed, typeId, app)
  seed.done()
  const openedAt = app.clock.now()
  const result = await app.services.distribution.ingest({ sourceId: null, categorySlug: 'auto', fields: lead() })
  const listing = await app.services.deps.db
    .selectFrom('marketplace_listings')
    .selectAll()
    .where('lead_id', '=', result.id)
    .executeTakeFirst()
  if (!listing) throw new Error('the lead was not listed')
  return { app, seed, leadId: result.id, status: result.status, listing, openedAt, buyer, typeId }
}

function leadRow(app: TestApp, id: number) {
  return app.services.deps.db
    .selectFrom('leads')
    .select(['status', 'customer_id', 'charged_cents', 'partner_id', 'post_record_id'])
    .where('id', '=', id)
    .executeTakeFirst()
}

describe('marketplace auction', () => {
  it('lists the lead and steps its price down each whole interval to the floor', async () => {
    const { app, listing, status, openedAt } = await listed()
    expect(status).toBe('Marketplace')
    const auctions = app.services.auctions
    const at = (minutes: number): number => auctions.currentPrice(listing, openedAt + minutes * MIN)
    expect([at(0), at(14.99), at(15), at(30), at(44), at(119), at(120), at(500)]).toEqual([
      2500, 2500, 2250, 2000, 2000, 750, 500, 500,
    ])
    // The floor is offered for one full interval, then the auction closes.
    expect(listing.closes_at).toBe(openedAt + 9 * 15 * MIN)
  })

  it('sells at the current price on buy-now, charging the wallet, and refuses a second buyer', async () => {
    const { app, listing, leadId, buyer, seed } = await listed()
    const rival = await seed.customer('Rival', 10_000)
    seed.done()
    const operator = await tokenFor(app, 'Operator')
    const viewer = await tokenFor(app, 'Viewer')
    app.clock.advance(31 * MIN)

    const refused = await app.call('auctions/buy', { listingId: listing.id, customerId: buyer }, viewer)
    expect(!refused.ok && refused.error.code).toBe('FORBIDDEN')

    const bought = await app.call('auctions/buy', { listingId: listing.id, customerId: buyer }, operator)
    expect(bought).toEqual({ ok: true, data: { leadId, priceCents: 2000, balanceCents: 8_000 } })
    expect(await leadRow(app, leadId)).toMatchObject({ status: 'Assigned', customer_id: buyer, charged_cents: 2000 })
    expect(await app.services.wallets.balance(app.services.deps.db, buyer)).toBe(8_000)

    const second = await app.call('auctions/buy', { listingId: listing.id, customerId: rival }, operator)
    expect(!second.ok && second.error).toMatchObject({ code: 'CONFLICT', message: 'This lead was already sold' })
    expect(await app.services.wallets.balance(app.services.deps.db, rival)).toBe(10_000)
  })

  it('quotes the price and the wallet after, buys at no more than the confirmed price, and the charge names the operator', async () => {
    const { app, listing, leadId, buyer } = await listed()
    const operator = await tokenFor(app, 'Operator')
    app.clock.advance(16 * MIN)
    const quote = await app.call('auctions/buyQuote', { listingId: listing.id, customerId: buyer }, operator)
    expect(quote).toEqual({
      ok: true,
      data: {
        listingId: listing.id,
        customerId: buyer,
        customerName: 'Buyer Co',
        priceCents: 2250,
        balanceCents: 10_000,
        balanceAfterCents: 7_750,
      },
    })
    // Confirmed at a price below the current one (the listing changed meanwhile): refused, nothing moves.
    const tooHigh = await app.call(
      'auctions/buy',
      { listingId: listing.id, customerId: buyer, maxPriceCents: 2000 },
      operator,
    )
    expect(!tooHigh.ok && tooHigh.error).toMatchObject({
      code: 'CONFLICT',
      message: 'The price is now 22.50, above the 20.00 confirmed',
    })
    expect((await leadRow(app, leadId))?.status).toBe('Marketplace')
    expect(await app.services.wallets.balance(app.services.deps.db, buyer)).toBe(10_000)

    // The price fell between the quote and the click: the customer pays the lower, current one.
    app.clock.advance(15 * MIN)
    const bought = await app.call(
      'auctions/buy',
      { listingId: listing.id, customerId: buyer, maxPriceCents: 2250 },
      operator,
    )
    expect(bought).toEqual({ ok: true, data: { leadId, priceCents: 2000, balanceCents: 8_000 } })
    const { store } = app.services.deps
    const user = store.sqlite.prepare(`SELECT id FROM users WHERE email = 'operator@example.com'`).get() as {
      id: number
    }
    expect(
      store.sqlite.prepare(`SELECT kind, amount_cents, user_id FROM wallet_transactions WHERE lead_id = ?`).all(leadId),
    ).toEqual([{ kind: 'charge', amount_cents: -2000, user_id: user.id }])
    const ledger = await ok<{ rows: LedgerEntry[] }>(app, 'wallets/ledger', { customerId: buyer }, operator)
    expect(ledger.rows[0]).toMatchObject({
      kind: 'charge',
      amountCents: -2000,
      userName: 'Operator User',
    })
  })

  it('quotes nothing for an inactive customer: buying for it is refused up front', async () => {
    const { app, listing, buyer } = await listed()
    const operator = await tokenFor(app, 'Operator')
    app.services.deps.store.sqlite.prepare('UPDATE customers SET active = 0 WHERE id = ?').run(buyer)
    const quote = await app.call('auctions/buyQuote', { listingId: listing.id, customerId: buyer }, operator)
    expect(!quote.ok && quote.error).toMatchObject({ code: 'INVALID_STATE', message: 'Buyer Co is inactive' })
  })

  it('refuses buy-now when the wallet does not cover the price, changing nothing', async () => {
    const { app, listing, leadId, seed } = await listed()
    const poor = await seed.customer('Poor Co', 1_000)
    seed.done()
    const admin = await adminToken(app)
    const result = await app.call('auctions/buy', { listingId: listing.id, customerId: poor }, admin)
    expect(!result.ok && result.error).toMatchObject({
      code: 'INVALID_STATE',
      message: 'Wallet 10.00 is below the price 25.00',
    })
    expect((await leadRow(app, leadId))?.status).toBe('Marketplace')
    expect(await app.services.wallets.balance(app.services.deps.db, poor)).toBe(1_000)
  })

  it('lets a standing buy order take the listing at the price that first reached its maximum', async () => {
    let ordersFor: { matching: number; filtered: number; broke: number } | null = null
    const { app, leadId, openedAt } = await listed({
      setup: async (seed, typeId, app) => {
        const patient = await seed.customer('Patient Co', 10_000)
        const picky = await seed.customer('Picky Co', 10_000)
        const broke = await seed.customer('Broke Co', 100)
        const { store } = app.services.deps
        const order = (customerId: number, max: number, filters: unknown = null): number =>
          Number(
            store.run(
              store.q.insertInto('buy_orders').values({
                customer_id: customerId,
                lead_type_id: typeId,
                filters: filters === null ? null : JSON.stringify(filters),
                max_price_cents: max,
                created_at: 0,
              }),
            ).lastInsertRowid,
          )
        ordersFor = {
          matching: order(patient, 1800, { match: 'all', conditions: [{ field: 'state', op: 'equals', value: 'CA' }] }),
          filtered: order(picky, 2400, { match: 'all', conditions: [{ field: 'state', op: 'equals', value: 'NY' }] }),
          broke: order(broke, 2200),
        }
      },
    })
    expect(ordersFor).not.toBeNull()
    const auctions = app.services.auctions

    // $18 is first reached at the third drop ($17.50, after 45 minutes).
    expect(await auctions.tick(openedAt + 44 * MIN)).toEqual({ sold: 0, posted: 0, unassigned: 0 })
    expect((await leadRow(app, leadId))?.status).toBe('Marketplace')

    // Settled late: the order still pays the price of the moment it was reached.
    app.clock.set(openedAt + 70 * MIN)
    expect(await auctions.tick(app.clock.now())).toEqual({ sold: 1, posted: 0, unassigned: 0 })
    const row = await leadRow(app, leadId)
    expect(row).toMatchObject({ status: 'Assigned', charged_cents: 1750 })
    const detail = await app.services.leads.get(leadId)
    const messages = detail.events.map((e) => e.message)
    expect(messages).toContain('Buy order #3 of Broke Co: wallet 1.00 < price 20.00')
    expect(messages.filter((m) => m.startsWith('Buy order #3'))).toHaveLength(1)
    expect(messages).toContain('Taken by the buy order #1 of Patient Co at 17.50 (maximum 18.00)')
  })

  it('posts an unsold lead to the stage partner once the floor interval is over', async () => {
    const partnerServer = await localServer(() => ({ body: { accepted: true, id: 'dp-9', price: 4 } }))
    const { app, leadId, openedAt } = await listed({ partnerUrl: partnerServer.url })
    expect(await app.services.auctions.tick(openedAt + 134 * MIN)).toEqual({ sold: 0, posted: 0, unassigned: 0 })
    app.clock.set(openedAt + 135 * MIN)
    expect(await app.services.auctions.tick(app.clock.now())).toEqual({ sold: 0, posted: 1, unassigned: 0 })
    expect(partnerServer.received).toHaveLength(1)
    expect(partnerServer.received[0]?.json).toMatchObject({ first_name: 'Jane', state: 'CA' })
    const row = await leadRow(app, leadId)
    expect(row).toMatchObject({ status: 'Posted', partner_id: expect.any(Number), post_record_id: expect.any(Number) })
    const { store } = app.services.deps
    const record = store.first(
      store.q
        .selectFrom('pingpost_records')
        .selectAll()
        .where('id', '=', row?.post_record_id ?? -1),
    )
    expect(record).toMatchObject({ kind: 'post', direction: 'outbound', outcome: 'accepted', lead_id: leadId })
    // Its trace line names that record and keeps the exact body the partner received.
    const line = (await app.services.leads.get(leadId)).events.find(
      (e) => e.stage === 'direct_post' && e.kind === 'partner',
    )?.data as { record?: string; request?: { body: string | null } } | undefined
    expect(line?.record).toBe(record?.public_id)
    expect(line?.request?.body).toBe(partnerServer.received[0]?.body)
    // Closed: nobody can buy it any more.
    const admin = await adminToken(app)
    const listing = await app.services.deps.db
      .selectFrom('marketplace_listings')
      .selectAll()
      .where('lead_id', '=', leadId)
      .executeTakeFirst()
    const late = await app.call('auctions/buy', { listingId: listing?.id, customerId: 1 }, admin)
    expect(!late.ok && late.error.code).toBe('CONFLICT')
  })

  it('leaves the lead Unassigned when the partner declines the direct post, with the reason', async () => {
    const partnerServer = await localServer(() => ({ body: { accepted: false, reason: 'outside our area' } }))
    const { app, leadId, openedAt } = await listed({ partnerUrl: partnerServer.url })
    app.clock.set(openedAt + 135 * MIN)
    expect(await app.services.auctions.tick(app.clock.now())).toEqual({ sold: 0, posted: 0, unassigned: 1 })
    expect((await leadRow(app, leadId))?.status).toBe('Unassigned')
    const messages = (await app.services.leads.get(leadId)).events.map((e) => e.message)
    expect(messages.some((m) => m.includes('declined: outside our area'))).toBe(true)
  })

  it('a direct post without an answer leaves the lead Outcome Unknown, and later ticks do not post it again', async () => {
    const partnerServer = await localServer(() => ({ body: { accepted: true }, delayMs: 60_000 }))
    const { app, leadId, openedAt } = await listed({
      partnerUrl: partnerServer.url,
      setup: (_seed, _type, a) => a.services.deps.store.sqlite.prepare('UPDATE partners SET timeout_ms = 200').run(),
    })
    app.clock.set(openedAt + 135 * MIN)
    await app.services.auctions.tick(app.clock.now())
    expect((await leadRow(app, leadId))?.status).toBe('Outcome Unknown')
    expect((await app.services.leads.get(leadId)).events.map((e) => e.message)).toContain(
      'post to Fallback Buyer: outcome unknown — timed out after 200 ms',
    )
    app.clock.advance(15 * MIN)
    await app.services.auctions.tick(app.clock.now())
    expect(partnerServer.received).toHaveLength(1)
    expect((await leadRow(app, leadId))?.status).toBe('Outcome Unknown')
  })

  it('leaves the lead Unassigned at the floor when the stage names no partner', async () => {
    const { app, leadId, openedAt } = await listed()
    app.clock.set(openedAt + 135 * MIN)
    expect(await app.services.auctions.tick(app.clock.now())).toEqual({ sold: 0, posted: 0, unassigned: 1 })
    expect((await leadRow(app, leadId))?.status).toBe('Unassigned')
    expect((await app.services.leads.get(leadId)).events.map((e) => e.message)).toContain(
      'Unsold at the floor 5.00; no direct-post partner',
    )
  })
})

describe('buy orders API', () => {
  it('saves, lists and deletes orders for settings managers only, with the audit log', async () => {
    const app = await testApp()
    const seed = new Seed(app)
    const category = await seed.category()
    const typeId = await seed.leadType({ categoryId: category, fallback: true })
    const customerId = await seed.customer('Acme', 0)
    seed.done()
    const manager = await tokenFor(app, 'Manager')
    const operator = await tokenFor(app, 'Operator')
    const input = { customerId, leadTypeId: typeId, maxPriceCents: 1200 }

    const refused = await app.call('buyOrders/save', input, operator)
    expect(!refused.ok && refused.error.code).toBe('FORBIDDEN')

    const bad = await app.call('buyOrders/save', { ...input, customerId: 999 }, manager)
    expect(!bad.ok && bad.error).toMatchObject({ code: 'VALIDATION', fields: { customerId: 'Unknown customer' } })

    const saved = await app.call('buyOrders/save', input, manager)
    expect(saved.ok && saved.data).toMatchObject({
      customerName: 'Acme',
      leadTypeName: 'Standard',
      maxPriceCents: 1200,
      filters: null,
      active: true,
    })
    const id = saved.ok ? (saved.data as { id: number }).id : 0
    const updated = await app.call('buyOrders/save', { ...input, id, maxPriceCents: 1500, active: false }, manager)
    expect(updated.ok && updated.data).toMatchObject({ id, maxPriceCents: 1500, active: false })
    const list = await app.call('buyOrders/list', {}, manager)
    expect(list.ok && list.data).toHaveLength(1)
    expect((await app.call('buyOrders/delete', { id }, manager)).ok).toBe(true)
    const missing = await app.call('buyOrders/delete', { id }, manager)
    expect(!missing.ok && missing.error.code).toBe('NOT_FOUND')
    const { store } = app.services.deps
    const actions = store.all(store.q.selectFrom('audit_log').select('action').orderBy('id')).map((r) => r.action)
    expect(actions).toEqual(expect.arrayContaining(['buyOrder.create', 'buyOrder.update', 'buyOrder.delete']))
  })
})

describe('a buy order placed late', () => {
  it('takes an already cheaper listing at its price when the order is placed, not the earlier step', async () => {
    const { app, leadId, openedAt, typeId, seed } = await listed()
    const lateBuyer = await seed.customer('Late Co', 10_000)
    seed.done()
    // 50 minutes in, the price is $17.50; an order up to $24 arrives now.
    app.clock.set(openedAt + 50 * MIN)
    const manager = await tokenFor(app, 'Manager')
    const saved = await app.call(
      'buyOrders/save',
      { customerId: lateBuyer, leadTypeId: typeId, maxPriceCents: 2400 },
      manager,
    )
    expect(saved.ok).toBe(true)
    expect(await app.services.auctions.tick(app.clock.now())).toEqual({ sold: 1, posted: 0, unassigned: 0 })
    expect(await leadRow(app, leadId)).toMatchObject({
      status: 'Assigned',
      customer_id: lateBuyer,
      charged_cents: 1750,
    })
  })
})

describe('the settling timer', () => {
  it('skips its turn while a tick is still under way, and stop waits for that tick', async () => {
    const partnerServer = await localServer(() => ({ body: { accepted: true, id: 'dp-1', price: 4 }, delayMs: 300 }))
    const { app, leadId, openedAt } = await listed({ partnerUrl: partnerServer.url })
    const auctions = app.services.auctions
    await auctions.stop()
    const settling = vi.spyOn(auctions as unknown as { settleAll: (now: number) => Promise<unknown> }, 'settleAll')
    app.clock.set(openedAt + 135 * MIN)
    auctions.start(10)
    await new Promise((resolve) => setTimeout(resolve, 150))
    // The partner is still answering: the tick is under way.
    expect((await leadRow(app, leadId))?.status).toBe('Marketplace')
    await auctions.stop()
    expect((await leadRow(app, leadId))?.status).toBe('Posted')
    expect(partnerServer.received).toHaveLength(1)
    expect(settling).toHaveBeenCalledTimes(1)
  })
})
