import { describe, expect, it } from 'vitest'
import { resolveRange } from '../../src/main/services/reports/periods'

const HOUR = 3_600_000
const DAY = 24 * HOUR

describe('report periods in the workspace time zone', () => {
  const now = Date.UTC(2026, 2, 10, 15, 20) // Tuesday 10 March 2026, 15:20 UTC

  it('today until now, against yesterday until the same (whole) hour', () => {
    const r = resolveRange({ preset: 'today' }, now, 'UTC')
    expect(r.period).toEqual({ from: Date.UTC(2026, 2, 10), to: Date.UTC(2026, 2, 10, 16) })
    expect(r.previous).toEqual({ from: Date.UTC(2026, 2, 9), to: Date.UTC(2026, 2, 9, 16) })
    expect(r.bucket).toBe('hour')
  })

  it('yesterday, 7 and 30 days and this month in New York, across the start of daylight saving time', () => {
    // New York moved its clocks on Sunday 8 March 2026: midnight is 05:00 UTC before, 04:00 after.
    const zone = 'America/New_York'
    const yesterday = resolveRange({ preset: 'yesterday' }, now, zone)
    expect(yesterday.period).toEqual({ from: Date.UTC(2026, 2, 9, 4), to: Date.UTC(2026, 2, 10, 4) })
    // The day before was 23 hours long.
    expect(yesterday.previous).toEqual({ from: Date.UTC(2026, 2, 8, 5), to: Date.UTC(2026, 2, 9, 4) })
    const week = resolveRange({ preset: '7d' }, now, zone)
    expect(week.period.from).toBe(Date.UTC(2026, 2, 4, 5))
    expect(week.bucket).toBe('day')
    expect(week.previous.from).toBe(Date.UTC(2026, 1, 25, 5))
    expect(week.previous.to).toBeLessThanOrEqual(week.period.from)
    const month = resolveRange({ preset: 'month' }, now, zone)
    expect(month.period.from).toBe(Date.UTC(2026, 2, 1, 5))
    expect(month.previous.from).toBe(Date.UTC(2026, 1, 1, 5))
    const thirty = resolveRange({ preset: '30d' }, now, zone)
    expect(thirty.period.from).toBe(Date.UTC(2026, 1, 9, 5))
  })

  it('a custom range of whole local days, both ends included, compared with as many days before', () => {
    const r = resolveRange({ preset: 'custom', from: '2026-03-02', to: '2026-03-04' }, now, 'Europe/Paris')
    expect(r.period).toEqual({ from: Date.UTC(2026, 2, 1, 23), to: Date.UTC(2026, 2, 4, 23) })
    expect(r.previous).toEqual({ from: Date.UTC(2026, 1, 26, 23), to: Date.UTC(2026, 2, 1, 23) })
    // One day is shown by hour; reversed ends are put in order.
    const one = resolveRange({ preset: 'custom', from: '2026-03-04', to: '2026-03-02' }, now, 'UTC')
    expect(one.period).toEqual({ from: Date.UTC(2026, 2, 2), to: Date.UTC(2026, 2, 5) })
    expect(resolveRange({ preset: 'custom', from: '2026-03-04' }, now, 'UTC').bucket).toBe('hour')
  })

  it('rounds a zone with a 30-minute offset to whole UTC hours', () => {
    const r = resolveRange({ preset: 'yesterday' }, now, 'Asia/Kolkata') // UTC+05:30
    expect(r.period.from % HOUR).toBe(0)
    expect(r.period.to - r.period.from).toBe(DAY)
    expect(r.period.from).toBe(Date.UTC(2026, 2, 8, 18)) // 18:30 UTC, rounded down
    expect(r.previous).toEqual({ from: Date.UTC(2026, 2, 7, 18), to: Date.UTC(2026, 2, 8, 18) })
  })
})
