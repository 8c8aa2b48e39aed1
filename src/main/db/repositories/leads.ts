import { whereUnsoldReason } from './unsold-reason'
import { type SelectQueryBuilder, sql, type SqlBool } from 'kysely'
import type { LeadFilter } from '../../../shared/api/leads'
import { type LeadEvent, type LeadRow, type LeadStatus, SOLD_STATUSES } from '../../../shared/domain/lead'
import { LEAD_ALL_COLUMNS, toLeadRow } from './lead-row'
import type { Page } from '../../../shared/domain/page'
import type { Dialect } from '../dialect'
import { nullsAsSqlite } from '../dialect/order'
import { fts5Query, leadIdsMatching, leadsMatching, oneOfIds, phoneEndsWith, unindexed } from '../dialect/search'
import type { Executor } from '../executor'
import { affected } from '../transaction'
import { parseJson } from '../json'
import type { DB } from '../schema'

const SORT_COLUMNS = {
  createdAt: 'leads.created_at',
  updatedAt: 'leads.updated_at',
  status: 'leads.status',
  lastName: 'leads.last_name',
  email: 'leads.email',
  chargedCents: 'leads.charged_cents',
} as const

/** Sort columns that may be NULL (their NULLs go where SQLite puts them, in both dialects). */
const NULLABLE_SORTS = new Set<string>(['leads.last_name', 'leads.email', 'leads.charged_cents'])

export type LeadSortColumn = keyof typeof SORT_COLUMNS

/** The words of what the operator typed, lower-cased, that the full-text index is searched for. */
export function searchWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}@.]+/u)
    .flatMap((w) => w.split(/[@.]/))
    .filter((w) => w.length > 0)
}

/** Turns what the operator typed into an FTS5 query: every word must match as a prefix. */
export function ftsQuery(text: string): string | null {
  const words = searchWords(text)
  if (words.length === 0) return null
  return fts5Query(words)
}

/** A lead's UUID as customers and the intake API quote it. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Fewest digits that look a phone up by its end (migration 080 indexes the last four). */
export const PHONE_SUFFIX_DIGITS = 4

export type SearchKind =
  | { kind: 'uuid'; uuid: string }
  | { kind: 'email'; prefix: string }
  | { kind: 'phone'; prefixes: string[]; suffix: string | null }
  | { kind: 'words'; match: string }

/**
 * What the operator typed, routed to the cheapest index: a full UUID to the lead's unique key, an
 * email address (or its start) to the email index, a run of digits to the phone index (stored as
 * E.164, so "+" and the US "1" are tried) and, from four digits on, to the index of the phone's
 * last digits as well; anything else to the full-text index over names, email and phone.
 */
export function searchKind(text: string): SearchKind | null {
  const t = text.trim()
  if (UUID.test(t)) return { kind: 'uuid', uuid: t.toLowerCase() }
  if (t.includes('@')) return { kind: 'email', prefix: t.toLowerCase() }
  if (/^[\d\s()+.-]+$/.test(t)) {
    const digits = t.replace(/\D/g, '')
    if (digits.length >= 3) {
      return {
        kind: 'phone',
        prefixes: digits.startsWith('1') ? [`+${digits}`] : [`+${digits}`, `+1${digits}`],
        suffix: digits.length >= PHONE_SUFFIX_DIGITS ? digits : null,
      }
    }
  }
  const match = ftsQuery(t)
  return match ? { kind: 'words', match } : null
}

/** Share of the table above which a filtered page is read along the sort column's index. */
const SORT_INDEX_SHARE = 0.02

/** Above this many hits a search stays a subquery rather than a list of ids. */
const SEARCH_ID_LIMIT = 20_000

/** The statuses a filter narrows to when it filters on nothing else; null when it does. */
function onlyStatuses(filter: LeadFilter): LeadStatus[] | 'all' | null {
  if (
    filter.categoryId?.length ||
    filter.leadTypeId?.length ||
    filter.sourceId?.length ||
    filter.customerId?.length ||
    filter.createdFrom !== undefined ||
    filter.createdTo !== undefined ||
    filter.clientIp ||
    filter.unsoldReason ||
    (filter.search && searchKind(filter.search))
  ) {
    return null
  }
  const chosen = filter.status ?? []
  if (!filter.sold) return chosen.length ? [...new Set(chosen)] : 'all'
  return chosen.length ? [...new Set(chosen)].filter((s) => SOLD_STATUSES.includes(s)) : [...SOLD_STATUSES]
}

