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
