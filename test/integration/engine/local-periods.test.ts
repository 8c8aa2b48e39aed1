import { describe, expect, it } from 'vitest'
import type { BidDef } from '../../../src/shared/api/settings/bids'
import { adminToken, testApp } from '../../support/workspace'
import { ok } from '../settings/helpers'
import { lead, Seed } from './seed'

// Los Angeles is UTC−8 in January: 23:30 on Monday 5 January there is 07:30 UTC on Tuesday 6 January.
const la = (day: number, hour: number, minute: number) => Date.UTC(2026, 0, day, hour + 8, minute)

describe('caps count the day of the bid’s time zone', () => {
  it('a daily cap of 1 starts over at local midnight, not UTC midnight', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const seed = new Seed(app)
    const plan = await seed.plan([{ kind: 'bidding' }])
    const categoryId = await seed.category({ planId: plan })
    const leadTypeId = await seed.leadType({ categoryId, fallback: true })
    const customerId = await seed.customer('Acme', 100_000)
    const schedule = { timezone: 'America/Los_Angeles', days: [0, 1, 2, 3, 4, 5, 6], start: '00:00', end: '00:00' }
    await seed.bid({ customerId, leadTypeId, priceCents: 1500, capDay: 1, schedule })
    seed.done()
    const ingestAt = async (at: number) => {
      app.clock.set(at)
      return app.services.distribution.ingest({ sourceId: null, categorySlug: 'auto', fields: lead() })
    }
    const usage = async () => (await ok<BidDef[]>(app, 'bids/list', { customerId }, token))[0]!.usage

    // All three leads fall on the same UTC day (6 January); only the third is on a new local day.
    expect((await ingestAt(la(5, 23, 30))).status).toBe('Assigned')
    const refused = await ingestAt(la(5, 23, 50))
    expect(refused.status).toBe('Unassigned')
    expect((await app.services.leads.get(refused.id)).events.find((e) => e.kind === 'bids')?.message).toContain(
      'daily cap 1/1',
    )
    expect(await usage()).toMatchObject({ day: 1, week: 1, month: 1, spentDayCents: 1500 })

    app.clock.set(la(6, 0, 10))
    // The settings screen shows the fresh local day before the lead arrives, as the engine counts it.
    expect(await usage()).toMatchObject({ day: 0, week: 1, month: 1, spentDayCents: 0, spentMonthCents: 1500 })
    expect((await ingestAt(la(6, 0, 10))).status).toBe('Assigned')

    // Counters rebuilt from the database on a settings reload count the same local day.
    seed.done()
    expect((await ingestAt(la(6, 0, 20))).status).toBe('Unassigned')
    expect(await usage()).toMatchObject({ day: 1, week: 2, month: 2, spentMonthCents: 3000 })
  })
})
