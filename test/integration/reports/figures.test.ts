import { describe, expect, it } from 'vitest'
import { ReverseAuctionsRepository } from '../../../src/main/db/repositories/reverse-auctions'
import type { LeadRow } from '../../../src/shared/domain/lead'
import type { Page } from '../../../src/shared/domain/page'
import { localServer } from '../../support/local-server'
import { testSql } from '../../support/sql'
import { testApp, tokenFor, type TestApp } from '../../support/workspace'
import { lead, operator, Seed } from '../engine/seed'
import { downloaded } from '../imports/helpers'
import { readFileSync } from 'node:fs'
import type { FileDelivery } from '../../../src/shared/api/exports'

const HOUR = 3_600_000
const DAY = 24 * HOUR
/** The test clock starts Monday 2026-01-05 15:00 UTC. */
const TODAY = Date.UTC(2026, 0, 5)

/**
 * A workspace whose outcomes are known lead by lead:
 * - yesterday 09:00: #1 Acme 15.00 (Assigned);
 * - today 10:00 on: #2 Acme 15.00 (later Returned), #3 Acme 15.00 (Assigned; Acme's daily cap of 2
 *   is reached), #4 CA: Acme capped, Beta only takes TX → Unassigned (daily cap), #5 TX → Beta
 *   12.00 (Assigned, with a reverse-auction payout of 3.00), #6 duplicate of #3's phone, #7 home →
 *   partner 20.00 (Posted, no source), #8 home → the partner bids nothing (Unassigned, declined).
 */
async function world(): Promise<{ app: TestApp; ids: Record<string, number> }> {
  const app = await testApp()
  const seed = new Seed(app)
  let pings = 0
  const partner = await localServer((req) => {
    if (req.path !== '/ping') return { body: { accepted: true, id: 'ref-1' } }
    pings += 1
    return { body: pings === 1 ? { accepted: true, price: 20 } : { accepted: false } }
  })
  const bidding = await seed.plan([{ kind: 'bidding' }])
  const pingpost = await seed.plan([{ kind: 'pingpost', partnerIds: [] }], 'Partners')
  const auto = await seed.category({ planId: bidding })
  const home = await seed.category({ slug: 'home', name: 'Home', planId: pingpost })
  const standard = await seed.leadType({ categoryId: auto, fallback: true })
  const homeType = await seed.leadType({ categoryId: home, name: 'Homeowner', fallback: true })
  const acme = await seed.customer('Acme', 10_000)
  const beta = await seed.customer('Beta', 5_000)
  const acmeBid = await seed.bid({ customerId: acme, leadTypeId: standard, priceCents: 1500, capDay: 2 })
  await seed.bid({
    customerId: beta,
    leadTypeId: standard,
    priceCents: 1200,
    scope: { kind: 'state', values: ['TX'] },
  })
  const web = await seed.source('Web form')
  await seed.partner(partner.url)
  seed.done()
  await app.services.reports.setTimeZone(await operator(app, 'Setup Admin'), 'UTC')
  const ingest = async (fields: Record<string, unknown>, slug = 'auto', sourceId: number | null = web) =>
    (await app.services.distribution.ingest({ sourceId, categorySlug: slug, fields })).id

  app.clock.set(TODAY - DAY + 9 * HOUR)
  const ids: Record<string, number> = { yesterday: await ingest(lead({ state: 'CA' })) }
  app.clock.set(TODAY + 10 * HOUR)
  ids.returned = await ingest(lead({ state: 'CA' }))
  app.clock.advance(60_000)
  ids.assigned = await ingest(lead({ state: 'CA', phone: '+1 415 555 0199' }))
  app.clock.advance(60_000)
  ids.capped = await ingest(lead({ state: 'CA' }))
  app.clock.advance(60_000)
  ids.beta = await ingest(lead({ state: 'TX' }))
  await new ReverseAuctionsRepository().recordPayout(app.services.deps.db, ids.beta, web, 300)
  app.clock.advance(60_000)
  ids.duplicate = await ingest(lead({ state: 'CA', phone: '+1 415 555 0199' }))
  app.clock.set(TODAY + 11 * HOUR)
  ids.posted = await ingest(lead(), 'home', null)
  ids.declined = await ingest(lead(), 'home', null)
  await app.services.distribution.returnLead(ids.returned, await operator(app), 'wrong number')
  app.clock.set(TODAY + 12 * HOUR + 30 * 60_000)
  Object.assign(ids, { acme, beta, acmeBid, web, standard, homeType, auto, home })
  return { app, ids }
}

