import { sql } from 'kysely'
import type { Dialect } from '../dialect'
import type { Executor } from '../executor'
import {
  REPORT_DIMENSION_CODES,
  REPORT_KEY_COLUMNS,
  reportDerivedFill,
  reportFill,
  reportKeyParts,
  reportReason,
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

export type RollupDimension = keyof typeof REPORT_DIMENSION_CODES

/** The three rollups as rows, in key order, rows that hold anything only (for checks). */
export interface RollupSnapshot {
  detailed: Record<string, number | string>[]
  status: Record<string, number | string>[]
  daily: Record<string, number | string>[]
}

const HOUR = 3_600_000

type Raw = { status: string; n: number; charged: number; cost?: number; key?: number | string }
const cell = (r: Raw): RollupCell => ({
  key: r.key === undefined ? '' : Number(r.key),
  status: r.status,
  n: Number(r.n),
  chargedCents: Number(r.charged),
  costCents: Number(r.cost ?? 0),
})

/** Numbers as numbers (PostgreSQL's driver and SQLite agree on that already; sums may be strings elsewhere). */
const plain = (row: Record<string, unknown>): Record<string, number | string> =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' ? v : Number(v)]))

/**
 * Reads of the rollups (migration 120), each over whole UTC hours [fromHour, toHour) along a
 * primary key: totals, volume and reasons from `report_hourly_status` (a row per hour and status),
 * the tables from `report_daily` for the whole UTC days of the period and `report_hourly` for the
 * hours at its edges. A panel costs rollup rows, never a scan of leads.
 */
export class ReportsRepository {
  constructor(private readonly dialect: Dialect) {}

  /** Sums per status over the period, grouped by hour or not at all. */
  private async statusCells(db: Executor, fromHour: number, toHour: number, byHour: boolean): Promise<RollupCell[]> {
    let q = db
      .selectFrom('report_hourly_status')
      .select((eb) => [
        'status',
        eb.fn.sum<number>('n').as('n'),
        eb.fn.sum<number>('charged_cents').as('charged'),
        eb.fn.sum<number>('cost_cents').as('cost'),
      ])
      .where('hour', '>=', fromHour)
      .where('hour', '<', toHour)
      .groupBy('status')
    if (byHour) q = q.select('hour as key').groupBy('hour')
    return (await q.execute()).map((r) => cell(r as Raw))
  }

  totals(db: Executor, fromHour: number, toHour: number): Promise<RollupCell[]> {
    return this.statusCells(db, fromHour, toHour, false)
  }

  /** Keyed by the hour's start (epoch ms). */
  async hourly(db: Executor, fromHour: number, toHour: number): Promise<RollupCell[]> {
    return (await this.statusCells(db, fromHour, toHour, true)).map((c) => ({ ...c, key: Number(c.key) * HOUR }))
  }

  /**
   * Per id of a dimension and status: whole UTC days from `report_daily` (as cells of Assigned =
   * sold, Returned and Pending = the rest), the hours before the first and after the last whole
   * day from `report_hourly`.
   */
  async byDimension(db: Executor, fromHour: number, toHour: number, dimension: RollupDimension): Promise<RollupCell[]> {
    const firstDay = Math.ceil(fromHour / 24)
    const endDay = Math.floor(toHour / 24)
    const hourRanges: [number, number][] =
      firstDay < endDay
        ? [
            [fromHour, firstDay * 24],
            [endDay * 24, toHour],
          ]
        : [[fromHour, toHour]]
    const cells: RollupCell[] = []
    if (firstDay < endDay) {
      const rows = await db
        .selectFrom('report_daily')
        .select((eb) => [
          'id',
          eb.fn.sum<number>('n').as('n'),
          eb.fn.sum<number>('sold').as('sold'),
          eb.fn.sum<number>('returned').as('returned'),
          eb.fn.sum<number>('revenue_cents').as('revenue'),
        ])
        .where('dim', '=', REPORT_DIMENSION_CODES[dimension])
        .where('day', '>=', firstDay)
        .where('day', '<', endDay)
        .groupBy('id')
        .execute()
      // The daily rollup counts statuses in columns: back into cells of a status each.
      for (const r of rows) {
        const [n, sold, returned] = [Number(r.n), Number(r.sold), Number(r.returned)]
        const key = Number(r.id)
        cells.push(
          { key, status: 'Assigned', n: sold, chargedCents: Number(r.revenue), costCents: 0 },
          { key, status: 'Returned', n: returned, chargedCents: 0, costCents: 0 },
          { key, status: 'Pending', n: n - sold - returned, chargedCents: 0, costCents: 0 },
        )
      }
    }
    for (const [from, to] of hourRanges) {
      if (from >= to) continue
      const rows = await db
        .selectFrom('report_hourly')
        .select((eb) => [
          sql.ref<number>(dimension).as('key'),
          'status',
          eb.fn.sum<number>('n').as('n'),
          eb.fn.sum<number>('charged_cents').as('charged'),
        ])
        .where('hour', '>=', from)
        .where('hour', '<', to)
        .groupBy([dimension, 'status'])
        .execute()
      cells.push(...rows.map((r) => cell(r as Raw)))
    }
    return cells
  }

  /** Unsold leads per reason ('' = sold or still in progress, left out). */
  async reasons(db: Executor, fromHour: number, toHour: number): Promise<{ reason: string; n: number }[]> {
    const rows = await db
      .selectFrom('report_hourly_status')
      .select((eb) => ['reason', eb.fn.sum<number>('n').as('n')])
      .where('hour', '>=', fromHour)
      .where('hour', '<', toHour)
      .where('reason', '<>', '')
      .groupBy('reason')
      .execute()
    return rows.map((r) => ({ reason: r.reason, n: Number(r.n) })).filter((r) => r.n !== 0)
  }

  /**
   * Repairs the rollups: every Unassigned lead's reason read again from its trace, and the three
   * rollups counted again from the leads, with the SQL of the migration that keeps them. Run in
   * the caller's transaction so readers see the old rollups or the new ones, never a half.
   */
  async rebuild(db: Executor): Promise<{ rows: number; leads: number }> {
    await sql.raw(this.dialect === 'postgres' ? postgresReasonFill : sqliteReasonFill).execute(db)
    await db.deleteFrom('report_hourly').execute()
    await db.deleteFrom('report_hourly_status').execute()
    await db.deleteFrom('report_daily').execute()
    await sql.raw(reportFill).execute(db)
    for (const statement of reportDerivedFill) await sql.raw(statement).execute(db)
    return this.size(db)
  }

  /** The rollups as stored. */
  async stored(db: Executor): Promise<RollupSnapshot> {
    const nonZero = (cols: string) => `${cols} <> 0`
    const read = async (text: string) =>
      (await sql<Record<string, unknown>>`${sql.raw(text)}`.execute(db)).rows.map(plain)
    return {
      detailed: await read(`SELECT ${REPORT_KEY_COLUMNS}, n, charged_cents, cost_cents FROM report_hourly
        WHERE ${nonZero('n')} OR ${nonZero('charged_cents')} OR ${nonZero('cost_cents')} ORDER BY ${REPORT_KEY_COLUMNS}`),
      status: await read(`SELECT hour, status, reason, n, charged_cents, cost_cents FROM report_hourly_status
        WHERE ${nonZero('n')} OR ${nonZero('charged_cents')} OR ${nonZero('cost_cents')} ORDER BY hour, status, reason`),
      daily: await read(`SELECT dim, day, id, n, sold, returned, revenue_cents FROM report_daily
        WHERE ${nonZero('n')} OR ${nonZero('sold')} OR ${nonZero('returned')} OR ${nonZero('revenue_cents')}
        ORDER BY dim, day, id`),
    }
  }

  /** What the rollups should hold, counted from the leads themselves. */
  async scanned(db: Executor): Promise<RollupSnapshot> {
    const read = async (text: string) =>
      (await sql<Record<string, unknown>>`${sql.raw(text)}`.execute(db)).rows.map(plain)
    const names = REPORT_KEY_COLUMNS.split(', ')
    const key = reportKeyParts('leads').map((expr, i) => `${expr} AS ${names[i] ?? ''}`)
    const sums = 'count(*) AS n, sum(coalesce(charged_cents, 0)) AS charged_cents'
    return {
      detailed: await read(`SELECT ${key.join(', ')}, ${sums}, sum(coalesce(cost_cents, 0)) AS cost_cents
        FROM leads GROUP BY ${reportKeyParts('leads').join(', ')} ORDER BY ${names.join(', ')}`),
      status: await read(`SELECT created_at / 3600000 AS hour, status, ${reportReason('leads')} AS reason, ${sums},
        sum(coalesce(cost_cents, 0)) AS cost_cents FROM leads GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`),
      daily: await read(
        Object.entries(REPORT_DIMENSION_CODES)
          .map(
            ([column, code]) => `SELECT ${code} AS dim, created_at / 86400000 AS day, coalesce(${column}, 0) AS id,
            count(*) AS n, sum(CASE WHEN status IN ('Assigned', 'Posted') THEN 1 ELSE 0 END) AS sold,
            sum(CASE WHEN status = 'Returned' THEN 1 ELSE 0 END) AS returned,
            sum(CASE WHEN status IN ('Assigned', 'Posted') THEN coalesce(charged_cents, 0) ELSE 0 END) AS revenue_cents
            FROM leads GROUP BY 1, 2, 3`,
          )
          .join(' UNION ALL ') + ' ORDER BY 1, 2, 3',
      ),
    }
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
