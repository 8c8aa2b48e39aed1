import { describe, expect, it } from 'vitest'
import { periodStarts, periodStartsCached } from '../../../src/main/engine/periods'

const utc = Date.UTC
const HOUR = 3_600_000

describe('period starts in a time zone', () => {
  it.each([
    // zone, now, day, week (Monday), month
    ['UTC', utc(2026, 0, 7, 13, 30), utc(2026, 0, 7), utc(2026, 0, 5), utc(2026, 0, 1)],
    [null, utc(2026, 0, 7, 13, 30), utc(2026, 0, 7), utc(2026, 0, 5), utc(2026, 0, 1)],
    ['Not/AZone', utc(2026, 0, 7, 13, 30), utc(2026, 0, 7), utc(2026, 0, 5), utc(2026, 0, 1)],
    // Los Angeles, spring forward on Sunday 8 March 2026: the day starts at PST midnight, the next at PDT.
    ['America/Los_Angeles', utc(2026, 2, 8, 20), utc(2026, 2, 8, 8), utc(2026, 2, 2, 8), utc(2026, 2, 1, 8)],
    ['America/Los_Angeles', utc(2026, 2, 9, 6, 59), utc(2026, 2, 8, 8), utc(2026, 2, 2, 8), utc(2026, 2, 1, 8)],
    ['America/Los_Angeles', utc(2026, 2, 9, 7), utc(2026, 2, 9, 7), utc(2026, 2, 9, 7), utc(2026, 2, 1, 8)],
    // Fall back on Sunday 1 November 2026: a 25-hour day from PDT midnight to PST midnight.
    ['America/Los_Angeles', utc(2026, 10, 1, 20), utc(2026, 10, 1, 7), utc(2026, 9, 26, 7), utc(2026, 10, 1, 7)],
    ['America/Los_Angeles', utc(2026, 10, 2, 7, 30), utc(2026, 10, 1, 7), utc(2026, 9, 26, 7), utc(2026, 10, 1, 7)],
    ['America/Los_Angeles', utc(2026, 10, 2, 8), utc(2026, 10, 2, 8), utc(2026, 10, 2, 8), utc(2026, 10, 1, 7)],
    // Kolkata is UTC+5:30: 20:00 UTC on Wednesday 7 January is already Thursday.
    ['Asia/Kolkata', utc(2026, 0, 7, 20), utc(2026, 0, 7, 18, 30), utc(2026, 0, 4, 18, 30), utc(2025, 11, 31, 18, 30)],
    // Auckland (UTC+13 in summer): Saturday noon UTC is Sunday 1 February there.
    ['Pacific/Auckland', utc(2026, 0, 31, 12), utc(2026, 0, 31, 11), utc(2026, 0, 25, 11), utc(2026, 0, 31, 11)],
    // After DST ends (UTC+12) the month still started under daylight time (UTC+13).
    ['Pacific/Auckland', utc(2026, 3, 10), utc(2026, 3, 9, 12), utc(2026, 3, 5, 12), utc(2026, 2, 31, 11)],
    // Santiago springs forward at midnight: 6 September 2026 starts at 01:00 local.
    ['America/Santiago', utc(2026, 8, 6, 12), utc(2026, 8, 6, 4), utc(2026, 7, 31, 4), utc(2026, 8, 1, 4)],
  ] as const)('%s at %i', (zone, now, day, week, month) => {
    expect(periodStarts(now, zone)).toEqual({ day, week, month })
  })

  it('the cached starts match a fresh computation at every instant across DST changes', () => {
    const zones = ['America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Auckland', 'America/Santiago', null]
    for (const from of [utc(2026, 2, 6), utc(2026, 9, 30), utc(2026, 3, 3), utc(2026, 8, 4)]) {
      for (let t = from; t < from + 96 * HOUR; t += 20 * 60_000) {
        for (const zone of zones) {
          const cached = periodStartsCached(t, zone)
          expect({ day: cached.day, week: cached.week, month: cached.month }).toEqual(periodStarts(t, zone))
        }
      }
    }
  })
})
