import { sql } from 'kysely'
import type { BidDef, BidUsage } from '../../../../shared/api/settings/bids'
import type { ConditionGroup, Schedule, Scope } from '../../../../shared/domain/config'
import { parseJson, toBool } from '../../json'
import type { Executor } from '../../executor'

export type BidWrite = Omit<BidDef, 'id' | 'customerName' | 'leadTypeName' | 'categoryName' | 'usage'>

/** Period starts the usage counts are measured from. */
export interface UsagePeriods {
  day: number
  week: number
  month: number
}

/** The period starts a bid with this schedule counts in (its time zone decides them). */
export type PeriodsOf = (schedule: Schedule | null) => UsagePeriods

const EMPTY_USAGE: BidUsage = { day: 0, week: 0, month: 0, spentDayCents: 0, spentMonthCents: 0 }

export class BidsRepository {
  async list(
    db: Executor,
    filter: { customerId?: number; leadTypeId?: number; id?: number },
    periodsOf: PeriodsOf,
  ): Promise<BidDef[]> {
    let q = db
      .selectFrom('bids as b')
      .innerJoin('customers as cu', 'cu.id', 'b.customer_id')
      .innerJoin('lead_types as t', 't.id', 'b.lead_type_id')
      .innerJoin('categories as c', 'c.id', 't.category_id')
      .selectAll('b')
      .select(['cu.name as customer_name', 't.name as lead_type_name', 'c.name as category_name'])
      .orderBy('cu.name')
      .orderBy('b.id')
    if (filter.customerId !== undefined) q = q.where('b.customer_id', '=', filter.customerId)
    if (filter.leadTypeId !== undefined) q = q.where('b.lead_type_id', '=', filter.leadTypeId)
    if (filter.id !== undefined) q = q.where('b.id', '=', filter.id)
    const rows = await q.execute()
    // Bids whose time zones give the same period starts share one usage query.
    const groups = new Map<string, { periods: UsagePeriods; ids: number[] }>()
    for (const r of rows) {
      const periods = periodsOf(parseJson<Schedule | null>(r.schedule, null))
      const key = `${periods.day}/${periods.week}/${periods.month}`
      const group = groups.get(key) ?? { periods, ids: [] }
      group.ids.push(r.id)
      groups.set(key, group)
    }
    const usage = new Map<number, BidUsage>()
    for (const g of groups.values()) for (const [id, u] of await this.usage(db, g.ids, g.periods)) usage.set(id, u)
    return rows.map((r) => ({
      id: r.id,
      customerId: r.customer_id,
      customerName: r.customer_name,
      leadTypeId: r.lead_type_id,
      leadTypeName: r.lead_type_name,
      categoryName: r.category_name,
      priceCents: r.price_cents,
      scope: parseJson<Scope>(r.scope, { kind: 'nationwide', values: [] }),
      filters: parseJson<ConditionGroup | null>(r.filters, null),
      capDay: r.cap_day,
      capWeek: r.cap_week,
      capMonth: r.cap_month,
      budgetDayCents: r.budget_day_cents,
      budgetMonthCents: r.budget_month_cents,
      schedule: parseJson<Schedule | null>(r.schedule, null),
      priority: r.priority,
      active: toBool(r.active),
      usage: usage.get(r.id) ?? EMPTY_USAGE,
    }))
  }

  /**
   * Leads currently Assigned under each bid since the earliest period start. Returned leads have left
   * the Assigned status, so they stop counting, as the caps rule says.
   */
  private async usage(db: Executor, ids: number[], p: UsagePeriods): Promise<Map<number, BidUsage>> {
    const result = new Map<number, BidUsage>()
    if (ids.length === 0) return result
    const since = Math.min(p.day, p.week, p.month)
    // Counts as sums of CASE (not of a comparison), which PostgreSQL accepts as well as SQLite.
    const rows = await db
      .selectFrom('leads')
      .select([
        'bid_id',
        sql<number>`sum(case when assigned_at >= ${p.day} then 1 else 0 end)`.as('day'),
        sql<number>`sum(case when assigned_at >= ${p.week} then 1 else 0 end)`.as('week'),
        sql<number>`sum(case when assigned_at >= ${p.month} then 1 else 0 end)`.as('month'),
        sql<number>`sum(case when assigned_at >= ${p.day} then coalesce(charged_cents, 0) else 0 end)`.as('spent_day'),
        sql<number>`sum(case when assigned_at >= ${p.month} then coalesce(charged_cents, 0) else 0 end)`.as(
          'spent_month',
        ),
      ])
      .where('bid_id', 'in', ids)
      .where('assigned_at', '>=', since)
      .where('status', '=', 'Assigned')
      .groupBy('bid_id')
      .execute()
    for (const r of rows) {
      if (r.bid_id === null) continue
      result.set(r.bid_id, {
        day: r.day ?? 0,
        week: r.week ?? 0,
        month: r.month ?? 0,
        spentDayCents: r.spent_day ?? 0,
        spentMonthCents: r.spent_month ?? 0,
      })
    }
    return result
  }

  private values(b: BidWrite) {
    return {
      customer_id: b.customerId,
      lead_type_id: b.leadTypeId,
      price_cents: b.priceCents,
      scope: JSON.stringify(b.scope),
      filters: b.filters === null ? null : JSON.stringify(b.filters),
      cap_day: b.capDay,
      cap_week: b.capWeek,
      cap_month: b.capMonth,
      budget_day_cents: b.budgetDayCents,
      budget_month_cents: b.budgetMonthCents,
      schedule: b.schedule === null ? null : JSON.stringify(b.schedule),
      priority: b.priority,
      active: b.active ? 1 : 0,
    }
  }

  async insert(db: Executor, b: BidWrite, now: number): Promise<number> {
    const r = await db
      .insertInto('bids')
      .values({ ...this.values(b), created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow()
    return r.id
  }

  async update(db: Executor, id: number, b: BidWrite, now: number): Promise<void> {
    await db
      .updateTable('bids')
      .set({ ...this.values(b), updated_at: now })
      .where('id', '=', id)
      .execute()
  }

  async delete(db: Executor, id: number): Promise<void> {
    await db.deleteFrom('bids').where('id', '=', id).execute()
  }
}
