import { describe, expect, it } from 'vitest'
import { testSql } from '../../support/sql'
import { testApp, type TestApp } from '../../support/workspace'
import { refuseInserts } from './faults'
import { biddingWorld, lead, operator } from './seed'

const DAY = 86_400_000

const world = async () => biddingWorld(await testApp())

const ingest = (app: TestApp, extra: Record<string, unknown> = {}) =>
  app.services.distribution.ingest({ sourceId: null, categorySlug: 'auto', fields: lead(extra) })

async function ledgerMatchesBalances(app: TestApp): Promise<void> {
  const rows = await testSql(app).all<{ id: number; balance_cents: number }>('SELECT id, balance_cents FROM customers')
  for (const c of rows)
    expect(await app.services.wallets.repo.ledgerSum(app.services.deps.db, c.id)).toBe(c.balance_cents)
}

describe('caps, budgets and returns', () => {
  it('a daily cap stops a bid, and a return frees its place', async () => {
    const { app, seed, typeId } = await world()
    const acme = await seed.customer('Acme', 100_000)
    await seed.bid({ customerId: acme, leadTypeId: typeId, priceCents: 1500, capDay: 2 })
    seed.done()
    const a = await ingest(app)
    await ingest(app)
    const third = await ingest(app)
    expect(third.status).toBe('Unassigned')
    expect((await app.services.leads.get(third.id)).events.find((e) => e.kind === 'bids')?.data).toMatchObject({
      bids: [{ check: 'cap_day', values: { used: 2, cap: 2 } }],
    })
    expect((await app.services.leads.get(third.id)).events.find((e) => e.kind === 'bids')?.message).toContain(
      'daily cap 2/2',
    )
    await app.services.distribution.returnLead(a.id, await operator(app), 'bad lead')
    expect((await ingest(app)).status).toBe('Assigned')
    expect((await ingest(app)).status).toBe('Unassigned')
    await ledgerMatchesBalances(app)
  })

  it('caps count per day and budgets per month; counters rebuild from the database on reload', async () => {
    const { app, seed, typeId } = await world()
    const acme = await seed.customer('Acme', 100_000)
    await seed.bid({ customerId: acme, leadTypeId: typeId, priceCents: 1000, capDay: 1, budgetMonthCents: 2500 })
    seed.done()
    expect((await ingest(app)).status).toBe('Assigned')
    expect((await ingest(app)).status).toBe('Unassigned')
    app.clock.advance(DAY)
    // A settings change reloads the snapshot: the counters come back from the leads table.
    seed.done()
    expect((await ingest(app)).status).toBe('Assigned')
    app.clock.advance(DAY)
    const over = await ingest(app)
    expect(over.status).toBe('Unassigned')
    expect((await app.services.leads.get(over.id)).events.find((e) => e.kind === 'bids')?.message).toContain(
      'monthly budget 20.00 + 10.00 > 25.00',
    )
  })

  it('equal bids take turns: the customer who won least recently wins the tie', async () => {
    const { app, seed, typeId } = await world()
    const a = await seed.customer('Acme', 100_000)
    const b = await seed.customer('Bolt', 100_000)
    const c = await seed.customer('Core', 100_000)
    await seed.bid({ customerId: a, leadTypeId: typeId, priceCents: 1500 })
    await seed.bid({ customerId: b, leadTypeId: typeId, priceCents: 1500 })
    await seed.bid({ customerId: c, leadTypeId: typeId, priceCents: 1500, priority: 1 })
    seed.done()
    const winners: (string | null)[] = []
    for (let i = 0; i < 4; i++) {
      app.clock.advance(1000)
      winners.push((await app.services.leads.get((await ingest(app)).id)).customerName)
    }
    // Core's priority 1 loses to priority 0; Acme and Bolt alternate.
    expect(winners).toEqual(['Acme', 'Bolt', 'Acme', 'Bolt'])
  })

  it('the highest price wins and a wallet below the price is skipped', async () => {
    const { app, seed, typeId } = await world()
    const rich = await seed.customer('Rich', 100_000)
    const broke = await seed.customer('Broke', 1_000)
    await seed.bid({ customerId: rich, leadTypeId: typeId, priceCents: 1500 })
    await seed.bid({ customerId: broke, leadTypeId: typeId, priceCents: 2000 })
    seed.done()
    const r = await ingest(app)
    expect(await app.services.leads.get(r.id)).toMatchObject({ customerName: 'Rich', chargedCents: 1500 })
    await app.services.wallets.deposit(app.services.deps.db, await operator(app), broke, 5_000, null)
    const r2 = await ingest(app)
    expect(await app.services.leads.get(r2.id)).toMatchObject({ customerName: 'Broke', chargedCents: 2000 })
    await ledgerMatchesBalances(app)
  })

  it('a Posted lead returned by its partner touches no wallet', async () => {
    const { app } = await world()
    const r = await ingest(app)
    const q = testSql(app)
    const ledger = async () => (await q.get<{ n: number }>('SELECT COUNT(*) AS n FROM wallet_transactions'))?.n
    await q.run(`UPDATE leads SET status = 'Posted', customer_id = NULL WHERE id = ?`, r.id)
    const before = await ledger()
    expect(await app.services.distribution.returnLead(r.id, await operator(app), 'no')).toMatchObject({
      status: 'Returned',
      creditedCents: 0,
    })
    expect(await ledger()).toBe(before)
  })

  it('counters stay true while groups, failures and returns interleave', async () => {
    const { app, seed, typeId } = await world()
    const acme = await seed.customer('Acme', 100_000)
    const bidId = await seed.bid({ customerId: acme, leadTypeId: typeId, priceCents: 1000, capDay: 4 })
    seed.done()
    const q = testSql(app)
    // One lead's charge fails: its group is written again lead by lead and only that lead fails.
    await refuseInserts(app, {
      name: 'refuse_one',
      table: 'wallet_transactions',
      when: `new.kind = 'charge' AND new.lead_id = (SELECT id FROM leads WHERE email = 'locked@example.com')`,
      message: 'ledger locked',
    })
    const first = await ingest(app)
    const wave = await Promise.all([
      ...Array.from({ length: 8 }, (_, i) => ingest(app, i === 1 ? { email: 'locked@example.com' } : {})),
      app.services.distribution.returnLead(first.id, await operator(app), 'bad lead'),
    ])
    const statuses = wave.map((r) => r.status)
    // Only the lead whose charge failed is an error; the return went through.
    expect(statuses[1]).toBe('Distribution Error')
    expect(statuses.filter((x) => x === 'Distribution Error')).toHaveLength(1)
    expect(statuses[8]).toBe('Returned')
    expect(statuses.slice(0, 8).every((x) => ['Assigned', 'Unassigned', 'Distribution Error'].includes(x))).toBe(true)
    const assigned = (await q.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM leads WHERE status = 'Assigned' AND bid_id = ?`,
      bidId,
    ))!
    // The cap was reached, the failed lead's move was taken back, the return gave its place back.
    expect(statuses.filter((x) => x === 'Assigned').length).toBeGreaterThanOrEqual(3)
    const config = app.services.distribution.config
    const rule = (await config.current()).bidsById.get(bidId)
    if (!rule) throw new Error('the bid is not loaded')
    expect((await config.usage.of(app.services.deps.db, [rule], app.clock.now()))(bidId).day).toBe(assigned.n)
    expect((await ingest(app)).status).toBe(assigned.n < 4 ? 'Assigned' : 'Unassigned')
    expect((await ingest(app)).status).toBe('Unassigned')
    await ledgerMatchesBalances(app)
  })

  it('wallet ledger sums equal balances through assignments, returns, refusals and deposits', async () => {
    const { app, seed, typeId } = await world()
    const ids = [await seed.customer('A', 5_000), await seed.customer('B', 3_100), await seed.customer('C', 0)]
    for (const [i, customerId] of ids.entries())
      await seed.bid({ customerId, leadTypeId: typeId, priceCents: 1000 + i * 550, capDay: 3 })
    seed.done()
    const actor = await operator(app)
    const leads: number[] = []
    for (let i = 0; i < 12; i++) {
      const r = await ingest(app)
      leads.push(r.id)
      if (i % 4 === 0 && r.status === 'Assigned') await app.services.distribution.returnLead(r.id, actor, 'test')
      if (i === 6) await app.services.wallets.deposit(app.services.deps.db, actor, ids[2] ?? 0, 2_000, null)
      await ledgerMatchesBalances(app)
    }
    const statuses = await testSql(app).all('SELECT status, COUNT(*) AS n FROM leads GROUP BY status')
    expect(statuses.length).toBeGreaterThan(1)
  })
})
