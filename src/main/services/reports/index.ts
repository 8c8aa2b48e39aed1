import { createWriteStream } from 'node:fs'
import { finished } from 'node:stream/promises'
import type { FileDelivery } from '../../../shared/api/exports'
import type { ReportTable } from '../../../shared/api/reports'
import type {
  CapForecast,
  ReportBreakdownRow,
  ReportDimension,
  ReportForecast,
  ReportReasons,
  ReportSeries,
  ReportSummary,
  WalletForecast,
} from '../../../shared/domain/reports'
import { scheduleSchema } from '../../../shared/domain/config'
import { periodStarts } from '../../engine/periods'
import { ReportsRepository, type RollupDimension } from '../../db/repositories/reports'
import { SettingsRepository } from '../../db/repositories/settings'
import { inTransaction } from '../../db/transaction'
import type { AuditLog } from '../audit-log'
import type { Actor, Deps } from '../deps'
import { csvLine } from '../exports/csv'
import type { FileOutbox } from '../exports/outbox'
import { breakdownOf, reasonsOf, seriesOf, totalsOf } from './figures'
import { HOUR, resolveRange, type RangeInput } from './periods'

/** The workspace setting that decides the reports' days and hours. */
export const TIME_ZONE_SETTING = 'reports.timeZone'

const DIMENSIONS: Record<ReportDimension, { column: RollupDimension; none: string | null }> = {
  source: { column: 'source_id', none: 'No source (operator, import)' },
  category: { column: 'category_id', none: 'No category' },
  leadType: { column: 'lead_type_id', none: 'No lead type' },
  customer: { column: 'customer_id', none: null },
  partner: { column: 'partner_id', none: null },
}

export function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