type LeadsQuery = SelectQueryBuilder<DB, 'leads', object>

/** The filter is a search and nothing else. */
const onlySearch = (filter: LeadFilter) => Object.entries(filter).every(([k, v]) => k === 'search' || v === undefined)

/**
 * Reads of the leads console. Every method runs on the executor it is given (the database, or the
 * transaction of the service's unit of work); `dialect` picks the SQL of the few seams that differ.
 */
export class LeadsRepository {
  constructor(private readonly dialect: Dialect) {}

  /**
   * `matched`: the ids the full-text search already found for this filter's words, so one page
   * call runs the search once for both its rows and its total.
   */
  private filtered(db: Executor, filter: LeadFilter, matched?: readonly number[], bySortIndex = false): LeadsQuery {
    let q: LeadsQuery = db.selectFrom('leads')
    // `+column` keeps SQLite off that column's index, so it walks the sort's index instead and
    // tests each row: the cheaper plan when the filter keeps a good share of the table.
    const col = (c: 'status' | 'category_id' | 'lead_type_id' | 'source_id' | 'customer_id' | 'created_at') =>
      bySortIndex
        ? unindexed<string | number | null>(this.dialect, `leads.${c}`)
        : sql<string | number | null>`${sql.ref(`leads.${c}`)}`
    const statuses = new Set<LeadStatus>(filter.status ?? [])
    if (filter.sold) {
      if (statuses.size === 0) SOLD_STATUSES.forEach((s) => statuses.add(s))
      else for (const s of [...statuses]) if (!SOLD_STATUSES.includes(s)) statuses.delete(s)
      // "Sold" narrowed to nothing sold: match nothing rather than everything.
      if (statuses.size === 0) q = q.where(sql<SqlBool>`1 = 0`)
    }
    if (statuses.size > 0) q = q.where(col('status'), 'in', [...statuses])
    if (filter.categoryId?.length) q = q.where(col('category_id'), 'in', filter.categoryId)
    if (filter.leadTypeId?.length) q = q.where(col('lead_type_id'), 'in', filter.leadTypeId)
    if (filter.sourceId?.length) q = q.where(col('source_id'), 'in', filter.sourceId)
    if (filter.customerId?.length) q = q.where(col('customer_id'), 'in', filter.customerId)
    if (filter.createdFrom !== undefined) q = q.where(col('created_at'), '>=', filter.createdFrom)
    if (filter.createdTo !== undefined) q = q.where(col('created_at'), '<', filter.createdTo)
    // A prefix on the address index (migration 052): `203.0.113.` finds the whole block.
    if (filter.clientIp)
      q = q.where('leads.client_ip', '>=', filter.clientIp).where('leads.client_ip', '<', `${filter.clientIp}\uffff`)
    if (filter.unsoldReason) q = whereUnsoldReason(q, filter.unsoldReason)
    const search = filter.search ? searchKind(filter.search) : null
    if (search?.kind === 'uuid') {
      q = q.where('leads.uuid', '=', search.uuid)
    } else if (search?.kind === 'email') {
      // An address goes to the email index: its words ("gmail", "com") would match everyone.
      q = q.where('leads.email', '>=', search.prefix).where('leads.email', '<', `${search.prefix}\uffff`)
    } else if (search?.kind === 'phone') {
      const { prefixes, suffix } = search
      q = q.where((eb) => {
        const starts = prefixes.map((p) => eb.and([eb('leads.phone', '>=', p), eb('leads.phone', '<', `${p}~`)]))
        if (suffix === null) return eb.or(starts)
        return eb.or([...starts, phoneEndsWith(eb, this.dialect, suffix)])
      })
    } else if (search?.kind === 'words' && matched) {
      const id = bySortIndex ? unindexed<number>(this.dialect, 'leads.id') : sql<number>`${sql.ref('leads.id')}`
      q = q.where(oneOfIds(this.dialect, id, matched))
    } else if (search?.kind === 'words' && filter.search) {
      const words = searchWords(filter.search)
      q = q.where((eb) => leadsMatching(eb, this.dialect, words))
    }
    return q
  }

