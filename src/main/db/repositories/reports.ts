import { sql } from 'kysely'
import type { Dialect } from '../dialect'
import type { Executor } from '../executor'
import {
  REPORT_KEY_COLUMNS,
  reportFill,
  reportKeyParts,
  sqliteReasonFill,
  sqliteUnsoldReason,
} from '../migrations/120_reports'
import { postgresReasonFill, postgresUnsoldReason } from '../postgres/migrations/120_reports'

/** One group of rollup rows: leads, charges and payouts of a status (and a key of the caller's choice). */
export interface RollupCell {
  key: number | string
  status: string
  n: number
  chargedCents: number
  costCents: number
}

/** One row of `report_hourly`. */
export interface RollupRow {
  hour: number
  source_id: number
  category_id: number
  lead_type_id: number
  customer_id: number
  partner_id: number
  status: string
  reason: string
  n: number
  charged_cents: number
  cost_cents: number
}

const numeric = (r: RollupRow): RollupRow => ({
  hour: Number(r.hour),
  source_id: Number(r.source_id),
  category_id: Number(r.category_id),
  lead_type_id: Number(r.lead_type_id),
  customer_id: Number(r.customer_id),
  partner_id: Number(r.partner_id),
  status: r.status,
  reason: r.reason,
  n: Number(r.n),
  charged_cents: Number(r.charged_cents),
  cost_cents: Number(r.cost_cents),
})

export type RollupDimension = 'source_id' | 'category_id' | 'lead_type_id' | 'customer_id' | 'partner_id'

const HOUR = 3_600_000

/**
 * Reads of `report_hourly` (migration 120), each over whole UTC hours [fromHour, toHour) along the
 * table's primary key, so a panel costs the rollup rows of its period, never a scan of leads.
 */
export class ReportsRepository {
  constructor(private readonly dialect: Dialect) {}

  /** Sums per status, grouped by `key`: an hour, a dimension's id, or nothing (''). */
  private async cells(
    db: Executor,
    fromHour: number,
    toHour: number,
    key: 'hour' | RollupDimension | null,
  ): Promise<RollupCell[]> {
    let q = db
      .selectFrom('report_hourly')
      .select((eb) => [
        'status',
        eb.fn.sum<number>('n').as('n'),
        eb.fn.sum<number>('charged_cents').as('charged'),
        eb.fn.sum<number>('cost_cents').as('cost'),
      ])
      .where('hour', '>=', fromHour)
      .where('hour', '<', toHour)
      .groupBy('status')
    if (key) q = q.select(sql.ref<number>(key).as('key')).groupBy(key)
    const rows = (await q.execute()) as { status: string; n: number; charged: number; cost: number; key?: number }[]
    return rows.map((r) => ({
      key: r.key === undefined ? '' : Number(r.key),
      status: r.status,
      n: Number(r.n),
      chargedCents: Number(r.charged),
      costCents: Number(r.cost),
    }))
  }

  totals(db: Executor, fromHour: number, toHour: number): Promise<RollupCell[]> {
    return this.cells(db, fromHour, toHour, null)
  }

  /** Keyed by the hour's start (epoch ms). */
  async hourly(db: Executor, fromHour: number, toHour: number): Promise<RollupCell[]> {
    return (await this.cells(db, fromHour, toHour, 'hour')).map((c) => ({ ...c, key: Number(c.key) * HOUR }))
  }

  byDimension(db: Executor, fromHour: number, toHour: number, dimension: RollupDimension): Promise<RollupCell[]> {
    return this.cells(db, fromHour, toHour, dimension)
  }

  /** Unsold leads per reason ('' = sold or still in progress, left out). */
  async reasons(db: Executor, fromHour: number, toHour: number): Promise<{ reason: string; n: number }[]> {
    const rows = await db
      .selectFrom('report_hourly')
      .select((eb) => ['reason', eb.fn.sum<number>('n').as('n')])
      .where('hour', '>=', fromHour)
      .where('hour', '<', toHour)
      .where('reason', '<>', '')
      .groupBy('reason')
      .execute()
    return rows.map((r) => ({ reason: r.reason, n: Number(r.n) })).filter((r) => r.n !== 0)
  }

  /**
   * Repairs the rollups: every Unassigned lead's reason read again from its trace, and
   * `report_hourly` rebuilt from the leads, with the SQL of the migration that keeps them. Run in
   * the caller's transaction so readers see the old rollup or the new one, never a half.
   */
  async rebuild(db: Executor): Promise<{ rows: number; leads: number }> {
    await sql.raw(this.dialect === 'postgres' ? postgresReasonFill : sqliteReasonFill).execute(db)
    await db.deleteFrom('report_hourly').execute()
    await sql.raw(reportFill).execute(db)
    return this.size(db)
  }

