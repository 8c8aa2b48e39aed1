import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ReportsRepository } from '../../../src/main/db/repositories/reports'
import { testApp } from '../../support/workspace'
import { lead, operator, Seed } from '../engine/seed'

describe('rollups with two servers on one database', () => {
  it('stay equal to a full scan when both take leads and returns at the same time', async () => {
    const first = await testApp()
    const seed = new Seed(first)
    const plan = await seed.plan([{ kind: 'bidding' }])
    const categoryId = await seed.category({ planId: plan })
    const typeId = await seed.leadType({ categoryId, fallback: true })
    const acme = await seed.customer('Acme', 1_000_000)
    const beta = await seed.customer('Beta', 20_000)
    await seed.bid({ customerId: acme, leadTypeId: typeId, priceCents: 1500, capDay: 50 })
    await seed.bid({ customerId: beta, leadTypeId: typeId, priceCents: 1200, scope: { kind: 'state', values: ['TX'] } })
    const source = await seed.source('Web form')
    seed.done()
    const second = await testApp({ path: first.workspace })
    second.clock.set(first.clock.now())
    // Each test app counts its ids from 1: the second server's own, as two real servers' are.
    Object.assign(second.services.deps.ids, { uuid: () => randomUUID() })
    const actor = await operator(first)

    const take = async (app: typeof first, n: number) => {
      const ids: number[] = []
      for (let i = 0; i < n; i++) {
        const r = await app.services.distribution.ingest({
          sourceId: i % 3 === 0 ? null : source,
          categorySlug: 'auto',
          fields: lead({ state: i % 4 === 0 ? 'TX' : 'CA' }),
        })
        ids.push(r.id)
        if (i % 10 === 9) {
          const back = ids[i - 5]
          if (back !== undefined)
            await app.services.distribution.returnLead(back, actor, 'wrong number').catch(() => null)
        }
      }
    }
    await Promise.all([take(first, 120), take(second, 120)])

    const repo = new ReportsRepository(first.services.deps.dialect)
    const db = first.services.deps.db
    expect(await repo.stored(db)).toEqual(await repo.scanned(db))
    const totals = await first.services.reports.summary({ preset: 'today' })
    expect(totals.current.received).toBe(240)
    const statuses = await db.selectFrom('leads').select('status').distinct().execute()
    expect(statuses.map((s) => s.status).sort()).toEqual(['Assigned', 'Returned', 'Unassigned'])
    await second.close()
  })
})
