import { type BidUsage, NO_USAGE } from '../../engine/bidding'
import { dayStart, monthStart, weekStart } from '../../engine/periods'

interface Counter extends BidUsage {
  dayFrom: number
  weekFrom: number
  monthFrom: number
}

/**
 * Cap and budget counters per bid, kept in memory so bidding reads no rows. They are rebuilt from
 * the database on load (Assigned leads only) and moved by every assignment and return. Each
 * counter remembers the period it counts, so a new day/week/month starts from zero by itself.
 */
export class UsageCounters {
  private readonly counters = new Map<number, Counter>()

  /** Rebuild from the assignments of the current periods. */
  reset(rows: readonly { bid_id: number; assigned_at: number; charged_cents: number }[], now: number): void {
    this.counters.clear()
    for (const r of rows) this.add(r.bid_id, r.assigned_at, r.charged_cents, 1, now)
  }

  /** The earliest time any current period starts; rows before it never count. */
  static since(now: number): number {
    return Math.min(weekStart(now), monthStart(now))
  }

  get(bidId: number, now: number): BidUsage {
    const c = this.counters.get(bidId)
    return c ? this.roll(c, now) : NO_USAGE
  }

  /** +1 for an assignment at `at`, −1 when it is returned; only the periods `at` falls in move. */
  add(bidId: number, at: number, cents: number, sign: 1 | -1, now: number): void {
    let c = this.counters.get(bidId)
    if (!c) {
      c = { ...NO_USAGE, dayFrom: dayStart(now), weekFrom: weekStart(now), monthFrom: monthStart(now) }
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

  private roll(c: Counter, now: number): Counter {
    const d = dayStart(now)
    if (d !== c.dayFrom) {
      c.dayFrom = d
      c.day = 0
      c.dayCents = 0
    }
    const w = weekStart(now)
    if (w !== c.weekFrom) {
      c.weekFrom = w
      c.week = 0
    }
    const m = monthStart(now)
    if (m !== c.monthFrom) {
      c.monthFrom = m
      c.month = 0
      c.monthCents = 0
    }
    return c
  }
}
