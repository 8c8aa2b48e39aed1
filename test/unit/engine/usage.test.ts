import { describe, expect, it } from 'vitest'
import { UsageCounters } from '../../../src/main/services/distribution/usage'

const MON = Date.UTC(2026, 0, 5, 12) // Monday
const DAY = 86_400_000

describe('cap and budget counters', () => {
  it('count per UTC day, ISO week and month, and start over when a period does', () => {
    const u = new UsageCounters()
    u.add(1, MON, 1500, 1, MON)
    u.add(1, MON + 1000, 1500, 1, MON + 1000)
    expect(u.get(1, MON + 2000)).toEqual({ day: 2, week: 2, month: 2, dayCents: 3000, monthCents: 3000 })
    expect(u.get(1, MON + DAY)).toMatchObject({ day: 0, week: 2, month: 2, dayCents: 0 })
    expect(u.get(1, MON + 7 * DAY)).toMatchObject({ day: 0, week: 0, month: 2 })
    expect(u.get(1, Date.UTC(2026, 1, 1))).toEqual({ day: 0, week: 0, month: 0, dayCents: 0, monthCents: 0 })
  })

  it('a return only frees the periods its assignment counted in', () => {
    const u = new UsageCounters()
    u.add(1, MON, 1000, 1, MON)
    // Returned the next day: the day counter is already fresh, week and month give the place back.
    u.add(1, MON, 1000, -1, MON + DAY)
    expect(u.get(1, MON + DAY)).toEqual({ day: 0, week: 0, month: 0, dayCents: 0, monthCents: 0 })
  })

  it('rolls back the moves of a transaction that did not commit', () => {
    const u = new UsageCounters()
    u.add(1, MON, 1000, 1, MON)
    const mark = u.mark()
    u.add(1, MON, 1000, 1, MON)
    u.add(2, MON, 500, 1, MON)
    u.rollbackTo(mark, MON)
    expect(u.get(1, MON).day).toBe(1)
    expect(u.get(2, MON).day).toBe(0)
  })

  it('rebuilds from stored assignments', () => {
    const u = new UsageCounters()
    u.reset(
      [
        { bid_id: 3, assigned_at: MON - 4 * DAY, charged_cents: 100 },
        { bid_id: 3, assigned_at: MON, charged_cents: 200 },
      ],
      MON,
    )
    expect(u.get(3, MON)).toEqual({ day: 1, week: 1, month: 2, dayCents: 200, monthCents: 300 })
    expect(UsageCounters.since(MON)).toBe(Date.UTC(2026, 0, 1))
  })
})

describe('cap and budget counters in a bid’s time zone', () => {
  // 07:30 UTC on Tuesday 6 January is still Monday 23:30 in Los Angeles.
  const LATE_MONDAY_LA = Date.UTC(2026, 0, 6, 7, 30)
  const zones = new Map([[1, 'America/Los_Angeles']])

  it('a bid with a zone keeps its day until local midnight; a bid without one rolls at UTC midnight', () => {
    const u = new UsageCounters()
    u.reset(
      [
        { bid_id: 1, assigned_at: Date.UTC(2026, 0, 5, 23), charged_cents: 100 },
        { bid_id: 2, assigned_at: Date.UTC(2026, 0, 5, 23), charged_cents: 100 },
      ],
      LATE_MONDAY_LA,
      zones,
    )
    expect(u.get(1, LATE_MONDAY_LA)).toMatchObject({ day: 1, dayCents: 100 })
    expect(u.get(2, LATE_MONDAY_LA)).toMatchObject({ day: 0, week: 1 })
    expect(u.get(1, Date.UTC(2026, 0, 6, 8))).toMatchObject({ day: 0, week: 1 })
  })

  it('rebuilds from the earliest period start of any zone', () => {
    // 1 February 03:00 UTC is still 31 January in Los Angeles: its month began on 1 January 08:00 UTC.
    const now = Date.UTC(2026, 1, 1, 3)
    expect(UsageCounters.since(now)).toBe(Date.UTC(2026, 0, 26))
    expect(UsageCounters.since(now, zones.values())).toBe(Date.UTC(2026, 0, 1, 8))
  })
})