function parseSchedule(text: string | null): { timezone: string } | null {
  if (text === null) return null
  try {
    const parsed = scheduleSchema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/**
 * The reports dashboard. Volumes and money come from the hourly rollups (migration 120) over the
 * period's hours; the forecast reads today's assignments per bid through the bids' index. Each
 * panel is its own call, so the dashboard fills in as they answer.
 */
export class ReportsService {
  private readonly repo: ReportsRepository

  constructor(
    private readonly deps: Deps,
    private readonly files: FileOutbox,
    private readonly auditLog: AuditLog,
  ) {
    this.repo = new ReportsRepository(deps.dialect)
  }

  async timeZone(): Promise<string> {
    const zone = await SettingsRepository.get<string | null>(this.deps.db, TIME_ZONE_SETTING, null)
    if (zone && validTimeZone(zone)) return zone
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
  }

  /** Changes the zone of the reports' days, with its line in the activity log. */
  async setTimeZone(actor: Actor | null, zone: string): Promise<{ timeZone: string }> {
    const before = await this.timeZone()
    await inTransaction(this.deps.db, async (trx) => {
      await SettingsRepository.set(trx, TIME_ZONE_SETTING, zone)
      await this.auditLog.write(
        trx,
        actor,
        'reports.timeZone',
        { type: 'settings', id: TIME_ZONE_SETTING },
        `Reports time zone: ${zone}`,
        {
          before: { timeZone: before },
          after: { timeZone: zone },
        },
      )
    })
    return { timeZone: zone }
  }

  private async range(input: RangeInput) {
    const timeZone = await this.timeZone()
    return { timeZone, ...resolveRange(input, this.deps.clock.now(), timeZone) }
  }

  async summary(input: RangeInput): Promise<ReportSummary> {
    const r = await this.range(input)
    // One read transaction: the two periods agree with each other.
    return inTransaction(this.deps.db, async (trx) => ({
      timeZone: r.timeZone,
      period: r.period,
      previous: r.previous,
      current: totalsOf(await this.repo.totals(trx, r.hours.from, r.hours.to)),
      before: totalsOf(await this.repo.totals(trx, r.previousHours.from, r.previousHours.to)),
    }))
  }

  async series(input: RangeInput): Promise<ReportSeries> {
    const r = await this.range(input)
    const cells = await this.repo.hourly(this.deps.db, r.hours.from, r.hours.to)
    return {
      timeZone: r.timeZone,
      bucket: r.bucket,
      points: seriesOf(cells, r.period.from, r.period.to, r.bucket, r.timeZone),
    }
  }

  async breakdown(input: RangeInput & { by: ReportDimension }): Promise<{ rows: ReportBreakdownRow[] }> {
    const r = await this.range(input)
    const dim = DIMENSIONS[input.by]
    const cells = await this.repo.byDimension(this.deps.db, r.hours.from, r.hours.to, dim.column)
    const names = await this.repo.names(this.deps.db, dim.column, [...new Set(cells.map((c) => Number(c.key)))])
    return { rows: breakdownOf(cells, names, dim.none) }
  }

  async reasons(input: RangeInput): Promise<ReportReasons> {
    const r = await this.range(input)
    const rows = reasonsOf(await this.repo.reasons(this.deps.db, r.hours.from, r.hours.to))
    return { period: r.period, total: rows.reduce((s, x) => s + x.count, 0), rows }
  }

  /**
   * Bids that reach their daily cap today at today's rate (in each bid's own day, as caps count),
   * and wallets that pay for at most `walletLeads` more leads at their customer's highest bid.
   */
  async forecast(input: { walletLeads: number }): Promise<ReportForecast> {
    const timeZone = await this.timeZone()
    const now = this.deps.clock.now()
    const bids = await this.repo.activeBids(this.deps.db)
    // Today's assignments per bid, one read per time zone among the bids.
    const zones = new Map<string | null, number[]>()
    const zoneOf = new Map<number, string | null>()
    for (const b of bids) {
      const zone = parseSchedule(b.schedule)?.timezone ?? null
      zoneOf.set(b.id, zone)
      zones.set(zone, [...(zones.get(zone) ?? []), b.id])
    }
    const used = new Map<number, number>()
    const dayStartOf = new Map<string | null, number>()
    for (const [zone, ids] of zones) {
      const start = periodStarts(now, zone).day
      dayStartOf.set(zone, start)
      for (const [id, n] of await this.repo.assignedSince(this.deps.db, ids, start)) used.set(id, n)
    }
    const caps: CapForecast[] = []
    for (const b of bids) {
      if (b.cap_day === null) continue
      const zone = zoneOf.get(b.id) ?? null
      const start = dayStartOf.get(zone) ?? now
      const end = periodStarts(start + 36 * HOUR, zone).day
      const n = used.get(b.id) ?? 0
      const hours = Math.max((now - start) / HOUR, 1 / 60)
      const perHour = n / hours
      const reached = n >= b.cap_day
      const reachesAt = reached ? null : perHour > 0 ? Math.round(now + ((b.cap_day - n) / perHour) * HOUR) : null
      if (reached || (reachesAt !== null && reachesAt < end)) {
        caps.push({
          bidId: b.id,
          customerId: b.customer_id,
          customerName: b.customer_name,
          leadTypeName: b.lead_type_name,
          capDay: b.cap_day,
          usedToday: n,
          perHour,
          reachesAt,
          reached,
        })
      }
    }
    caps.sort((a, b) => Number(b.reached) - Number(a.reached) || (a.reachesAt ?? 0) - (b.reachesAt ?? 0))

    const today = periodStarts(now, timeZone).day
    const hoursToday = Math.max((now - today) / HOUR, 1 / 60)
    const todayByBid = await this.repo.assignedSince(
      this.deps.db,
      bids.map((b) => b.id),
      today,
    )
    const customers = new Map<number, { name: string; balance: number; price: number; today: number }>()
    for (const b of bids) {
      const c = customers.get(b.customer_id) ?? {
        name: b.customer_name,
        balance: b.balance_cents,
        price: 0,
        today: 0,
      }
      c.price = Math.max(c.price, b.price_cents)
      c.today += todayByBid.get(b.id) ?? 0
      customers.set(b.customer_id, c)
    }
    const wallets: WalletForecast[] = []
    for (const [customerId, c] of customers) {
      if (c.price <= 0) continue
      const leadsLeft = Math.max(0, Math.floor(c.balance / c.price))
      if (leadsLeft > input.walletLeads) continue
      const perHour = c.today > 0 ? c.today / hoursToday : null
      wallets.push({
        customerId,
        customerName: c.name,
        balanceCents: c.balance,
        priceCents: c.price,
        leadsLeft,
        perHour,
        runsOutAt: perHour === null ? null : Math.round(now + (leadsLeft / perHour) * HOUR),
      })
    }
    wallets.sort((a, b) => a.leadsLeft - b.leadsLeft || a.customerName.localeCompare(b.customerName))
    return { timeZone, caps, wallets }
  }

  /** A report table as CSV, through the same save dialog / download as lead exports. */
  async exportTable(input: RangeInput & { table: ReportTable }): Promise<{ rows: number; delivery: FileDelivery }> {
    const r = await this.range(input)
    const lines: unknown[][] = []
    const pct = (x: number) => (x * 100).toFixed(1)
    const money = (c: number) => (c / 100).toFixed(2)
    if (input.table === 'reasons') {
      lines.push(['Reason', 'Leads'])
      for (const row of (await this.reasons(input)).rows) lines.push([row.label, row.count])
    } else {
      lines.push(['Name', 'Received', 'Sold', 'Sold rate %', 'Revenue', 'Returned', 'Return rate %', 'Average price'])
      for (const row of (await this.breakdown({ ...input, by: input.table })).rows)
        lines.push([
          row.name,
          row.received,
          row.sold,
          pct(row.soldRate),
          money(row.revenueCents),
          row.returned,
          pct(row.returnRate),
          money(row.avgPriceCents),
        ])
    }
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)
    const fileName = `report-${input.table}-${day(r.period.from)}-to-${day(r.period.to - 1)}.csv`
    const destination = await this.files.destination(fileName)
    if (!destination) return { rows: 0, delivery: { kind: 'cancelled' } }
    const out = createWriteStream(destination.path, { encoding: 'utf8' })
    for (const line of lines) out.write(csvLine(line))
    out.end()
    await finished(out)
    return { rows: lines.length - 1, delivery: this.files.publish(destination) }
  }

  /** Repairs the rollups (the `npm run reports -- rebuild` command). */
  rebuild(): Promise<{ rows: number; leads: number }> {
    return inTransaction(this.deps.db, (trx) => this.repo.rebuild(trx))
  }
}
