/**
 * Calendar periods in UTC. Caps and budgets count per UTC day, ISO week (Monday to Sunday) and
 * calendar month, so every customer's counter rolls over at the same moment whatever a bid's
 * schedule time zone is.
 */
const DAY = 86_400_000

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
