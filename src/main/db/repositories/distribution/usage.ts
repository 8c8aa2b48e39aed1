import { sql } from 'kysely'
import type { BidUsage } from '../../../engine/bidding'
import type { PeriodStarts } from '../../../engine/periods'
import type { Executor } from '../../executor'
import { Prepared } from '../../prepared'
import type { BidUsageTable } from '../../schema'
import { affected } from '../../transaction'

/** The limits a bid's counters are guarded by; null = none. */
export interface BidLimits {
  capDay: number | null
  capWeek: number | null
  capMonth: number | null
  budgetDayCents: number | null
  budgetMonthCents: number | null
}

/** A bid's usage row read for the periods starting at `p`: a period that has moved on counts from zero. */
export function usageIn(row: BidUsageTable, p: PeriodStarts): BidUsage {
  const day = row.day_from === p.day
  const month = row.month_from === p.month
  return {
    day: day ? Number(row.day_leads) : 0,
    dayCents: day ? Number(row.day_cents) : 0,
    week: row.week_from === p.week ? Number(row.week_leads) : 0,
    month: month ? Number(row.month_leads) : 0,
    monthCents: month ? Number(row.month_cents) : 0,
  }
}

/**
 * Bid and subscription usage. Every move is one guarded UPDATE in the caller's unit of work, so two
 * processes assigning at once can never take a bid past its cap or budget, nor the workspace past
 * its subscription threshold: the second one's UPDATE waits for the first to commit and then
 * matches nothing.
 */
/** One prepared shape per number of bids read. */
const rowsQueries = new Map<number, Prepared<string, BidUsageTable>>()

/** One prepared shape per set of limits a bid has (which of the five are set). */
const takeQueries = new Map<string, Prepared<TakeValue, unknown>>()
type TakeValue = 'bid' | 'price' | 'day' | 'week' | 'month' | keyof BidLimits

const LIMITS = ['capDay', 'capWeek', 'capMonth', 'budgetDayCents', 'budgetMonthCents'] as const

function takeQuery(limits: BidLimits): Prepared<TakeValue, unknown> {
  const shape = LIMITS.map((k) => (limits[k] === null ? '0' : '1')).join('')
  let query = takeQueries.get(shape)
  if (query) return query
  query = new Prepared<TakeValue, unknown>(['bid', 'price', 'day', 'week', 'month', ...LIMITS], (db, v) => {
    // The counts of the current periods: a stored period that has moved on counts as zero.
    const day = sql<number>`(CASE WHEN day_from = ${v.day} THEN day_leads ELSE 0 END)`
    const dayCents = sql<number>`(CASE WHEN day_from = ${v.day} THEN day_cents ELSE 0 END)`
    const week = sql<number>`(CASE WHEN week_from = ${v.week} THEN week_leads ELSE 0 END)`
    const month = sql<number>`(CASE WHEN month_from = ${v.month} THEN month_leads ELSE 0 END)`
    const monthCents = sql<number>`(CASE WHEN month_from = ${v.month} THEN month_cents ELSE 0 END)`
    let q = db
      .updateTable('bid_usage')
      .set({
        day_leads: sql`${day} + 1`,
        day_cents: sql`${dayCents} + ${v.price}`,
        day_from: v.day,
        week_leads: sql`${week} + 1`,
        week_from: v.week,
        month_leads: sql`${month} + 1`,
        month_cents: sql`${monthCents} + ${v.price}`,
        month_from: v.month,
      })
      .where('bid_id', '=', v.bid)
    if (limits.capDay !== null) q = q.where(day, '<', v.capDay)
    if (limits.capWeek !== null) q = q.where(week, '<', v.capWeek)
    if (limits.capMonth !== null) q = q.where(month, '<', v.capMonth)
    if (limits.budgetDayCents !== null) q = q.where(sql`${dayCents} + ${v.price}`, '<=', v.budgetDayCents)
    if (limits.budgetMonthCents !== null) q = q.where(sql`${monthCents} + ${v.price}`, '<=', v.budgetMonthCents)
    return q
  })
  takeQueries.set(shape, query)
  return query
}

