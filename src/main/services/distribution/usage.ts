import type { Executor } from '../../db/executor'
import { DistributionConfigRepository } from '../../db/repositories/distribution/config'
import { usageIn, usageRepository } from '../../db/repositories/distribution/usage'
import { type BidRule, type BidUsage, NO_USAGE } from '../../engine/bidding'
import { bidTimeZone, type PeriodStarts, periodStartsCached } from '../../engine/periods'

/** The day, week and month a bid counts in at `now`, in its schedule's time zone (UTC without one). */
export function periodsOf(bid: BidRule, now: number): PeriodStarts {
  return periodStartsCached(now, bidTimeZone(bid.schedule))
}

/** Counts assignments into the periods `p` (the same rule the counters follow). */
export function countUsage(rows: readonly { assigned_at: number; charged_cents: number }[], p: PeriodStarts): BidUsage {
  const u = { ...NO_USAGE }
  for (const r of rows) {
    if (r.assigned_at >= p.day) {
      u.day++
      u.dayCents += r.charged_cents
    }
    if (r.assigned_at >= p.week) u.week++
    if (r.assigned_at >= p.month) {
      u.month++
      u.monthCents += r.charged_cents
    }
  }
  return u
}

/**
 * Caps, budgets and the subscription threshold, counted in the database (migration
 * 105_usage_counters). Bidding reads the counters of the lead type's bids in its unit of work; the
 * assignment then moves them with a guarded UPDATE, so whichever process assigns, a limit is never
 * passed: when another process took the last place first, the guard refuses and the next bid is tried.
 */
export class Usage {
  private readonly config = new DistributionConfigRepository()

  /** Usage of `bids` at `now`, as the database holds it in this unit of work. */
  async of(db: Executor, bids: readonly BidRule[], now: number): Promise<(bidId: number) => BidUsage> {
    const { limited, ids, byId } = limitedOf(bids)
    if (limited.length === 0) return () => NO_USAGE
    let rows = await usageRepository.rows(db, ids)
    if (rows.size < limited.length) {
      await this.seed(
        db,
        limited.filter((b) => !rows.has(b.id)),
        now,
      )
      rows = await usageRepository.rows(db, ids)
    }
    return (bidId) => {
      const row = rows.get(bidId)
      const bid = byId.get(bidId)
      return row && bid ? usageIn(row, periodsOf(bid, now)) : NO_USAGE
    }
  }

  /**
   * Counts the lead for `bid` at `priceCents` if every cap and budget still allows it; false when one
   * refused (the caller tries another bid). Bids without limits count too, so a limit set later
   * starts from the right number.
   */
  async take(db: Executor, bid: BidRule, priceCents: number, now: number, leadId: number): Promise<boolean> {
    const p = periodsOf(bid, now)
    if (await usageRepository.take(db, bid.id, priceCents, p, bid)) return true
    // No row yet (or one another unit of work has just written): make sure it exists, then take
    // again; a limit that refused the first take refuses this one too.
    if (!(await usageRepository.rows(db, [bid.id])).has(bid.id)) {
      // The lead is already marked Assigned in this unit of work: the first row counts the others,
      // and the take below counts it, once.
      await this.seed(db, [bid], now, leadId)
    }
    return usageRepository.take(db, bid.id, priceCents, p, bid)
  }

  /**
   * First rows for bids that have none, counted from their assignments in the current periods
   * (but `exceptLeadId`, the lead being assigned, which its own take counts).
   */
  async seed(db: Executor, bids: readonly BidRule[], now: number, exceptLeadId?: number): Promise<void> {
    for (const bid of bids) {
      const p = periodsOf(bid, now)
      const rows = await this.config.assignmentsOf(db, bid.id, Math.min(p.week, p.month), exceptLeadId)
      await usageRepository.seed(db, bid.id, countUsage(rows, p), p)
    }
  }

  /** Leads processed in the billing period starting at `periodStart`. */
  async processed(db: Executor, periodStart: number): Promise<number> {
    const kept = await usageRepository.processed(db, periodStart)
    if (kept !== null) return kept
    const count = await this.config.countProcessedSince(db, periodStart)
    await usageRepository.seedProcessed(db, periodStart, count)
    return (await usageRepository.processed(db, periodStart)) ?? count
  }

  /**
   * Counts a processed lead; with a threshold, only while the period has room (false = withheld).
   * Without one the period's row, if kept, still moves, so a threshold set later is right at once.
   */
  async takeProcessed(db: Executor, periodStart: number, threshold: number | null): Promise<boolean> {
    if (threshold === null) {
      await usageRepository.countProcessed(db, periodStart)
      return true
    }
    if (await usageRepository.takeProcessed(db, periodStart, threshold)) return true
    // As for a bid: the period's row may not exist yet, or have appeared just now.
    await this.processed(db, periodStart)
    return usageRepository.takeProcessed(db, periodStart, threshold)
  }
}

/** The bids of a list that have a cap or a budget, worked out once per configuration snapshot. */
const limitedLists = new WeakMap<
  readonly BidRule[],
  { limited: BidRule[]; ids: number[]; byId: Map<number, BidRule> }
>()
function limitedOf(bids: readonly BidRule[]): { limited: BidRule[]; ids: number[]; byId: Map<number, BidRule> } {
  let found = limitedLists.get(bids)
  if (!found) {
    const limited = bids.filter(hasLimits)
    found = { limited, ids: limited.map((b) => b.id), byId: new Map(limited.map((b) => [b.id, b])) }
    limitedLists.set(bids, found)
  }
  return found
}

function hasLimits(b: BidRule): boolean {
  return (
    b.capDay !== null ||
    b.capWeek !== null ||
    b.capMonth !== null ||
    b.budgetDayCents !== null ||
    b.budgetMonthCents !== null
  )
}
