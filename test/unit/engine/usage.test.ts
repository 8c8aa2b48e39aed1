import { describe, expect, it } from 'vitest'
import { usageIn } from '../../../src/main/db/repositories/distribution/usage'
import { periodStartsCached } from '../../../src/main/engine/periods'
import { countUsage, periodsOf } from '../../../src/main/services/distribution/usage'
import { bidRule } from './bid-rule'

const MON = Date.UTC(2026, 0, 5, 12) // Monday
const DAY = 86_400_000

const bid = (timezone: string | null) =>
  bidRule({
    schedule: timezone === null ? null : { timezone, days: [0, 1, 2, 3, 4, 5, 6], start: '00:00', end: '23:59' },
  })

describe('cap and budget usage', () => {
  it('counts assignments per UTC day, ISO week and month', () => {
    const p = periodStartsCached(MON, null)
    const rows = [
      { assigned_at: MON - 4 * DAY, charged_cents: 100 }, // Thursday of the week before
      { assigned_at: MON - DAY, charged_cents: 150 }, // Sunday: last ISO week
      { assigned_at: MON, charged_cents: 200 },
      { assigned_at: MON + 1000, charged_cents: 300 },
    ]
    expect(countUsage(rows, p)).toEqual({ day: 2, week: 2, month: 4, dayCents: 500, monthCents: 750 })
  })

  it('reads a stored row as zero for every period that has moved on', () => {
    const p = periodStartsCached(MON, null)
    const row = {
      bid_id: 1,
      day_from: p.day,
      day_leads: 3,
      day_cents: 300,
      week_from: p.week,
      week_leads: 4,
      month_from: p.month,
      month_leads: 9,
      month_cents: 900,
    }
    expect(usageIn(row, p)).toEqual({ day: 3, week: 4, month: 9, dayCents: 300, monthCents: 900 })
    expect(usageIn(row, periodStartsCached(MON + DAY, null))).toEqual({
      day: 0,
      week: 4,
      month: 9,
      dayCents: 0,
      monthCents: 900,
    })
    expect(usageIn(row, periodStartsCached(MON + 7 * DAY, null))).toMatchObject({ day: 0, week: 0, month: 9 })
    expect(usageIn(row, periodStartsCached(Date.UTC(2026, 1, 1), null))).toEqual({
      day: 0,
      week: 0,
      month: 0,
      dayCents: 0,
      monthCents: 0,
    })
  })

  it('a bid with a zone keeps its day until local midnight; a bid without one rolls at UTC midnight', () => {
    // 07:30 UTC on Tuesday 6 January is still Monday 23:30 in Los Angeles.
    const lateMondayLA = Date.UTC(2026, 0, 6, 7, 30)
    const rows = [{ assigned_at: Date.UTC(2026, 0, 5, 23), charged_cents: 100 }]
    expect(countUsage(rows, periodsOf(bid('America/Los_Angeles'), lateMondayLA))).toMatchObject({
      day: 1,
      dayCents: 100,
    })
    expect(countUsage(rows, periodsOf(bid(null), lateMondayLA))).toMatchObject({ day: 0, week: 1 })
    expect(countUsage(rows, periodsOf(bid('America/Los_Angeles'), Date.UTC(2026, 0, 6, 8)))).toMatchObject({
      day: 0,
      week: 1,
    })
  })
})
