import { whereUnsoldReason } from './unsold-reason'
import { sql, type SqlBool } from 'kysely'
import type { LeadFilter } from '../../../shared/api/leads'
import { type LeadStatus, SOLD_STATUSES } from '../../../shared/domain/lead'
import type { Dialect } from '../dialect'
import { selectArrays } from '../dialect/bulk'
import { leadsMatching } from '../dialect/search'
import type { Executor } from '../executor'
import type { DB } from '../schema'
import { CONTACT_COLUMNS } from './lead-row'
import { searchWords } from './leads'

export interface ExportScope {
  filter: LeadFilter
  /** A customer's lead list: leads assigned to it (returned ones included). */
  customerId?: number | undefined
  /** Only what the customer may see of its list: Assigned and Returned leads. */
  customerFacing?: boolean
}

export interface ExportFieldRow {
  category_id: number
  key: string
  label: string
  type: string
  deliverable: number
  standard: number
}

/** The lead columns an export reads, in the order of each row array. */
export const LEAD_COLUMNS = [
  'id',
  'uuid',
  'status',
  ...CONTACT_COLUMNS,
  'details',
  'source_id',
  'category_id',
  'lead_type_id',
  'customer_id',
  'charged_cents',
  'cost_cents',
  'ping_record_id',
  'post_record_id',
  'import_batch_id',
  'delivery_status',
  'return_reason',
  'returned_at',
  'assigned_at',
  'created_at',
  'updated_at',
  'client_ip',
  'user_agent',
] as const satisfies readonly (keyof DB['leads'])[]

type LeadColumn = (typeof LEAD_COLUMNS)[number]
/** A lead row as an array; read a column with `row[COL.email]`. */
export type ExportLeadRow = unknown[]
export const COL = Object.fromEntries(LEAD_COLUMNS.map((c, i) => [c, i])) as { [K in LeadColumn]: number }

/**
 * Reads leads for export in id order, one page at a time (keyset): each page is its own short
 * query, so no statement, transaction or connection stays open for the whole export.
 */
export class ExportsRepository {
  constructor(private readonly dialect: Dialect) {}

  private scoped(db: Executor, scope: ExportScope) {
    let q = db.selectFrom('leads')
    if (scope.customerId !== undefined) {
      q = q.where('leads.customer_id', '=', scope.customerId)
      if (scope.customerFacing) q = q.where('leads.status', 'in', ['Assigned', 'Returned'])
      return q
    }
    const filter = scope.filter
    const statuses = new Set<LeadStatus>(filter.status ?? [])
    if (filter.sold) {
      if (statuses.size === 0) SOLD_STATUSES.forEach((s) => statuses.add(s))
      else for (const s of [...statuses]) if (!SOLD_STATUSES.includes(s)) statuses.delete(s)
      if (statuses.size === 0) q = q.where(sql<SqlBool>`1 = 0`)
    }
    if (statuses.size > 0) q = q.where('leads.status', 'in', [...statuses])
    if (filter.categoryId?.length) q = q.where('leads.category_id', 'in', filter.categoryId)
    if (filter.leadTypeId?.length) q = q.where('leads.lead_type_id', 'in', filter.leadTypeId)
    if (filter.sourceId?.length) q = q.where('leads.source_id', 'in', filter.sourceId)
    if (filter.customerId?.length) q = q.where('leads.customer_id', 'in', filter.customerId)
    if (filter.createdFrom !== undefined) q = q.where('leads.created_at', '>=', filter.createdFrom)
    if (filter.createdTo !== undefined) q = q.where('leads.created_at', '<', filter.createdTo)
    if (filter.clientIp)
      q = q.where('leads.client_ip', '>=', filter.clientIp).where('leads.client_ip', '<', `${filter.clientIp}\uffff`)
    if (filter.unsoldReason) q = whereUnsoldReason(q, filter.unsoldReason)
    const words = filter.search ? searchWords(filter.search) : []
    // The leads console's full-text index, in either dialect.
    if (words.length > 0) q = q.where((eb) => leadsMatching(eb, this.dialect, words))
    return q
  }

  async count(db: Executor, scope: ExportScope): Promise<number> {
    const row = await this.scoped(db, scope)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst()
    return Number(row?.n ?? 0)
  }

  /**
   * One page of leads as arrays (columns in `LEAD_COLUMNS` order): reading rows as arrays instead
   * of objects roughly halves the time of a million-row export.
   */
  page(db: Executor, scope: ExportScope, afterId: number, limit: number): Promise<ExportLeadRow[]> {
    return selectArrays(
      db,
      this.dialect,
      this.scoped(db, scope)
        .select(LEAD_COLUMNS.map((c) => `leads.${c}` as const))
        .where('leads.id', '>', afterId)
        .orderBy('leads.id')
        .limit(limit),
    )
  }

  fields(db: Executor, categoryIds: readonly number[] | null): Promise<ExportFieldRow[]> {
    let q = db
      .selectFrom('fields')
      .innerJoin('categories', 'categories.id', 'fields.category_id')
      .select([
        'fields.category_id',
        'fields.key',
        'fields.label',
        'fields.type',
        'fields.deliverable',
        'fields.standard',
      ])
      .orderBy('categories.name')
      .orderBy('fields.position')
      .orderBy('fields.id')
    if (categoryIds) q = q.where('fields.category_id', 'in', categoryIds.length ? [...categoryIds] : [-1])
    return q.execute()
  }

  /** id → name of the small tables an export names its leads by. */
  async names(db: Executor): Promise<{
    categories: Map<number, string>
    leadTypes: Map<number, string>
    sources: Map<number, string>
    customers: Map<number, string>
  }> {
    const toMap = (rows: { id: number; name: string }[]) => new Map(rows.map((r) => [r.id, r.name]))
    return {
      categories: toMap(await db.selectFrom('categories').select(['id', 'name']).execute()),
      leadTypes: toMap(await db.selectFrom('lead_types').select(['id', 'name']).execute()),
      sources: toMap(await db.selectFrom('sources').select(['id', 'name']).execute()),
      customers: toMap(await db.selectFrom('customers').select(['id', 'name']).execute()),
    }
  }

  async customerName(db: Executor, id: number): Promise<string | undefined> {
    const row = await db.selectFrom('customers').select('name').where('id', '=', id).executeTakeFirst()
    return row?.name
  }
}
