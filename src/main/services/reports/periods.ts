import { periodStarts } from '../../engine/periods'
import type { ReportPeriod, ReportPreset } from '../../../shared/domain/reports'

export const HOUR = 3_600_000

export interface RangeInput {
  preset: ReportPreset
  /** Custom range, local dates `YYYY-MM-DD`, both included. */
  from?: string
  to?: string
}

/** A resolved range: the period in whole UTC hours and the one it is compared with. */
export interface ResolvedRange {
  period: ReportPeriod
  previous: ReportPeriod
  /** Hours as the rollup keys them: [fromHour, toHour). */
  hours: { from: number; to: number }
  previousHours: { from: number; to: number }
  /** By hour for a range of one day, by local day otherwise. */
  bucket: 'hour' | 'day'
}

/** Local midnight of the day containing `at`, and of the day `days` later (DST gives 23/25-hour days). */
export function localDay(at: number, timeZone: string): number {
  return periodStarts(at, timeZone).day
}

export function addDays(dayStart: number, days: number, timeZone: string): number {
  // Noon of the target day, then back to its midnight: safe across DST changes of either sign.
  return localDay(dayStart + days * 24 * HOUR + 12 * HOUR, timeZone)
}

/** Local midnight of `YYYY-MM-DD` (zones within ±12 h of UTC; the date's UTC noon is that local day). */
export function dateStart(date: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number)
  return localDay(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, 12), timeZone)
}

/**
 * Whole hours, each counted in the period it starts in: a period ending at a local midnight ends
 * at the hour that contains it (zones with 30/45-minute offsets: the hour of midnight goes to the
 * day before), a period ending now takes the current hour whole.
 */
function hoursOf(from: number, to: number, endsNow: boolean): { from: number; to: number } {
  const first = Math.floor(from / HOUR)
  // Now belongs to its hour even on the dot (a lead stored at this very millisecond counts).
  return { from: first, to: Math.max(first + 1, Math.floor(to / HOUR) + (endsNow ? 1 : 0)) }
}

/**
 * The period of a preset in the workspace's time zone, cut at `now` (today, this month and the
 * rolling ranges end now), and the previous period: the same span as many local days (or, for
 * this month, one calendar month) earlier, e.g. today until 10:40 against yesterday until 10:40.
 */
export function resolveRange(input: RangeInput, now: number, timeZone: string): ResolvedRange {
  const today = localDay(now, timeZone)
  let from: number
  let to: number
  let previousFrom: number
  switch (input.preset) {
    case 'today':
      from = today
      to = now
      previousFrom = addDays(today, -1, timeZone)
      break
    case 'yesterday':
      from = addDays(today, -1, timeZone)
      to = today
      previousFrom = addDays(today, -2, timeZone)
      break
    case '7d':
    case '30d': {
      const days = input.preset === '7d' ? 7 : 30
      from = addDays(today, -(days - 1), timeZone)
      to = now
      previousFrom = addDays(from, -days, timeZone)
      break
    }
    case 'month': {
      from = periodStarts(now, timeZone).month
      to = now
      previousFrom = periodStarts(from - 12 * HOUR, timeZone).month
      break
    }
    case 'custom': {
      const first = dateStart(input.from ?? input.to ?? '1970-01-01', timeZone)
      const last = dateStart(input.to ?? input.from ?? '1970-01-01', timeZone)
      from = Math.min(first, last)
      to = Math.min(addDays(Math.max(first, last), 1, timeZone), Math.max(now, from + HOUR))
      const days = Math.max(1, Math.round((addDays(Math.max(first, last), 1, timeZone) - from) / (24 * HOUR)))
      previousFrom = addDays(from, -days, timeZone)
      break
    }
  }
  const endsNow = to === now
  const hours = hoursOf(from, to, endsNow)
  // Whole days (yesterday, a custom range) are compared with the days just before them; a period
  // that ends now with the same span as many days earlier (or at the start of the month before).
  const previousStart = Math.floor(previousFrom / HOUR)
  const previousHours = endsNow
    ? { from: previousStart, to: previousStart + (hours.to - hours.from) }
    : hoursOf(previousFrom, from, false)
  // Never overlap the period itself.
  previousHours.to = Math.min(previousHours.to, hours.from)
  return {
    period: { from: hours.from * HOUR, to: hours.to * HOUR },
    previous: { from: previousHours.from * HOUR, to: previousHours.to * HOUR },
    hours,
    previousHours,
    bucket: hours.to - hours.from <= 25 ? 'hour' : 'day',
  }
}