  async count(db: Executor, filter: LeadFilter, matched?: readonly number[]): Promise<number> {
    // A search alone counts what the full-text index found: counting those ids again through the
    // leads table costs 30-50 ms for a common name.
    if (matched && onlySearch(filter)) return matched.length
    const statuses = onlyStatuses(filter)
    if (statuses) {
      // Kept by triggers (migration 030): no scan for the busiest totals of the table.
      // sum() of PostgreSQL's bigint is numeric, which its driver gives as a string.
      let q = db.selectFrom('lead_status_counts').select((eb) => eb.fn.sum<number | string>('n').as('n'))
      if (statuses !== 'all') {
        if (statuses.length === 0) return 0
        q = q.where('status', 'in', statuses)
      }
      return Number((await q.executeTakeFirst())?.n ?? 0)
    }
    const row = await this.filtered(db, filter, matched)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst()
    return Number(row?.n ?? 0)
  }

  /** Rows the full-text index finds for the words searched; undefined when too many to pass on. */
  private async searchIds(db: Executor, filter: LeadFilter): Promise<number[] | undefined> {
    const search = filter.search ? searchKind(filter.search) : null
    if (search?.kind !== 'words' || !filter.search) return undefined
    const ids = await leadIdsMatching(db, this.dialect, searchWords(filter.search), SEARCH_ID_LIMIT + 1)
    return ids.length <= SEARCH_ID_LIMIT ? ids : undefined
  }

  /**
   * One page of the table. The page's ids are picked first on the narrow indexes (filter +
   * sort), and only those 50 rows are joined to their names: a deep page then costs an index
   * walk, not thousands of joins thrown away by OFFSET.
   */
  async list(
    db: Executor,
    input: {
      filter: LeadFilter
      page: number
      pageSize: number
      sort: { column: LeadSortColumn; direction: 'asc' | 'desc' }
    },
  ): Promise<Page<LeadRow>> {
    const matched = await this.searchIds(db, input.filter)
    const total = await this.count(db, input.filter, matched)
    // Sorted by something else than arrival, a broad filter is cheaper walked along the sort's
    // index (most rows pass) than collected through its own index and sorted.
    const broadFilter =
      input.sort.column !== 'createdAt' &&
      !input.filter.search &&
      onlyStatuses(input.filter) !== 'all' &&
      total >= SORT_INDEX_SHARE * (await this.count(db, {}))
    // A page past the middle is read from the other end, in the opposite order: the last page of a
    // million leads then walks 50 index entries, not 999,950. Every sort key runs the same way (see
    // ordered), so the opposite order is exactly the reverse; the rows are put back in order below.
    const offset = (input.page - 1) * input.pageSize
    const fromEnd = offset > total / 2
    if (fromEnd && offset >= total) return { total, rows: [] }
    const walk = fromEnd
      ? {
          sort: { ...input.sort, direction: input.sort.direction === 'asc' ? ('desc' as const) : ('asc' as const) },
          offset: Math.max(0, total - offset - input.pageSize),
          limit: Math.min(input.pageSize, total - offset),
        }
      : { sort: input.sort, offset, limit: input.pageSize }
    // A search alone that found many leads (a common name: 10,000 of a million) is read along the
    // sort's index, testing each id against those found, instead of looking up every one and sorting
    // them (1.5 ms instead of 20-50). Worth it while the ids found are dense enough that the walk
    // reaches the page soon: about N × (offset + page size) / found entries, each ~100 times cheaper
    // than a look-up.
    const broadSearch =
      matched !== undefined &&
      onlySearch(input.filter) &&
      matched.length * matched.length * 100 >= (walk.offset + walk.limit) * (await this.count(db, {}))
    const bySortIndex = broadFilter || broadSearch
    const pageIds = this.ordered(this.filtered(db, input.filter, matched, bySortIndex).select('leads.id'), walk.sort)
      .limit(walk.limit)
      .offset(walk.offset)
    const rows = await this.ordered(
      db
        .selectFrom('leads')
        .leftJoin('sources', 'sources.id', 'leads.source_id')
        .leftJoin('categories', 'categories.id', 'leads.category_id')
        .leftJoin('lead_types', 'lead_types.id', 'leads.lead_type_id')
        .leftJoin('customers', 'customers.id', 'leads.customer_id')
        .select([
          'leads.id',
          'leads.uuid',
          'leads.status',
          'leads.first_name',
          'leads.last_name',
          'leads.email',
          'leads.phone',
          'leads.state',
          'leads.zip',
          'leads.source_id',
          'sources.name as source_name',
          'leads.category_id',
          'categories.name as category_name',
          'leads.lead_type_id',
          'lead_types.name as lead_type_name',
          'leads.customer_id',
          'customers.name as customer_name',
          'leads.charged_cents',
          'leads.created_at',
          'leads.updated_at',
          'leads.assigned_at',
          'leads.client_ip',
        ])
        .where('leads.id', 'in', pageIds),
      input.sort,
    ).execute()
    return {
      total,
      rows: rows.map(toLeadRow),
    }
  }