  /** The rollup as stored, rows that hold anything, in key order (for checks). */
  async stored(db: Executor): Promise<RollupRow[]> {
    const rows = await sql<RollupRow>`${sql.raw(`SELECT ${REPORT_KEY_COLUMNS}, n, charged_cents, cost_cents
      FROM report_hourly WHERE n <> 0 OR charged_cents <> 0 OR cost_cents <> 0 ORDER BY ${REPORT_KEY_COLUMNS}`)}`.execute(
      db,
    )
    return rows.rows.map(numeric)
  }

  /** What the rollup should hold, counted from the leads themselves, in key order. */
  async scanned(db: Executor): Promise<RollupRow[]> {
    const names = REPORT_KEY_COLUMNS.split(', ')
    const key = reportKeyParts('leads')
      .map((expr, i) => `${expr} AS ${names[i] ?? ''}`)
      .join(', ')
    const rows = await sql<RollupRow>`${sql.raw(`SELECT ${key}, count(*) AS n,
      sum(coalesce(charged_cents, 0)) AS charged_cents, sum(coalesce(cost_cents, 0)) AS cost_cents
      FROM leads GROUP BY ${reportKeyParts('leads').join(', ')} ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`)}`.execute(db)
    return rows.rows.map(numeric)
  }

  /** Unassigned leads whose stored reason differs from their trace's. */
  async reasonMismatches(db: Executor): Promise<number> {
    const reason = this.dialect === 'postgres' ? postgresUnsoldReason('u') : sqliteUnsoldReason('u')
    const row = await sql<{ n: number }>`${sql.raw(`SELECT count(*) AS n FROM leads WHERE status = 'Unassigned'
      AND coalesce(unsold_reason, '') <> coalesce((SELECT ${reason} FROM lead_events u
        WHERE u.lead_id = leads.id AND u.kind = 'unassigned' ORDER BY u.id DESC LIMIT 1), '')`)}`.execute(db)
    return Number(row.rows[0]?.n ?? 0)
  }

  async size(db: Executor): Promise<{ rows: number; leads: number }> {
    const row = await db
      .selectFrom('report_hourly')
      .select((eb) => [eb.fn.countAll<number>().as('rows'), eb.fn.sum<number>('n').as('leads')])
      .executeTakeFirst()
    return { rows: Number(row?.rows ?? 0), leads: Number(row?.leads ?? 0) }
  }

  /** Names of the rows a breakdown shows. */
  async names(db: Executor, dimension: RollupDimension, ids: readonly number[]): Promise<Map<number, string>> {
    const wanted = ids.filter((id) => id !== 0)
    if (wanted.length === 0) return new Map()
    const table = (
      {
        source_id: 'sources',
        category_id: 'categories',
        lead_type_id: 'lead_types',
        customer_id: 'customers',
        partner_id: 'partners',
      } as const
    )[dimension]
    const rows = await db.selectFrom(table).select(['id', 'name']).where('id', 'in', wanted).execute()
    return new Map(rows.map((r) => [Number(r.id), r.name]))
  }

  /** Active bids of active customers, with what the forecast shows of them. */
  activeBids(db: Executor) {
    return db
      .selectFrom('bids')
      .innerJoin('customers', 'customers.id', 'bids.customer_id')
      .innerJoin('lead_types', 'lead_types.id', 'bids.lead_type_id')
      .select([
        'bids.id',
        'bids.customer_id',
        'bids.price_cents',
        'bids.cap_day',
        'bids.schedule',
        'customers.name as customer_name',
        'customers.balance_cents',
        'lead_types.name as lead_type_name',
      ])
      .where('bids.active', '=', 1)
      .where('customers.active', '=', 1)
      .orderBy('bids.id')
      .execute()
  }

  /** Leads currently Assigned under each bid since `since` (the index on bid_id, assigned_at). */
  async assignedSince(db: Executor, bidIds: readonly number[], since: number): Promise<Map<number, number>> {
    if (bidIds.length === 0) return new Map()
    const rows = await db
      .selectFrom('leads')
      .select((eb) => ['bid_id', eb.fn.countAll<number>().as('n')])
      .where('bid_id', 'in', [...bidIds])
      .where('assigned_at', '>=', since)
      .where('status', '=', 'Assigned')
      .groupBy('bid_id')
      .execute()
    return new Map(rows.map((r) => [Number(r.bid_id), Number(r.n)]))
  }
}
