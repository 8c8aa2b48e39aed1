import { describe, expect, it, vi } from 'vitest'
import type { CloseOutcome, ListingRow, OfferRow } from '../../../src/shared/api/marketplace'
import type { Page } from '../../../src/shared/domain/page'
import { offersRoute } from '../../../src/main/intake/offers'
import type { IntakeContext } from '../../../src/main/intake/types'
import { ok } from '../../support/calls'
import { testSql } from '../../support/sql'
import { adminToken, testApp, tokenFor, type TestApp } from '../../support/workspace'
import { seedImport } from './seed'

/** Imports three leads for the customer through the API; their auctions close in 24 hours. */
async function importThree(app: TestApp, token: string, balanceCents?: number) {
  const seed = await seedImport(app.services.deps.db, app.clock.now(), balanceCents)
  const csv = 'first_name,last_name,email\nAnn,Lee,ann@example.com\nBob,Stone,bob@example.com\nCy,Ray,cy@example.com\n'
  const { uploadId } = await ok<{ uploadId: string }>(
    app,
    'imports/upload',
    { fileName: 'three.csv', chunk: Buffer.from(csv).toString('base64'), done: true },
    token,
  )
  await ok(
    app,
    'imports/start',
    {
      uploadId,
      categoryId: seed.categoryId,
      customerId: seed.customerId,
      mapping: { first_name: 0, last_name: 1, email: 2 },
      auctionHours: 24,
      jobId: 'job-three',
    },
    token,
  )
  return seed
}

function intakeCtx(app: TestApp): IntakeContext {
  return { services: app.services } as unknown as IntakeContext
}