describe('reports on a workspace with known outcomes', () => {
  it('gives exact figures for today against yesterday, per table, reason and hour', async () => {
    const { app, ids } = await world()
    const statuses = await testSql(app).all<{ id: number; status: string }>(`SELECT id, status FROM leads ORDER BY id`)
    expect(statuses.map((r) => r.status)).toEqual([
      'Assigned',
      'Returned',
      'Assigned',
      'Unassigned',
      'Assigned',
      'Duplicate',
      'Posted',
      'Unassigned',
    ])
    const reports = app.services.reports

    const summary = await reports.summary({ preset: 'today' })
    expect(summary.period).toEqual({ from: TODAY, to: TODAY + 13 * HOUR })
    // Today until 12:30 against yesterday until the same hour's end.
    expect(summary.previous).toEqual({ from: TODAY - DAY, to: TODAY - DAY + 13 * HOUR })
    expect(summary.current).toEqual({
      received: 7,
      sold: 3, // #3 and #5 Assigned, #7 Posted
      returned: 1,
      soldRate: 3 / 7,
      revenueCents: 1500 + 1200, // #2's charge was credited back
      partnerRevenueCents: 2000,
      payoutsCents: 300,
      marginCents: 1500 + 1200 + 2000 - 300,
    })
    expect(summary.before).toEqual({
      received: 1,
      sold: 1,
      returned: 0,
      soldRate: 1,
      revenueCents: 1500,
      partnerRevenueCents: 0,
      payoutsCents: 0,
      marginCents: 1500,
    })

    const reasons = await reports.reasons({ preset: 'today' })
    expect(reasons.total).toBe(3)
    expect(reasons.rows.map((r) => [r.reason, r.count])).toEqual([
      ['daily_cap', 1],
      ['duplicate', 1],
      ['partner_declined', 1],
    ])

    // Each reason opens exactly its leads in the leads table.
    for (const [reason, id] of [
      ['daily_cap', ids.capped],
      ['duplicate', ids.duplicate],
      ['partner_declined', ids.declined],
    ] as const) {
      const page = (await app.services.leads.list({
        page: 1,
        pageSize: 50,
        sort: { column: 'createdAt', direction: 'desc' },
        filter: { unsoldReason: reason, createdFrom: reasons.period.from, createdTo: reasons.period.to },
      })) as Page<LeadRow>
      expect([reason, page.total, page.rows.map((r) => r.id)]).toEqual([reason, 1, [id]])
    }

    const byCustomer = await reports.breakdown({ preset: 'today', by: 'customer' })
    expect(byCustomer.rows).toEqual([
      {
        id: ids.acme,
        name: 'Acme',
        received: 2,
        sold: 1,
        soldRate: 0.5,
        returned: 1,
        returnRate: 0.5,
        revenueCents: 1500,
        avgPriceCents: 1500,
      },
      {
        id: ids.beta,
        name: 'Beta',
        received: 1,
        sold: 1,
        soldRate: 1,
        returned: 0,
        returnRate: 0,
        revenueCents: 1200,
        avgPriceCents: 1200,
      },
    ])
    const bySource = await reports.breakdown({ preset: 'today', by: 'source' })
    expect(bySource.rows.map((r) => [r.name, r.received, r.sold, r.returned, r.revenueCents, r.avgPriceCents])).toEqual(
      [
        ['Web form', 5, 2, 1, 2700, 1350],
        ['No source (operator, import)', 2, 1, 0, 2000, 2000],
      ],
    )
    const byType = await reports.breakdown({ preset: 'today', by: 'leadType' })
    expect(byType.rows.map((r) => [r.name, r.received, r.sold, r.soldRate])).toEqual([
      ['Standard', 5, 2, 0.4],
      ['Homeowner', 2, 1, 0.5],
    ])
    const byPartner = await reports.breakdown({ preset: 'today', by: 'partner' })
    expect(byPartner.rows.map((r) => [r.name, r.received, r.sold, r.revenueCents])).toEqual([['Buyer Net', 1, 1, 2000]])

    // Seven days: yesterday's lead comes from the daily rollup, today's hours from the hourly one.
    const weekByCustomer = await reports.breakdown({ preset: '7d', by: 'customer' })
    expect(weekByCustomer.rows.map((r) => [r.name, r.received, r.sold, r.returned, r.revenueCents])).toEqual([
      ['Acme', 3, 2, 1, 3000],
      ['Beta', 1, 1, 0, 1200],
    ])

    const series = await reports.series({ preset: 'today' })
    expect(series.bucket).toBe('hour')
    expect(series.points).toHaveLength(13)
    expect(series.points[10]).toEqual({
      at: TODAY + 10 * HOUR,
      byStatus: { Returned: 1, Assigned: 2, Unassigned: 1, Duplicate: 1 },
      revenueCents: 2700,
    })
    expect(series.points[11]).toEqual({
      at: TODAY + 11 * HOUR,
      byStatus: { Posted: 1, Unassigned: 1 },
      revenueCents: 2000,
    })
    const week = await reports.series({ preset: '7d' })
    expect(week.bucket).toBe('day')
    expect(week.points.map((p) => p.at)).toEqual([6, 5, 4, 3, 2, 1, 0].map((d) => TODAY - d * DAY))
    expect(week.points.at(-2)?.byStatus).toEqual({ Assigned: 1 })
  })

  it('groups days in the workspace time zone', async () => {
    const { app } = await world()
    // New York is UTC-5 in January: yesterday 09:00 UTC is yesterday 04:00 there, today 10:00-11:00
    // UTC is today 05:00-06:00, and "now" (12:30 UTC) is 07:30 there.
    await app.services.reports.setTimeZone(await operator(app, 'Zone Admin'), 'America/New_York')
    const week = await app.services.reports.series({ preset: '7d' })
    expect(week.points.at(-1)?.at).toBe(TODAY + 5 * HOUR)
    expect(week.points.at(-1)?.byStatus).toMatchObject({ Assigned: 2, Posted: 1 })
    expect(week.points.at(-2)?.byStatus).toEqual({ Assigned: 1 })
    const today = await app.services.reports.summary({ preset: 'today' })
    expect(today.period).toEqual({ from: TODAY + 5 * HOUR, to: TODAY + 13 * HOUR })
    expect(today.current.received).toBe(7)
    // Local days start at 05:00 UTC: the tables add whole UTC days and the hours at both edges.
    const bySource = await app.services.reports.breakdown({ preset: '7d', by: 'source' })
    expect(bySource.rows.map((r) => [r.name, r.received, r.sold])).toEqual([
      ['Web form', 6, 3],
      ['No source (operator, import)', 2, 1],
    ])
  })

  it('forecasts the caps reached today and the wallets about to run out', async () => {
    const { app, ids } = await world()
    // #2 was returned: it no longer counts against the cap, so Acme has 1 of 2 today, at 1 per
    // 12.5 hours: the next one would come after midnight, so no cap is forecast.
    expect((await app.services.reports.forecast({ walletLeads: 5 })).caps).toEqual([])
    // Acme: 10,000 − 1,500 × 3 + 1,500 back = 7,000 → 4 leads at 15.00; Beta: 3,800 → 3 at 12.00.
    let f = await app.services.reports.forecast({ walletLeads: 5 })
    expect(f.wallets.map((w) => [w.customerName, w.balanceCents, w.leadsLeft])).toEqual([
      ['Beta', 3800, 3],
      ['Acme', 7000, 4],
    ])
    // Beta took 1 lead in 12.5 hours: its 3 more last 37.5 hours at that rate.
    expect(f.wallets[0]?.runsOutAt).toBe(TODAY + 12.5 * HOUR + 3 * 12.5 * HOUR)
    expect((await app.services.reports.forecast({ walletLeads: 3 })).wallets.map((w) => w.customerName)).toEqual([
      'Beta',
    ])

    // Two more leads by 13:00: Acme's second sale of the day reaches its cap; at 2 per 13 hours a
    // cap of 3 would be reached 6.5 hours later, before midnight.
    app.clock.set(TODAY + 13 * HOUR)
    await app.services.distribution.ingest({ sourceId: null, categorySlug: 'auto', fields: lead({ state: 'CA' }) })
    f = await app.services.reports.forecast({ walletLeads: 5 })
    expect(f.caps).toEqual([
      {
        bidId: ids.acmeBid,
        customerId: ids.acme,
        customerName: 'Acme',
        leadTypeName: 'Standard',
        capDay: 2,
        usedToday: 2,
        perHour: 2 / 13,
        reachesAt: null,
        reached: true,
      },
    ])
    await testSql(app).run('UPDATE bids SET cap_day = 3 WHERE id = ?', ids.acmeBid)
    f = await app.services.reports.forecast({ walletLeads: 5 })
    expect(f.caps.map((c) => [c.usedToday, c.reached, c.reachesAt])).toEqual([[2, false, TODAY + 19.5 * HOUR]])
  })

  it('exports a table to CSV through the same download as lead exports', async () => {
    const { app } = await world()
    const token = await tokenFor(app, 'Manager')
    const result = await app.call('reports/export', { preset: 'today', table: 'customer' }, token)
    if (!result.ok) throw new Error(result.error.message)
    const { rows, delivery } = result.data as { rows: number; delivery: FileDelivery }
    expect(rows).toBe(2)
    expect(delivery).toMatchObject({ kind: 'download', fileName: 'report-customer-2026-01-05-to-2026-01-05.csv' })
    expect(readFileSync(downloaded(app, delivery), 'utf8').split('\r\n')).toEqual([
      'Name,Received,Sold,Sold rate %,Revenue,Returned,Return rate %,Average price',
      'Acme,2,1,50.0,15.00,1,50.0,15.00',
      'Beta,1,1,100.0,12.00,0,0.0,12.00',
      '',
    ])
    const reasons = await app.call('reports/export', { preset: 'today', table: 'reasons' }, token)
    if (!reasons.ok) throw new Error(reasons.error.message)
    const file = readFileSync(downloaded(app, (reasons.data as { delivery: FileDelivery }).delivery), 'utf8')
    expect(file).toBe('Reason,Leads\r\nDaily cap reached,1\r\nDuplicate,1\r\nPartner declined,1\r\n')
  })

  it('is for reports.view holders only, checked in main', async () => {
    const { app } = await world()
    const admin = await tokenFor(app, 'Admin', 'boss@example.com')
    const manager = await tokenFor(app, 'Manager')
    const op = await tokenFor(app, 'Operator')
    expect((await app.call('reports/summary', { preset: 'today' }, admin)).ok).toBe(true)
    expect((await app.call('reports/breakdown', { preset: '7d', by: 'source' }, manager)).ok).toBe(true)
    const refused = await app.call('reports/reasons', { preset: 'today' }, op)
    expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN')
    const bad = await app.call('reports/summary', { preset: 'custom' }, admin)
    expect(bad.ok ? null : bad.error.code).toBe('VALIDATION')
    // The time zone is a setting: Managers change it (logged), Operators may not, unknown zones are refused.
    const zone = await app.call('reports/setTimeZone', { timeZone: 'Europe/Paris' }, manager)
    expect(zone).toEqual({ ok: true, data: { timeZone: 'Europe/Paris' } })
    expect((await app.services.reports.summary({ preset: 'today' })).timeZone).toBe('Europe/Paris')
    const entry = await testSql(app).get<{ action: string; summary: string }>(
      `SELECT action, summary FROM audit_log WHERE action = 'reports.timeZone' ORDER BY id DESC LIMIT 1`,
    )
    expect(entry).toEqual({ action: 'reports.timeZone', summary: 'Reports time zone: Europe/Paris' })
    const unknown = await app.call('reports/setTimeZone', { timeZone: 'Mars/Olympus' }, admin)
    expect(unknown.ok ? null : unknown.error.code).toBe('VALIDATION')
    const operatorZone = await app.call('reports/setTimeZone', { timeZone: 'UTC' }, op)
    expect(operatorZone.ok ? null : operatorZone.error.code).toBe('FORBIDDEN')
  })
})
