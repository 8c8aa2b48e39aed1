import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { testPostgres } from '../../support/postgres'
import {
  ensureServerBuilt,
  inPool,
  listenEvents,
  rpc,
  rpcOk,
  startServer,
  stopServers,
  waitFor,
} from '../../support/team-server'
import {
  ADMIN,
  databaseSql,
  expectMoneyConsistent,
  OPERATOR,
  postLead,
  signIn,
  statusCounts,
  teamWorld,
  uniqueLead,
} from './world'

const pg = await testPostgres('two-servers.test.ts')

const LEADS = 2_000
/** Past this many leads in the period the rest are Withheld, until the threshold is lifted. */
const THRESHOLD = 1_950
const IN_FLIGHT = 16

beforeAll(ensureServerBuilt, 180_000)
afterEach(stopServers)

describe.skipIf(!pg.baseUrl)(`two team servers on one PostgreSQL database${pg.reason ? ` (${pg.reason})` : ''}`, () => {
  it('share caps, wallets, sales, returns, background jobs and push events without doubling any', async () => {
    const url = await pg.database()
    const sql = await databaseSql(url)
    const { seed, typeId, apiKey, ready } = await teamWorld(url, [
      { kind: 'bidding' },
      // What no bid takes is listed at $10 for an hour, so operators can buy it now.
      {
        kind: 'marketplace',
        startPriceCents: 1000,
        floorPriceCents: 500,
        decrementCents: 100,
        intervalMinutes: 60,
        directPostPartnerId: null,
      },
    ])
    // Tight limits hit many times over: day caps, a day budget, wallets that run dry.
    const bids = [
      { name: 'Acme', wallet: 1_000_000, priceCents: 2000, capDay: 30 },
      { name: 'Bolt', wallet: 25_000, priceCents: 1800, capDay: 40 },
      { name: 'Core', wallet: 1_000_000, priceCents: 1500, capDay: 40, budgetDayCents: 30_000 },
      { name: 'Dash', wallet: 9_000, priceCents: 1200 },
      { name: 'Echo', wallet: 1_000_000, priceCents: 1000, capDay: 20 },
    ]
    const bidIds = new Map<number, { capDay: number | null; budgetDayCents: number | null; wallet: number }>()
    const customers = new Map<number, (typeof bids)[number]>()
    for (const b of bids) {
      const customerId = await seed.customer(b.name, b.wallet)
      customers.set(customerId, b)
      const id = await seed.bid({
        customerId,
        leadTypeId: typeId,
        priceCents: b.priceCents,
        capDay: b.capDay ?? null,
        budgetDayCents: b.budgetDayCents ?? null,
      })
      bidIds.set(id, { capDay: b.capDay ?? null, budgetDayCents: b.budgetDayCents ?? null, wallet: b.wallet })
    }
    // Buyers on the marketplace with room for 20 and 15 leads at $10.
    const xena = await seed.customer('Xena', 20_000)
    const yuri = await seed.customer('Yuri', 15_000)
    await seed.subscription(THRESHOLD, 1)
    await ready()

    const [a, b] = await Promise.all([startServer('server A', url), startServer('server B', url)])
    const servers = [a, b]
    const operator = await signIn(a, OPERATOR)

    // 2,000 leads, alternately to each server's intake API, 16 in flight.
    const started = Date.now()
    const posted = await inPool(
      Array.from({ length: LEADS }, () => uniqueLead()),
      IN_FLIGHT,
      (body, i) => postLead(servers[i % 2]!, apiKey, body),
    )
    const intakeMs = Date.now() - started
    expect(posted.filter((p) => p.status !== 201)).toEqual([])
    const counts = await statusCounts(sql)
    expect(Object.values(counts).reduce((s, n) => s + n, 0)).toBe(LEADS)
    // The threshold is counted in the database: exactly THRESHOLD leads went through, whichever server took them.
    expect(counts.Withheld).toBe(LEADS - THRESHOLD)
    expect(counts.Pending).toBeUndefined()
    // Every limit was reached, and filled exactly: each cap to its last lead, the budget and the
    // wallets to less than one more price (hundreds of leads went on to the marketplace).
    for (const [bidId, limits] of bidIds) {
      const usage = await sql.get<{ day_leads: number; day_cents: number }>(
        'SELECT day_leads, day_cents FROM bid_usage WHERE bid_id = ?',
        bidId,
      )
      // (Bolt's wallet runs dry before its cap.)
      if (limits.capDay !== null && limits.budgetDayCents === null && limits.wallet >= 1_000_000)
        expect(usage?.day_leads).toBe(limits.capDay)
      if (limits.budgetDayCents !== null)
        expect(limits.budgetDayCents - Number(usage?.day_cents)).toBeLessThan(
          bids.find((x) => x.budgetDayCents)!.priceCents,
        )
    }
    for (const [customerId, c] of customers) {
      if (c.wallet >= 1_000_000) continue
      const balance = await sql.get<{ b: number }>('SELECT balance_cents AS b FROM customers WHERE id = ?', customerId)
      expect(Number(balance?.b), `${c.name}'s wallet`).toBeLessThan(c.priceCents)
    }

    // A return through server A reaches an operator's screen connected to server B.
    const assigned = await sql.all<{ id: number }>(`SELECT id FROM leads WHERE status = 'Assigned' ORDER BY id`)
    const screenB = await listenEvents(b, operator)
    const first = assigned.shift()!
    // Nothing happens on B meanwhile (the load is over; no listing closes for hours).
    const before = screenB.events.length
    await rpcOk(a, 'leads/return', { id: first.id, reason: 'Wrong phone number' }, operator)
    await waitFor('the return on server A as a push event on server B', () =>
      screenB.events
        .slice(before)
        .some((e) => e.event === 'changed' && ((e.data as { areas?: string[] }).areas ?? []).includes('leads')),
    )
    screenB.close()

    // 50 listed leads: each bought now on both servers (for different buyers) and returned on
    // both, all at once; 20 assigned leads returned on both servers at once.
    const listed = await sql.all<{ lead_id: number; id: number }>(
      `SELECT lead_id, id FROM marketplace_listings WHERE status = 'open' ORDER BY id LIMIT 50`,
    )
    expect(listed).toHaveLength(50)
    const twiceReturned = assigned.slice(0, 20)
    const ret = (server: (typeof servers)[number], id: number) =>
      rpc(server, 'leads/return', { id, reason: 'Invalid email' }, operator)
    const calls = [
      ...listed.flatMap((l, i) => [
        () => rpc(servers[i % 2]!, 'auctions/buy', { listingId: l.id, customerId: xena }, operator),
        () => rpc(servers[(i + 1) % 2]!, 'auctions/buy', { listingId: l.id, customerId: yuri }, operator),
        () => ret(a, l.lead_id),
        () => ret(b, l.lead_id),
      ]),
      ...twiceReturned.flatMap((l) => [() => ret(a, l.id), () => ret(b, l.id)]),
    ]
    const answers = await Promise.all(calls.map((call) => call()))
    const failures = answers.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.code))
    // Losers are told why (already sold, wallet too low, not assigned, changed meanwhile), never a crash.
    const errorLines = () =>
      servers
        .flatMap((s) =>
          s
            .output()
            .split('\n')
            .filter((l) => /"level":50|Error/.test(l)),
        )
        .join('\n')
    expect(
      failures.filter((code) => code === 'INTERNAL'),
      errorLines(),
    ).toEqual([])
    const onListed = answers.slice(0, 200)
    const bought = onListed.filter((r, i) => i % 4 < 2 && r.ok).length
    const returnedAfterSale = onListed.filter((r, i) => i % 4 >= 2 && r.ok).length
    // Xena's and Yuri's wallets hold 35 leads between them, plus what returns credited back.
    expect(bought).toBeGreaterThan(0)
    expect(bought).toBeLessThanOrEqual(35 + returnedAfterSale)
    // A lead is returned once at most, and only after it was sold.
    for (let i = 0; i < listed.length; i++) {
      const [x, y, ra, rb] = onListed.slice(4 * i, 4 * i + 4).map((r) => r.ok)
      expect([x, y].filter(Boolean).length, `listing ${listed[i]!.id} sold`).toBeLessThanOrEqual(1)
      expect([ra, rb].filter(Boolean).length, `listed lead ${listed[i]!.lead_id} returned`).toBeLessThanOrEqual(
        x || y ? 1 : 0,
      )
    }
    const sales = await sql.all<{ lead_id: number; n: number }>(
      `SELECT lead_id, COUNT(*) AS n FROM marketplace_listings WHERE status = 'sold' GROUP BY lead_id`,
    )
    expect(sales.filter((s) => Number(s.n) > 1)).toEqual([])
    expect(sales).toHaveLength(bought)
    // Every assigned lead returned on both servers: returned once, credited once.
    const returnedTwice = answers.slice(200)
    for (let i = 0; i < twiceReturned.length; i++) {
      expect([returnedTwice[2 * i]!.ok, returnedTwice[2 * i + 1]!.ok].filter(Boolean)).toHaveLength(1)
    }
    const returnedIds = [first.id, ...twiceReturned.map((l) => l.id)]
    const credits = await sql.all<{ lead_id: number }>(
      `SELECT lead_id FROM wallet_transactions WHERE kind = 'credit' AND lead_id IN (${returnedIds.map(() => '?').join(',')})`,
      ...returnedIds,
    )
    expect(credits.map((c) => c.lead_id).sort((x, y) => x - y)).toEqual(returnedIds.sort((x, y) => x - y))

    // The withheld-release job: lifting the threshold on server B wakes it on both servers (the
    // settings change is relayed); it runs once, and each Withheld lead is released exactly once.
    const withheld = await sql.all<{ id: number }>(`SELECT id FROM leads WHERE status = 'Withheld' ORDER BY id`)
    const admin = await signIn(b, ADMIN)
    await rpcOk(b, 'subscription/update', { threshold: null, periodStartDay: 1 }, admin)
    await waitFor('every Withheld lead released', async () => (await statusCounts(sql)).Withheld === undefined, {
      timeoutMs: 60_000,
      everyMs: 250,
    })
    const releases = await sql.all<{ lead_id: number; n: number }>(
      `SELECT lead_id, COUNT(*) AS n FROM lead_events WHERE kind = 'released' GROUP BY lead_id ORDER BY lead_id`,
    )
    expect(releases.map((r) => [r.lead_id, Number(r.n)])).toEqual(withheld.map((w) => [w.id, 1]))
    const job = await sql.get<{ runs: number; last_error: string | null }>(
      `SELECT runs, last_error FROM jobs WHERE name = 'withheld-release'`,
    )
    expect(job?.last_error).toBeNull()

    // No bid holds more leads than its day cap, or more money than its day budget (the whole run
    // is one day), and the database's counters agree with the leads.
    for (const [bidId, limits] of bidIds) {
      const held = await sql.get<{ n: number; cents: number | null }>(
        `SELECT COUNT(*) AS n, SUM(charged_cents) AS cents FROM leads WHERE bid_id = ? AND status = 'Assigned'`,
        bidId,
      )
      if (limits.capDay !== null) expect(Number(held?.n), `bid ${bidId} leads today`).toBeLessThanOrEqual(limits.capDay)
      if (limits.budgetDayCents !== null)
        expect(Number(held?.cents ?? 0), `bid ${bidId} spend today`).toBeLessThanOrEqual(limits.budgetDayCents)
      const usage = await sql.get<{ day_leads: number }>('SELECT day_leads FROM bid_usage WHERE bid_id = ?', bidId)
      expect(Number(usage?.day_leads ?? 0), `bid ${bidId} day counter`).toBe(Number(held?.n))
    }
    await expectMoneyConsistent(sql)
    expect(a.exited || b.exited).toBe(false)
    console.info(
      `team servers: ${LEADS} leads in ${intakeMs} ms (${Math.round((LEADS * 1000) / intakeMs)}/s); ` +
        `${bought} bought now, ${returnedAfterSale} of them returned; ${failures.length} calls refused; statuses ${JSON.stringify(await statusCounts(sql))}`,
    )
  }, 180_000)
})
