import { describe, expect, it } from 'vitest'
import { ReportsRepository } from '../../../src/main/db/repositories/reports'
import { inTransaction } from '../../../src/main/db/transaction'
import type { ImportPreview } from '../../../src/shared/api/imports'
import { ok } from '../../support/calls'
import { localServer } from '../../support/local-server'
import { testSql } from '../../support/sql'
import { adminToken, testApp, type TestApp } from '../../support/workspace'
import { upload } from '../imports/helpers'
import { operator, Seed } from '../engine/seed'

const HOUR = 3_600_000
const OPERATIONS = 2_000

/** Seeded chance (mulberry32), so a failure replays exactly. */
function chance(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

async function expectRollupsExact(app: TestApp, repo: ReportsRepository, step: number): Promise<void> {
  const db = app.services.deps.db
  const [stored, scanned, mismatches] = [await repo.stored(db), await repo.scanned(db), await repo.reasonMismatches(db)]
  expect({ step, rows: stored }).toEqual({ step, rows: scanned })
  expect({ step, mismatches }).toEqual({ step, mismatches: 0 })
}

describe('rollups after a random sequence of operations', () => {
  it(`equal a full scan of the leads after ${OPERATIONS} intakes, returns, reprocesses, deletes and imports`, async () => {
    const app = await testApp()
    const random = chance(20260105)
    const pick = <T>(xs: readonly T[]): T | undefined => xs[Math.floor(random() * xs.length)]
    const partner = await localServer((req) => {
      const r = random()
      if (req.path === '/ping')
        return { body: r < 0.6 ? { accepted: true, price: 5 + Math.floor(r * 20) } : { accepted: false } }
      return { body: r < 0.8 ? { accepted: true, id: 'ok' } : { accepted: false } }
    })
    const seed = new Seed(app)
    const bidding = await seed.plan([{ kind: 'bidding' }, { kind: 'pingpost', partnerIds: [] }])
    const direct = await seed.plan([{ kind: 'bidding' }], 'Bidding only')
    const auto = await seed.category({ planId: direct, duplicate: { keys: ['phone'], days: 30 } })
    const home = await seed.category({ slug: 'home', name: 'Home', planId: bidding })
    const types = [
      await seed.leadType({
        categoryId: auto,
        name: 'Texas',
        priority: 1,
        conditions: { match: 'all', conditions: [{ field: 'state', op: 'equals', value: 'TX' }] },
      }),
      await seed.leadType({ categoryId: auto, name: 'Standard', priority: 2, fallback: true }),
      await seed.leadType({ categoryId: home, name: 'Homeowner', fallback: true }),
    ]
    const customers = [
      await seed.customer('Acme', 20_000),
      await seed.customer('Beta', 3_000),
      await seed.customer('Gamma', 8_000),
    ]
    await seed.bid({ customerId: customers[0] ?? 0, leadTypeId: types[1] ?? 0, priceCents: 1500, capDay: 6 })
    await seed.bid({
      customerId: customers[1] ?? 0,
      leadTypeId: types[1] ?? 0,
      priceCents: 1200,
      scope: { kind: 'state', values: ['CA'] },
    })
    await seed.bid({ customerId: customers[2] ?? 0, leadTypeId: types[0] ?? 0, priceCents: 900, budgetDayCents: 3_000 })
    await seed.bid({ customerId: customers[2] ?? 0, leadTypeId: types[2] ?? 0, priceCents: 700, capDay: 4 })
    const sources = [await seed.source('Web form'), await seed.source('Publisher'), null]
    await seed.partner(partner.url)
    seed.done()
    const token = await adminToken(app)
    const actor = await operator(app)
    const repo = new ReportsRepository(app.services.deps.dialect)
    const q = testSql(app)
    const ids = async (statuses: string[]) =>
      (
        await q.all<{ id: number }>(
          `SELECT id FROM leads WHERE status IN (${statuses.map(() => '?').join(', ')}) ORDER BY id`,
          ...statuses,
        )
      ).map((r) => Number(r.id))
    let phone = 0
    const fields = () => {
      // A small pool of phones: some leads are duplicates of earlier ones.
      const p = random() < 0.1 && phone > 0 ? Math.floor(random() * phone) : phone++
      return {
        first_name: 'Ann',
        last_name: 'Lee',
        email: `ann${Math.floor(random() * 1e9)}@example.com`,
        phone: `+1 415 ${String(200 + Math.floor(p / 9000)).padStart(3, '0')} ${String(1000 + (p % 9000)).padStart(4, '0')}`,
        state: pick(['CA', 'TX', 'NY']),
        zip: '94103',
        vehicles: 2,
      }
    }
    const counts: Record<string, number> = {}
    for (let step = 1; step <= OPERATIONS; step++) {
      const r = random()
      const op =
        r < 0.42
          ? 'intake'
          : r < 0.5
            ? 'intake-home'
            : r < 0.56
              ? 'clock'
              : r < 0.62
                ? 'return'
                : r < 0.78
                  ? 'reprocess'
                  : r < 0.84
                    ? 'delete'
                    : r < 0.87
                      ? 'import'
                      : r < 0.91
                        ? 'close-auction'
                        : r < 0.96
                          ? 'deposit'
                          : 'pending'
      counts[op] = (counts[op] ?? 0) + 1
      switch (op) {
        case 'intake':
        case 'pending':
          await app.services.distribution.ingest({
            sourceId: pick(sources) ?? null,
            categorySlug: 'auto',
            fields: fields(),
            distribute: op === 'intake',
          })
          break
        case 'intake-home':
          await app.services.distribution.ingest({
            sourceId: pick(sources) ?? null,
            categorySlug: 'home',
            fields: fields(),
          })
          break
        case 'clock':
          app.clock.advance(Math.floor(random() * 5 * HOUR))
          break
        case 'return': {
          const id = pick(await ids(['Assigned', 'Posted']))
          if (id !== undefined) await app.services.distribution.returnLead(id, actor, 'bad phone')
          break
        }
        case 'reprocess': {
          const all = await ids(['Unassigned', 'Pending', 'Uncategorized'])
          const chosen = [...new Set([pick(all), pick(all)].filter((x) => x !== undefined))]
          if (chosen.length > 0) await app.services.distribution.reprocess(chosen, null, actor)
          break
        }
        case 'delete': {
          const id = pick(await ids(['Assigned', 'Posted', 'Returned', 'Unassigned', 'Duplicate', 'Pending']))
          if (id !== undefined) await app.services.leads.delete(actor, { ids: [id] })
          break
        }
        case 'import': {
          const rows = Array.from({ length: 1 + Math.floor(random() * 4) }, () => {
            const f = fields()
            return `${f.first_name},${f.last_name},${f.email},${f.phone},${f.state},${f.zip}`
          })
          const uploadId = await upload(app, token, ['First name,Last name,Email,Phone,State,Zip', ...rows].join('\n'))
          const { autoMapping } = await ok<ImportPreview>(app, 'imports/preview', { uploadId, categoryId: auto }, token)
          await ok(
            app,
            'imports/start',
            {
              uploadId,
              categoryId: auto,
              customerId: pick(customers),
              mapping: autoMapping,
              jobId: `job-import-${step}`,
            },
            token,
          )
          break
        }
        case 'close-auction': {
          const listing = pick(
            await q.all<{ id: number }>(
              `SELECT id FROM marketplace_listings WHERE kind = 'reverse' AND status = 'open' AND closes_at > ?`,
              app.clock.now(),
            ),
          )
          if (!listing) break
          const sourceId = sources[0] ?? 0
          if (random() < 0.7)
            await app.services.reverseAuctions.offer({
              listingId: Number(listing.id),
              sourceId,
              priceCents: 100 + Math.floor(random() * 900),
              actor,
            })
          await app.services.reverseAuctions.close(Number(listing.id), actor)
          break
        }
        case 'deposit':
          await inTransaction(app.services.deps.db, (trx) =>
            app.services.wallets.deposit(trx, actor, pick(customers) ?? 0, 5_000, 'top-up'),
          )
          break
      }
      if (step % 250 === 0) await expectRollupsExact(app, repo, step)
    }
    // The sequence reached every kind of outcome it is meant to test.
    const statuses = await q.all<{ status: string; n: number }>(
      `SELECT status, count(*) AS n FROM leads GROUP BY status`,
    )
    expect(statuses.map((s) => s.status).sort()).toEqual(
      expect.arrayContaining(['Assigned', 'Duplicate', 'Pending', 'Posted', 'Returned', 'Unassigned']),
    )
    const reasons = await q.all<{ unsold_reason: string }>(
      `SELECT DISTINCT unsold_reason FROM leads WHERE unsold_reason IS NOT NULL ORDER BY unsold_reason`,
    )
    expect(reasons.map((r) => r.unsold_reason)).toEqual(
      expect.arrayContaining([
        'budget_exhausted',
        'daily_cap',
        'partner_declined',
        'reverse_unfilled',
        'wallet_too_low',
      ]),
    )
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(OPERATIONS)

    // A rebuild changes nothing when the triggers kept up, and repairs a damaged rollup.
    const before = await repo.stored(app.services.deps.db)
    await q.run(`UPDATE report_hourly SET n = n + 7 WHERE hour = (SELECT max(hour) FROM report_hourly)`)
    await q.run(`UPDATE report_hourly_status SET charged_cents = 0`)
    await q.run(`DELETE FROM report_daily WHERE dim = 3`)
    await q.run(`UPDATE leads SET unsold_reason = 'other' WHERE status = 'Unassigned'`)
    expect(await repo.reasonMismatches(app.services.deps.db)).toBeGreaterThan(0)
    await app.services.reports.rebuild()
    expect(await repo.stored(app.services.deps.db)).toEqual(before)
    await expectRollupsExact(app, repo, OPERATIONS + 1)
  }, 600_000)
})