describe('reverse auctions', () => {
  it('the lowest offer wins: the lead is assigned, the wallet charged and the payout recorded', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const seed = await importThree(app, token)
    const open = await ok<Page<ListingRow>>(app, 'marketplace/list', { kind: 'reverse' }, token)
    expect(open.total).toBe(3)
    const first = open.rows[0]
    expect(first).toMatchObject({ leadName: 'Ann Lee', customerName: 'Acme Agency', status: 'open', offerCount: 0 })
    const listingId = first?.id ?? 0

    await ok(app, 'marketplace/offer', { listingId, sourceId: seed.sourceId, priceCents: 300 }, token)
    app.clock.advance(1_000)
    await ok(
      app,
      'marketplace/offer',
      { listingId, sourceId: seed.cheapSourceId, priceCents: 250, note: 'by phone' },
      token,
    )
    app.clock.advance(1_000)
    // A later offer at the same price does not beat the earlier one.
    await ok(app, 'marketplace/offer', { listingId, sourceId: seed.sourceId, priceCents: 250 }, token)
    const offers = await ok<OfferRow[]>(app, 'marketplace/offers', { listingId }, token)
    expect(offers.map((o) => [o.sourceName, o.priceCents, o.userName])).toEqual([
      ['Budget Leads', 250, 'Ada Admin'],
      ['Lead Farm', 250, 'Ada Admin'],
      ['Lead Farm', 300, 'Ada Admin'],
    ])

    const outcome = await ok<CloseOutcome>(app, 'marketplace/close', { listingId }, token)
    expect(outcome).toEqual({
      status: 'sold',
      leadStatus: 'Assigned',
      winnerSourceId: seed.cheapSourceId,
      priceCents: 250,
      message: 'Reverse auction won by Budget Leads at 2.50 (closed by Ada Admin); assigned to Acme Agency',
    })
    const q = testSql(app)
    const leadId = first?.leadId ?? 0
    expect(
      await q.get('SELECT status, customer_id, charged_cents, cost_cents, source_id FROM leads WHERE id = ?', leadId),
    ).toEqual({
      status: 'Assigned',
      customer_id: seed.customerId,
      charged_cents: 250,
      cost_cents: 250,
      source_id: seed.cheapSourceId,
    })
    expect(await q.get('SELECT balance_cents FROM customers WHERE id = ?', seed.customerId)).toEqual({
      balance_cents: 50_000 - 250,
    })
    expect(await q.all("SELECT amount_cents, lead_id FROM wallet_transactions WHERE kind = 'charge'")).toEqual([
      { amount_cents: -250, lead_id: leadId },
    ])
    expect(
      await q.get(
        'SELECT status, winner_customer_id, winner_source_id, price_cents FROM marketplace_listings WHERE id = ?',
        listingId,
      ),
    ).toEqual({
      status: 'sold',
      winner_customer_id: seed.customerId,
      winner_source_id: seed.cheapSourceId,
      price_cents: 250,
    })
    // Closed auctions take no more offers and cannot be closed twice.
    const late = await app.call('marketplace/offer', { listingId, sourceId: seed.sourceId, priceCents: 100 }, token)
    expect(late).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } })
    const again = await app.call('marketplace/close', { listingId }, token)
    expect(again).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } })
    const closed = await ok<Page<ListingRow>>(app, 'marketplace/list', { kind: 'reverse', state: 'closed' }, token)
    expect(closed.rows.map((r) => [r.status, r.winnerSourceName, r.priceCents])).toEqual([
      ['sold', 'Budget Leads', 250],
    ])
  })

  it('closes at the deadline: with an offer it sells, without one the lead is unassigned', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const seed = await importThree(app, token)
    const open = await ok<Page<ListingRow>>(app, 'marketplace/list', { kind: 'reverse' }, token)
    const [a, b] = open.rows
    // Sources offer through the intake API with their key.
    const source = { id: seed.sourceId, name: 'Lead Farm', defaultCategoryId: null, active: true }
    const reply = await offersRoute.handle(
      { source, body: { lead_id: a?.leadUuid, price: 4.5 }, headers: {} },
      intakeCtx(app),
    )
    expect(reply).toEqual({ status: 201, body: { offer_id: 1, listing_id: a?.id, price: 4.5 } })
    const bad = await offersRoute.handle({ source, body: { listing_id: b?.id }, headers: {} }, intakeCtx(app))
    expect(bad).toMatchObject({ status: 422, body: { fields: { price: expect.any(String) } } })

    expect(await app.services.reverseAuctions.tick(app.clock.now() + 23 * 3_600_000)).toBe(0)
    app.clock.advance(24 * 3_600_000)
    expect(await app.services.reverseAuctions.tick()).toBe(3)
    const q = testSql(app)
    expect(await q.all('SELECT id, status, charged_cents FROM leads ORDER BY id')).toEqual([
      { id: a?.leadId, status: 'Assigned', charged_cents: 450 },
      { id: b?.leadId, status: 'Unassigned', charged_cents: null },
      { id: 3, status: 'Unassigned', charged_cents: null },
    ])
    expect(await q.all('SELECT status FROM marketplace_listings ORDER BY id')).toEqual([
      { status: 'sold' },
      { status: 'expired' },
      { status: 'expired' },
    ])
    const events = await q.all("SELECT message FROM lead_events WHERE lead_id = ? AND kind = 'unassigned'", b?.leadId)
    expect(events).toEqual([{ message: 'Reverse auction closed (deadline reached) without offers' }])
    // After its deadline an auction refuses offers even before the timer closes it.
    const afterDeadline = await offersRoute.handle(
      { source, body: { listing_id: a?.id, price: 1 }, headers: {} },
      intakeCtx(app),
    )
    expect(afterDeadline.status).toBe(409)
  })

  it('an offer the wallet cannot cover closes the auction without a charge', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const seed = await importThree(app, token, 100)
    const open = await ok<Page<ListingRow>>(app, 'marketplace/list', { kind: 'reverse' }, token)
    const listingId = open.rows[0]?.id ?? 0
    await ok(app, 'marketplace/offer', { listingId, sourceId: seed.sourceId, priceCents: 500 }, token)
    const outcome = await ok<CloseOutcome>(app, 'marketplace/close', { listingId }, token)
    expect(outcome).toMatchObject({ status: 'closed', leadStatus: 'Unassigned', priceCents: null })
    expect(outcome.message).toContain('wallet 1.00 < price 5.00')
    expect(await testSql(app).get("SELECT count(*) AS n FROM wallet_transactions WHERE kind = 'charge'")).toEqual({
      n: 0,
    })
  })

  it('only operators who may edit leads enter offers or close auctions', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const viewer = await tokenFor(app, 'Viewer')
    const seed = await importThree(app, token)
    const open = await ok<Page<ListingRow>>(app, 'marketplace/list', { kind: 'reverse' }, viewer)
    const listingId = open.rows[0]?.id ?? 0
    const offer = await app.call('marketplace/offer', { listingId, sourceId: seed.sourceId, priceCents: 1 }, viewer)
    expect(offer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const close = await app.call('marketplace/close', { listingId }, viewer)
    expect(close).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const negative = await app.call('marketplace/offer', { listingId, sourceId: seed.sourceId, priceCents: -5 }, token)
    expect(negative).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })
})

describe('the deadline timer', () => {
  it('never closes auctions in two ticks at once, and stop waits for the tick under way', async () => {
    const app = await testApp()
    const reverse = app.services.reverseAuctions
    await reverse.stop()
    let running = 0
    let most = 0
    let finished = 0
    const target = reverse as unknown as { closeDue: (now: number) => Promise<number> }
    const closeDue = target.closeDue.bind(reverse)
    vi.spyOn(target, 'closeDue').mockImplementation(async (now) => {
      most = Math.max(most, ++running)
      try {
        await new Promise((resolve) => setTimeout(resolve, 100))
        return await closeDue(now)
      } finally {
        running -= 1
        finished += 1
      }
    })
    reverse.start(10)
    await new Promise((resolve) => setTimeout(resolve, 150))
    await reverse.stop()
    expect(running).toBe(0)
    expect(most).toBe(1)
    expect(finished).toBeGreaterThanOrEqual(1)
    expect(finished).toBeLessThanOrEqual(2)
  })
})
