import { type BidUsage, NO_USAGE } from '../../engine/bidding'
import { type PeriodStarts, periodStartsCached } from '../../engine/periods'

interface Counter extends BidUsage {
  zone: string | null
  dayFrom: number
  weekFrom: number
  monthFrom: number
}

/**
 * Cap and budget counters per bid, kept in memory so bidding reads no rows. They are rebuilt from
 * the database on load (Assigned leads only) and moved by every assignment and return. Each
 * counter remembers the period it counts, so a new day/week/month starts from zero by itself. A bid
 * counts in its schedule's time zone (`zones`, UTC when absent); the period starts are cached per zone.
 */
export class UsageCounters {
  private readonly counters = new Map<number, Counter>()
  /** Moves since the last mark, so a rolled-back transaction can take its moves back. */
  private journal: { bidId: number; at: number; cents: number; sign: 1 | -1 }[] = []

  private zones: ReadonlyMap<number, string | null> = new Map()

  /**
   * Rebuild from the assignments of the current periods; `zones` gives each bid's time zone
   * (null or missing = UTC) and is kept until the next reset.
   */
  reset(
    rows: readonly { bid_id: number; assigned_at: number; charged_cents: number }[],
    now: number,
    zones: ReadonlyMap<number, string | null> = new Map(),
  ): void {
    this.counters.clear()
    this.journal = []
    this.zones = zones
    for (const r of rows) this.apply(r.bid_id, r.assigned_at, r.charged_cents, 1, now)
  }

  /** The earliest time any current period starts in any of `zones`; rows before it never count. */
  static since(now: number, zones: Iterable<string | null> = [null]): number {
    let since = Infinity
    for (const zone of new Set([null, ...zones])) {
      const p = periodStartsCached(now, zone)
      since = Math.min(since, p.week, p.month)
    }
    return since
  }

  get(bidId: number, now: number): BidUsage {
    const found = this.counters.get(bidId)
    if (!found) return NO_USAGE
    const c = this.roll(found, now)
    return { day: c.day, week: c.week, month: c.month, dayCents: c.dayCents, monthCents: c.monthCents }
  }

  /** A point to roll back to; call before a transaction that may assign leads. */
  mark(): number {
    // Nothing before the outermost mark can still be rolled back.
    if (this.journal.length > 10_000) this.journal = []
    return this.journal.length
  }

  /** Undoes every move since `mark` (its transaction was rolled back). */
  rollbackTo(mark: number, now = Date.now()): void {
    const undo = this.journal.splice(mark)
    for (const m of undo.reverse()) this.apply(m.bidId, m.at, m.cents, m.sign === 1 ? -1 : 1, now)
  }

  /** +1 for an assignment at `at`, −1 when it is returned; only the periods `at` falls in move. */
  add(bidId: number, at: number, cents: number, sign: 1 | -1, now: number): void {
    this.journal.push({ bidId, at, cents, sign })
    this.apply(bidId, at, cents, sign, now)
  }

  private apply(bidId: number, at: number, cents: number, sign: 1 | -1, now: number): void {
    let c = this.counters.get(bidId)
    if (!c) {
      const zone = this.zones.get(bidId) ?? null
      const p = periodStartsCached(now, zone)
      c = { ...NO_USAGE, zone, dayFrom: p.day, weekFrom: p.week, monthFrom: p.month }
      this.counters.set(bidId, c)
    }
    this.roll(c, now)
    if (at >= c.dayFrom) {
      c.day += sign
      c.dayCents += sign * cents
    }
    if (at >= c.weekFrom) c.week += sign
    if (at >= c.monthFrom) {
      c.month += sign
      c.monthCents += sign * cents
    }
  }

  private last: { at: number; zone: string | null; periods: PeriodStarts } = {
    at: -1,
    zone: null,
    periods: { day: 0, week: 0, month: 0 },
  }

  private roll(c: Counter, now: number): Counter {
    // Many bids are checked at the same instant, mostly in one zone: reuse the last answer, else ask
    // the per-zone cache (valid until the zone's next midnight).
    let periods = this.last.periods
    if (now !== this.last.at || c.zone !== this.last.zone) {
      periods = periodStartsCached(now, c.zone)
      this.last = { at: now, zone: c.zone, periods }
    }
    const d = periods.day
    if (d !== c.dayFrom) {
      c.dayFrom = d
      c.day = 0
      c.dayCents = 0
    }
    const w = periods.week
    if (w !== c.weekFrom) {
      c.weekFrom = w
      c.week = 0
    }
    const m = periods.month
    if (m !== c.monthFrom) {
      c.monthFrom = m
      c.month = 0
      c.monthCents = 0
    }
    return c
  }
}