  /**
   * Ties go to arrival, newest first when sorting down, then id: every sort column has an index
   * ending in created_at (migrations 001 and 031), so a page comes straight off an index.
   */
  private ordered<Q extends SelectQueryBuilder<DB, 'leads', object>>(
    q: Q,
    sort: { column: LeadSortColumn; direction: 'asc' | 'desc' },
  ): Q {
    const column = SORT_COLUMNS[sort.column]
    let ordered = q.orderBy(
      column,
      NULLABLE_SORTS.has(column) ? nullsAsSqlite(this.dialect, sort.direction) : sort.direction,
    )
    if (column !== 'leads.created_at') ordered = ordered.orderBy('leads.created_at', sort.direction)
    return ordered.orderBy('leads.id', sort.direction) as Q
  }

  /** How many leads of a filter are in each status, for the reprocess breakdown. */
  async countByStatus(db: Executor, filter: LeadFilter): Promise<Map<string, number>> {
    const rows = await this.filtered(db, filter)
      .select((eb) => ['leads.status', eb.fn.countAll<number>().as('n')])
      .groupBy('leads.status')
      .execute()
    return new Map(rows.map((r) => [r.status, Number(r.n)]))
  }

  /** Leads of a filter in the given statuses that have no lead type. */
  async countWithoutLeadType(db: Executor, filter: LeadFilter, statuses: readonly LeadStatus[]): Promise<number> {
    if (statuses.length === 0) return 0
    const row = await this.filtered(db, filter)
      .where('leads.status', 'in', [...statuses])
      .where('leads.lead_type_id', 'is', null)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst()
    return Number(row?.n ?? 0)
  }

