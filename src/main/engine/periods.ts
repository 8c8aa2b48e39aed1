/**
 * Calendar periods for caps and budgets. A bid counts its day, ISO week (Monday to Sunday) and
 * calendar month in the time zone of its schedule, so "50 per day" means the customer's own day; a bid
 * without a schedule (or with a zone this runtime does not know) counts in UTC. Local midnights are
 * found with Intl.DateTimeFormat, so DST changes give 23- and 25-hour days.
 */
const DAY = 86_400_000

/** Epoch ms at which the current day, ISO week and month start. */
export interface PeriodStarts {
  day: number
  week: number
  month: number
}

export function dayStart(now: number): number {
  return now - (((now % DAY) + DAY) % DAY)
}

export function weekStart(now: number): number {
  const d = dayStart(now)
  const weekday = (new Date(d).getUTCDay() + 6) % 7 // Monday = 0
  return d - weekday * DAY
}

export function monthStart(now: number): number {
  const date = new Date(now)
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1)
}

const formatters = new Map<string, Intl.DateTimeFormat | null>()

/** A formatter giving wall-clock parts in `zone`; null for UTC or a zone the runtime rejects. */
function formatter(zone: string | null): Intl.DateTimeFormat | null {
  if (zone === null) return null
  let f = formatters.get(zone)
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      })
      if (f.resolvedOptions().timeZone === 'UTC') f = null
    } catch {
      f = null
    }
    formatters.set(zone, f)
  }
  return f
}

/** The wall clock at `t` in the formatter's zone, read as if it were UTC (whole seconds). */
function wall(f: Intl.DateTimeFormat, t: number): number {
  const p: Record<string, number> = {}
  for (const part of f.formatToParts(t)) if (part.type !== 'literal') p[part.type] = Number(part.value)
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!)
}

/** Offset of the zone from UTC at `t`, in ms (wall − utc). */
function offset(f: Intl.DateTimeFormat, t: number): number {
  const whole = Math.floor(t / 1000) * 1000
  return wall(f, whole) - whole
}

/**
 * The first instant of the local date whose midnight reads `target` as UTC. Midnight is tried with the
 * offsets around it; when midnight falls in a DST gap the day starts at the transition instead.
 */
function localMidnight(f: Intl.DateTimeFormat, target: number): number {
  const o1 = offset(f, target)
  const o2 = offset(f, target - o1)
  const o3 = offset(f, target - o2)
  const tried = [o1, o2, o3]
  const valid = tried.map((o) => target - o).filter((t) => offset(f, t) === target - t)
  if (valid.length > 0) return Math.min(...valid) // a repeated midnight: the earlier one
  return target - Math.min(...tried)
}

/** Period starts of `now` in `timeZone` (null = UTC), with the start of the next local day. */
function compute(now: number, timeZone: string | null): PeriodStarts & { nextDay: number } {
  const f = formatter(timeZone)
  if (f === null)
    return { day: dayStart(now), week: weekStart(now), month: monthStart(now), nextDay: dayStart(now) + DAY }
  const local = new Date(wall(f, now))
  const y = local.getUTCFullYear()
  const m = local.getUTCMonth()
  const d = local.getUTCDate()
  const weekday = (local.getUTCDay() + 6) % 7 // Monday = 0
  return {
    day: localMidnight(f, Date.UTC(y, m, d)),
    week: localMidnight(f, Date.UTC(y, m, d - weekday)),
    month: localMidnight(f, Date.UTC(y, m, 1)),
    nextDay: localMidnight(f, Date.UTC(y, m, d + 1)),
  }
}

/** Start of the local day, ISO week and calendar month containing `now` in `timeZone` (null = UTC). */
export function periodStarts(now: number, timeZone: string | null): PeriodStarts {
  const { day, week, month } = compute(now, timeZone)
  return { day, week, month }
}

const cached = new Map<string | null, PeriodStarts & { nextDay: number }>()

/**
 * `periodStarts` for hot paths: each zone's answer is kept until its next local midnight (weeks and
 * months only turn over at a midnight), so checking many bids per lead makes no Intl call.
 */
export function periodStartsCached(now: number, timeZone: string | null): PeriodStarts {
  const hit = cached.get(timeZone)
  if (hit !== undefined && now >= hit.day && now < hit.nextDay) return hit
  const fresh = compute(now, timeZone)
  cached.set(timeZone, fresh)
  return fresh
}

/** The zone a bid's caps and budgets count in: its schedule's, else UTC (null). */
export function bidTimeZone(schedule: { timezone: string } | null): string | null {
  return schedule?.timezone ?? null
}

/**
 * The subscription's billing period: it starts on `startDay` of a month (1–28, UTC midnight).
 * Returns the start of the period containing `now` and the start of the next one.
 */
export function billingPeriod(now: number, startDay: number): { start: number; end: number } {
  const date = new Date(now)
  const y = date.getUTCFullYear()
  const m = date.getUTCMonth()
  let start = Date.UTC(y, m, startDay)
  if (start > now) start = Date.UTC(y, m - 1, startDay)
  const s = new Date(start)
  const end = Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + 1, startDay)
  return { start, end }
}
