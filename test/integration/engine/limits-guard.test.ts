import { afterEach, describe, expect, it, vi } from 'vitest'
import { PipelineRepository } from '../../../src/main/db/repositories/distribution/pipeline'
import { usageRepository } from '../../../src/main/db/repositories/distribution/usage'
import { NO_USAGE } from '../../../src/main/engine/bidding'
import { randomIds } from '../../../src/main/services/deps'
import { Usage } from '../../../src/main/services/distribution/usage'
import { testDialect } from '../../support/dialect'
import { testSql } from '../../support/sql'
import { testApp, type TestApp } from '../../support/workspace'
import { biddingWorld, lead } from './seed'

afterEach(() => {
  vi.restoreAllMocks()
})

const world = async () => biddingWorld(await testApp())

const ingest = (app: TestApp, n = 0) =>
  app.services.distribution.ingest({
    sourceId: null,
    categorySlug: 'auto',
    fields: lead({ email: `guard${n}@example.com`, phone: `555${String(1_000_000 + n)}` }),
  })

async function assignedTo(app: TestApp, customerId: number): Promise<number> {
  const row = await testSql(app).get<{ n: number }>(
    `SELECT count(*) AS n FROM leads WHERE status = 'Assigned' AND customer_id = ?`,
    customerId,
  )
  return Number(row?.n)
}

async function ledgerMatchesBalances(app: TestApp): Promise<void> {
  const rows = await testSql(app).all<{ id: number; balance_cents: number }>('SELECT id, balance_cents FROM customers')
  for (const c of rows) {
    expect(Number(c.balance_cents)).toBeGreaterThanOrEqual(0)
    expect(await app.services.wallets.repo.ledgerSum(app.services.deps.db, c.id)).toBe(Number(c.balance_cents))
  }
}

describe('limits are guarded by the database', () => {
  it('a cap another server filled since bidding read it turns the award down: the next bid takes the lead', async () => {
    const { app, seed, typeId } = await world()
    const acme = await seed.customer('Acme', 100_000)
    const bolt = await seed.customer('Bolt', 100_000)
    const acmeBid = await seed.bid({ customerId: acme, leadTypeId: typeId, priceCents: 2000, capDay: 1 })
    await seed.bid({ customerId: bolt, leadTypeId: typeId, priceCents: 1500 })
    seed.done()
    expect((await ingest(app, 1)).status).toBe('Assigned')
    expect(await assignedTo(app, acme)).toBe(1)
    // Bidding now reads Acme's day as empty, as a server that read it just before the first lead would.
    vi.spyOn(Usage.prototype, 'of').mockResolvedValue(() => NO_USAGE)
    const second = await ingest(app, 2)
    expect(second.status).toBe('Assigned')
    const detail = await app.services.leads.get(second.id)
    expect(detail.customerName).toBe('Bolt')
    const refused = detail.events.filter((e) => e.kind === 'refused')
    expect(refused).toHaveLength(1)
    expect(refused[0]?.message).toContain(`Bid #${acmeBid} Acme 20.00: refused at assignment`)
    expect(await assignedTo(app, acme)).toBe(1)
    const usage = await testSql(app).get<{ day_leads: number; day_cents: number }>(
      'SELECT day_leads, day_cents FROM bid_usage WHERE bid_id = ?',
      acmeBid,
    )
    expect(usage).toEqual({ day_leads: 1, day_cents: 2000 })
    await ledgerMatchesBalances(app)
  })

  it('a wallet another server emptied since bidding read it turns the award down, with no charge written', async () => {
    const { app, seed, typeId } = await world()
    const acme = await seed.customer('Acme', 2_500)
    const bolt = await seed.customer('Bolt', 100_000)
    await seed.bid({ customerId: acme, leadTypeId: typeId, priceCents: 2000 })
    await seed.bid({ customerId: bolt, leadTypeId: typeId, priceCents: 1500 })
    seed.done()
    expect((await app.services.leads.get((await ingest(app, 1)).id)).customerName).toBe('Acme')
    // Bidding now reads Acme's wallet as it was before that charge.
    const real = PipelineRepository.prototype.balances
    vi.spyOn(PipelineRepository.prototype, 'balances').mockImplementation(async function (
      this: PipelineRepository,
      db,
      ids,
    ) {
      const balances = await real.call(this, db, ids)
      balances.set(acme, 2_500)
      return balances
    })
    const second = await ingest(app, 2)
    const detail = await app.services.leads.get(second.id)
    expect(detail.status).toBe('Assigned')
    expect(detail.customerName).toBe('Bolt')
    expect(detail.events.find((e) => e.kind === 'refused')?.message).toContain(
      'Wallet balance 5.00 is below the price 20.00',
    )
    expect(await assignedTo(app, acme)).toBe(1)
    await ledgerMatchesBalances(app)
  })

  it('a bid without limits counts each lead once, so a cap set later starts from the right number', async () => {
    const { app, seed, typeId } = await world()
    const acme = await seed.customer('Acme', 100_000)
    const acmeBid = await seed.bid({ customerId: acme, leadTypeId: typeId, priceCents: 1000 })
    seed.done()
    // Its counters' first row is written at its first assignment, with that lead already Assigned.
    await ingest(app, 1)
    await ingest(app, 2)
    expect(await testSql(app).get('SELECT day_leads, day_cents FROM bid_usage WHERE bid_id = ?', acmeBid)).toEqual({
      day_leads: 2,
      day_cents: 2000,
    })
    await testSql(app).run('UPDATE bids SET cap_day = 3 WHERE id = ?', acmeBid)
    seed.done()
    expect((await ingest(app, 3)).status).toBe('Assigned')
    expect((await ingest(app, 4)).status).toBe('Unassigned')
  })

  it('a period row another server writes between the guard and its check still lets the lead through', async () => {
    const { app, seed, typeId } = await world()
    await seed.bid({ customerId: await seed.customer('Acme', 100_000), leadTypeId: typeId, priceCents: 1000 })
    await seed.subscription(5, 1)
    seed.done()
    // The first guarded UPDATE finds no row; by the time it is checked, another server has written it.
    const take = usageRepository.takeProcessed.bind(usageRepository)
    let raced = false
    vi.spyOn(usageRepository, 'takeProcessed').mockImplementation(async (db, start, threshold) => {
      if (raced) return take(db, start, threshold)
      raced = true
      await usageRepository.seedProcessed(db, start, 0)
      return false
    })
    expect((await ingest(app, 1)).status).toBe('Assigned')
    expect(raced).toBe(true)
    expect(Number((await testSql(app).get<{ n: number }>('SELECT processed AS n FROM subscription_usage'))?.n)).toBe(1)
  })

  it('a lead that leaves Assigned gives its place back, whoever changes it', async () => {
    const { app, seed, typeId } = await world()
    const acme = await seed.customer('Acme', 100_000)
    const acmeBid = await seed.bid({ customerId: acme, leadTypeId: typeId, priceCents: 1000, capDay: 2 })
    seed.done()
    const first = await ingest(app, 1)
    await ingest(app, 2)
    expect((await ingest(app, 3)).status).toBe('Unassigned')
    // Deleted outside the engine (another server's operator): the trigger moves the counters.
    const q = testSql(app)
    await q.run('DELETE FROM lead_events WHERE lead_id = ?', first.id)
    await q.run('DELETE FROM wallet_transactions WHERE lead_id = ?', first.id)
    await q.run('DELETE FROM leads WHERE id = ?', first.id)
    expect(await q.get('SELECT day_leads, day_cents FROM bid_usage WHERE bid_id = ?', acmeBid)).toEqual({
      day_leads: 1,
      day_cents: 1000,
    })
    expect((await ingest(app, 4)).status).toBe('Assigned')
    expect((await ingest(app, 5)).status).toBe('Unassigned')
  })
})

