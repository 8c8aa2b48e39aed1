import type { LeadStatus } from '../../../shared/domain/lead'
import {
  UNSOLD_REASON_LABELS,
  UNSOLD_REASONS,
  type ReportBreakdownRow,
  type ReportReasonRow,
  type ReportSeriesPoint,
  type ReportTotals,
  type UnsoldReason,
} from '../../../shared/domain/reports'
import type { RollupCell } from '../../db/repositories/reports'
import { addDays, HOUR, localDay } from './periods'

/** Sold for the reports: placed with a buyer and not given back. Returned leads are counted apart. */
const SOLD = new Set(['Assigned', 'Posted'])

const rate = (part: number, whole: number): number => (whole > 0 ? part / whole : 0)

/** The headline figures of a period's cells (grouped by status). */
export function totalsOf(cells: readonly RollupCell[]): ReportTotals {
  let received = 0
  let sold = 0
  let returned = 0
  let revenue = 0
  let partner = 0
  let payouts = 0
  for (const c of cells) {
    received += c.n
    if (SOLD.has(c.status)) sold += c.n
    if (c.status === 'Returned') returned += c.n
    // A customer's return credits its whole charge: Assigned leads hold the net revenue.
    if (c.status === 'Assigned') revenue += c.chargedCents
    if (c.status === 'Posted') partner += c.chargedCents
    payouts += c.costCents
  }
  return {
    received,
    sold,
    returned,
    soldRate: rate(sold, received),
    revenueCents: revenue,
    partnerRevenueCents: partner,
    payoutsCents: payouts,
    marginCents: revenue + partner - payouts,
  }
}

/** One row per key of cells grouped by a dimension and status; revenue = customer + partner. */
export function breakdownOf(
  cells: readonly RollupCell[],
  names: ReadonlyMap<number, string>,
  none: string | null,
): ReportBreakdownRow[] {
  const rows = new Map<number, ReportBreakdownRow>()
  for (const c of cells) {
    const id = Number(c.key)
    if (id === 0 && none === null) continue
    let row = rows.get(id)
    if (!row) {
      row = {
        id,
        name: id === 0 ? (none ?? '') : (names.get(id) ?? `#${id} (deleted)`),
        received: 0,
        sold: 0,
        soldRate: 0,
        returned: 0,
        returnRate: 0,
        revenueCents: 0,
        avgPriceCents: 0,
      }
      rows.set(id, row)
    }
    row.received += c.n
    if (SOLD.has(c.status)) {
      row.sold += c.n
      row.revenueCents += c.chargedCents
    }
    if (c.status === 'Returned') row.returned += c.n
  }
  const out = [...rows.values()].filter((r) => r.received !== 0)
  for (const r of out) {
    r.soldRate = rate(r.sold, r.received)
    r.returnRate = rate(r.returned, r.sold + r.returned)
    // Half up, to the cent (the sums are whole cents and positive).
    r.avgPriceCents = r.sold > 0 ? Math.round(r.revenueCents / r.sold) : 0
  }
  return out.sort((a, b) => b.received - a.received || a.name.localeCompare(b.name))
}

/** Hour cells (keyed by the hour's start) into hourly or local-day points, every bucket present. */
export function seriesOf(
  cells: readonly RollupCell[],
  from: number,
  to: number,
  bucket: 'hour' | 'day',
  timeZone: string,
): ReportSeriesPoint[] {
  const points = new Map<number, ReportSeriesPoint>()
  const starts: number[] = []
  if (bucket === 'hour') for (let t = from; t < to; t += HOUR) starts.push(t)
  else for (let t = localDay(from, timeZone); t < to; t = addDays(t, 1, timeZone)) starts.push(t)
  for (const at of starts) points.set(at, { at, byStatus: {}, revenueCents: 0 })
  // The bucket of an hour: the last start at or before it (the starts are few and sorted; local
  // midnights are found once per day, not once per hour).
  const bucketOf = (hour: number): number => {
    let lo = 0
    let hi = starts.length - 1
    if (hi < 0 || hour < (starts[0] ?? 0)) return bucket === 'hour' ? hour : localDay(hour, timeZone)
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((starts[mid] ?? 0) <= hour) lo = mid
      else hi = mid - 1
    }
    return starts[lo] ?? hour
  }
  for (const c of cells) {
    // Rollup rows every lead has left (e.g. Pending, once distributed) hold zeros.
    if (c.n === 0 && c.chargedCents === 0) continue
    const at = bucketOf(Number(c.key))
    let p = points.get(at)
    if (!p) {
      p = { at, byStatus: {}, revenueCents: 0 }
      points.set(at, p)
    }
    const status = c.status as LeadStatus
    p.byStatus[status] = (p.byStatus[status] ?? 0) + c.n
    if (SOLD.has(c.status)) p.revenueCents += c.chargedCents
  }
  return [...points.values()].sort((a, b) => a.at - b.at)
}

export function reasonsOf(rows: readonly { reason: string; n: number }[]): ReportReasonRow[] {
  const known = new Set<string>(UNSOLD_REASONS)
  return rows
    .map((r) => {
      const reason = (known.has(r.reason) ? r.reason : 'other') as UnsoldReason
      return { reason, label: UNSOLD_REASON_LABELS[reason], count: r.n }
    })
    .reduce<ReportReasonRow[]>((acc, r) => {
      const same = acc.find((a) => a.reason === r.reason)
      if (same) same.count += r.count
      else acc.push(r)
      return acc
    }, [])
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
}
