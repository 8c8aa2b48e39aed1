import type { Schedule } from '../../shared/domain/config'

const formatters = new Map<string, Intl.DateTimeFormat | null>()

function formatter(timeZone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(timeZone)
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        weekday: 'short',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      })
    } catch {
      f = null
    }
    formatters.set(timeZone, f)
  }
  return f
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 }
const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

/** Day of week and HH:MM of an instant in a time zone. */
export function localTime(now: number, timeZone: string): { day: number; hhmm: string } | null {
  const f = formatter(timeZone)
  if (!f) return null
  let day = -1
  let hour = '00'
  let minute = '00'
  for (const part of f.formatToParts(now)) {
    if (part.type === 'weekday') day = WEEKDAYS[part.value] ?? -1
    else if (part.type === 'hour') hour = part.value
    else if (part.type === 'minute') minute = part.value
  }
  return day < 0 ? null : { day, hhmm: `${hour}:${minute}` }
}

/**
 * Inside the schedule when the local day is listed and start ≤ time < end. An end before the start
 * wraps past midnight (22:00–06:00); the day tested is the local day at that moment. start = end
 * means the whole day.
 */
export function scheduleCheck(schedule: Schedule | null, now: number): { ok: true } | { ok: false; message: string } {
  if (schedule === null) return { ok: true }
  const local = localTime(now, schedule.timezone)
  if (!local) return { ok: false, message: `unknown time zone ${schedule.timezone}` }
  const where = `${DAY_NAMES[local.day]} ${local.hhmm} ${schedule.timezone}`
  if (!schedule.days.includes(local.day)) return { ok: false, message: `outside schedule: ${where} not a listed day` }
  const { start, end } = schedule
  const inside =
    start === end
      ? true
      : start < end
        ? local.hhmm >= start && local.hhmm < end
        : local.hhmm >= start || local.hhmm < end
  if (!inside) return { ok: false, message: `outside schedule: ${where} not in ${start}–${end}` }
  return { ok: true }
}