// Two apps in one test process share its thread: on SQLite one would wait for the other's write lock
// while holding the thread the other needs to finish. Servers sharing a database run on PostgreSQL.
describe.skipIf(testDialect !== 'postgres')('two servers on one database', () => {
  it('assign leads taken at once by both without passing a cap or emptying a wallet', async () => {
    const { app, seed, typeId } = await world()
    const acme = await seed.customer('Acme', 1_000_000)
    const bolt = await seed.customer('Bolt', 10_000)
    const core = await seed.customer('Core', 1_000_000)
    const acmeBid = await seed.bid({ customerId: acme, leadTypeId: typeId, priceCents: 2000, capDay: 7 })
    await seed.bid({ customerId: bolt, leadTypeId: typeId, priceCents: 1500 })
    await seed.bid({ customerId: core, leadTypeId: typeId, priceCents: 1000 })
    seed.done()
    const other = await testApp({ path: app.workspace, ids: randomIds })
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => ingest(i % 2 === 0 ? app : other, i)))
    expect(results.map((r) => r.status)).toEqual(results.map(() => 'Assigned'))
    // Acme's cap exactly filled, Bolt's 100.00 spent to its last 10.00, Core took the rest.
    expect(await assignedTo(app, acme)).toBe(7)
    expect(await assignedTo(app, bolt)).toBe(6)
    expect(await assignedTo(app, core)).toBe(27)
    const balance = await testSql(app).get<{ b: number }>('SELECT balance_cents AS b FROM customers WHERE id = ?', bolt)
    expect(Number(balance?.b)).toBe(1_000)
    expect(
      Number(
        (await testSql(app).get<{ n: number }>('SELECT day_leads AS n FROM bid_usage WHERE bid_id = ?', acmeBid))?.n,
      ),
    ).toBe(7)
    await ledgerMatchesBalances(app)
  })

  it('let no more leads through the subscription threshold than it allows', async () => {
    const { app, seed, typeId } = await world()
    const acme = await seed.customer('Acme', 1_000_000)
    await seed.bid({ customerId: acme, leadTypeId: typeId, priceCents: 1000 })
    await seed.subscription(10, 1)
    seed.done()
    const other = await testApp({ path: app.workspace, ids: randomIds })
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => ingest(i % 2 === 0 ? app : other, i)))
    expect(results.filter((r) => r.status === 'Assigned')).toHaveLength(10)
    expect(results.filter((r) => r.status === 'Withheld')).toHaveLength(20)
    expect(Number((await testSql(app).get<{ n: number }>('SELECT processed AS n FROM subscription_usage'))?.n)).toBe(10)
  })
})