  /** Status and lead type of each given lead (missing ids are left out). */
  async statuses(
    db: Executor,
    ids: readonly number[],
  ): Promise<{ id: number; status: string; lead_type_id: number | null }[]> {
    const out: { id: number; status: string; lead_type_id: number | null }[] = []
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500)
      out.push(
        ...(await db.selectFrom('leads').select(['id', 'status', 'lead_type_id']).where('id', 'in', chunk).execute()),
      )
    }
    return out
  }

  /** Those of the given leads that match the filter, with their status and lead type. */
  async matchingAmong(
    db: Executor,
    filter: LeadFilter,
    ids: readonly number[],
  ): Promise<{ id: number; status: string; lead_type_id: number | null }[]> {
    const out: { id: number; status: string; lead_type_id: number | null }[] = []
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500)
      out.push(
        ...(await this.filtered(db, filter)
          .select(['leads.id', 'leads.status', 'leads.lead_type_id'])
          .where('leads.id', 'in', chunk)
          .execute()),
      )
    }
    return out
  }

  /** Fields of a category in form order. */
  async categoryFields(db: Executor, categoryId: number) {
    return db
      .selectFrom('fields')
      .select(['key', 'label', 'type', 'required', 'deliverable', 'standard', 'validation'])
      .where('category_id', '=', categoryId)
      .orderBy('position')
      .orderBy('id')
      .execute()
  }

  async filterOptions(db: Executor) {
    return {
      categories: await db.selectFrom('categories').select(['id', 'name']).orderBy('name').execute(),
      leadTypes: await db
        .selectFrom('lead_types')
        .select(['id', 'name', 'category_id as categoryId'])
        .orderBy('name')
        .execute(),
      sources: await db.selectFrom('sources').select(['id', 'name']).orderBy('name').execute(),
      customers: await db.selectFrom('customers').select(['id', 'name']).orderBy('name').execute(),
    }
  }

  async customer(db: Executor, id: number) {
    return db.selectFrom('customers').select(['id', 'name']).where('id', '=', id).executeTakeFirst()
  }

  /** Leads a customer holds: everything sold to it, returned ones included (it keeps access). */
  async customerLeads(db: Executor, customerId: number, page: number, pageSize: number) {
    const base = db
      .selectFrom('leads')
      .where('leads.customer_id', '=', customerId)
      .where('leads.status', 'in', ['Assigned', 'Returned'])
    const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0)
    const rows = await base
      .select(LEAD_ALL_COLUMNS)
      .orderBy('leads.assigned_at', nullsAsSqlite(this.dialect, 'desc'))
      .orderBy('leads.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute()
    return { total, rows }
  }

  /** Deliverable fields of the given categories, in form order. */
  async deliverableFields(db: Executor, categoryIds: readonly number[]) {
    if (categoryIds.length === 0) return []
    return db
      .selectFrom('fields')
      .select(['category_id', 'key', 'label'])
      .where('category_id', 'in', categoryIds)
      .where('deliverable', '=', 1)
      .orderBy('position')
      .orderBy('id')
      .execute()
  }

  /** Leads waiting in Audit, oldest first (they are reviewed in arrival order). */
  async auditQueue(db: Executor, limit: number) {
    const counted = await db
      .selectFrom('leads')
      .where('status', '=', 'Audit')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst()
    const rows = await db
      .selectFrom('leads')
      .leftJoin('sources', 'sources.id', 'leads.source_id')
      .leftJoin('categories', 'categories.id', 'leads.category_id')
      .leftJoin('lead_types', 'lead_types.id', 'leads.lead_type_id')
      .select(LEAD_ALL_COLUMNS)
      .select(['sources.name as source_name', 'categories.name as category_name', 'lead_types.name as lead_type_name'])
      .where('leads.status', '=', 'Audit')
      .orderBy('leads.created_at')
      .orderBy('leads.id')
      .limit(limit)
      .execute()
    return { total: Number(counted?.n ?? 0), rows }
  }

  /** Ids of a selection given as filter + exclusions, resolved inside the main process. */
  async idsMatching(db: Executor, filter: LeadFilter, exclude: readonly number[]): Promise<number[]> {
    const excluded = new Set(exclude)
    const rows = await this.filtered(db, filter).select('leads.id').orderBy('leads.id').execute()
    return rows.map((r) => r.id).filter((id) => !excluded.has(id))
  }

  async byId(db: Executor, id: number) {
    return db
      .selectFrom('leads')
      .leftJoin('sources', 'sources.id', 'leads.source_id')
      .leftJoin('categories', 'categories.id', 'leads.category_id')
      .leftJoin('lead_types', 'lead_types.id', 'leads.lead_type_id')
      .leftJoin('customers', 'customers.id', 'leads.customer_id')
      .leftJoin('partners', 'partners.id', 'leads.partner_id')
      .select(LEAD_ALL_COLUMNS)
      .select([
        'sources.name as source_name',
        'categories.name as category_name',
        'lead_types.name as lead_type_name',
        'customers.name as customer_name',
        'partners.name as partner_name',
      ])
      .where('leads.id', '=', id)
      .executeTakeFirst()
  }

  async events(db: Executor, leadId: number): Promise<LeadEvent[]> {
    const rows = await db.selectFrom('lead_events').selectAll().where('lead_id', '=', leadId).orderBy('id').execute()
    return rows.map((e) => ({
      id: e.id,
      at: e.at,
      stage: e.stage,
      kind: e.kind,
      message: e.message,
      data: parseJson(e.data, null),
    }))
  }

  /** Summaries for the audit log before a delete. */
  async summaries(
    db: Executor,
    ids: readonly number[],
  ): Promise<{ id: number; uuid: string; status: string; email: string | null }[]> {
    if (ids.length === 0) return []
    return db.selectFrom('leads').select(['id', 'uuid', 'status', 'email']).where('id', 'in', ids).execute()
  }

  async deleteMany(db: Executor, ids: readonly number[]): Promise<number> {
    let deleted = 0
    // Chunks keep each statement under SQLite's variable limit.
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500)
      deleted += affected(await db.deleteFrom('leads').where('id', 'in', chunk).executeTakeFirst())
    }
    return deleted
  }
}