/**
 * Bid and subscription usage. Every move is one guarded UPDATE in the caller's unit of work, so two
 * processes assigning at once can never take a bid past its cap or budget, nor the workspace past
 * its subscription threshold: the second one's UPDATE waits for the first to commit and then
 * matches nothing.
 */
export const usageRepository = {
  async rows(db: Executor, bidIds: readonly number[]): Promise<Map<number, BidUsageTable>> {
    if (bidIds.length === 0) return new Map()
    const n = bidIds.length
    let query = rowsQueries.get(n)
    if (!query) {
      const names = bidIds.map((_, i) => `id${i}`)
      query = new Prepared<string, BidUsageTable>(names, (db, v) =>
        db
          .selectFrom('bid_usage')
          .selectAll()
          .where(
            'bid_id',
            'in',
            names.map((name) => v[name] as never),
          ),
      )
      rowsQueries.set(n, query)
    }
    const values: Record<string, unknown> = {}
    bidIds.forEach((id, i) => (values[`id${i}`] = id))
    const { rows } = await query.execute(db, values)
    return new Map(rows.map((r) => [Number(r.bid_id), r]))
  },

  /** Bids that have no row yet (created since, or from before the counters were kept). */
  async missing(db: Executor, bidIds: readonly number[]): Promise<number[]> {
    const have = await this.rows(db, bidIds)
    return bidIds.filter((id) => !have.has(id))
  },

  /** Writes a bid's first row; a row another process wrote first is kept. */
  async seed(db: Executor, bidId: number, usage: BidUsage, p: PeriodStarts): Promise<void> {
    await db
      .insertInto('bid_usage')
      .values({
        bid_id: bidId,
        day_from: p.day,
        day_leads: usage.day,
        day_cents: usage.dayCents,
        week_from: p.week,
        week_leads: usage.week,
        month_from: p.month,
        month_leads: usage.month,
        month_cents: usage.monthCents,
      })
      .onConflict((oc) => oc.column('bid_id').doNothing())
      .execute()
  },

  /**
   * Counts one more lead at `priceCents` for the bid in the periods `p`, only while every cap and
   * budget still allows it. Returns false when a limit refused it or the bid has no row yet.
   */
  async take(db: Executor, bidId: number, priceCents: number, p: PeriodStarts, limits: BidLimits): Promise<boolean> {
    const result = await takeQuery(limits).execute(db, {
      bid: bidId,
      price: priceCents,
      day: p.day,
      week: p.week,
      month: p.month,
      capDay: limits.capDay,
      capWeek: limits.capWeek,
      capMonth: limits.capMonth,
      budgetDayCents: limits.budgetDayCents,
      budgetMonthCents: limits.budgetMonthCents,
    })
    return Number(result.numAffectedRows ?? 0) === 1
  },

  /** Leads processed in the billing period, or null when its row is not kept yet. */
  async processed(db: Executor, periodStart: number): Promise<number | null> {
    const row = await db
      .selectFrom('subscription_usage')
      .select('processed')
      .where('period_start', '=', periodStart)
      .executeTakeFirst()
    return row ? Number(row.processed) : null
  },

  async seedProcessed(db: Executor, periodStart: number, count: number): Promise<void> {
    await db
      .insertInto('subscription_usage')
      .values({ period_start: periodStart, processed: count })
      .onConflict((oc) => oc.column('period_start').doNothing())
      .execute()
  },

  /** Counts one more processed lead while fewer than `threshold` are; false = the threshold is reached. */
  async takeProcessed(db: Executor, periodStart: number, threshold: number): Promise<boolean> {
    const result = await db
      .updateTable('subscription_usage')
      .set({ processed: sql`processed + 1` })
      .where('period_start', '=', periodStart)
      .where('processed', '<', threshold)
      .executeTakeFirst()
    return affected(result) === 1
  },

  /** Counts one more processed lead in the period's row, if it is kept (no threshold to guard). */
  async countProcessed(db: Executor, periodStart: number): Promise<void> {
    await db
      .updateTable('subscription_usage')
      .set({ processed: sql`processed + 1` })
      .where('period_start', '=', periodStart)
      .execute()
  },
}
