import type { Contact, LeadStatus } from '../../../../shared/domain/lead'
import { type Selectable, sql } from 'kysely'
import type { Dialect } from '../../dialect'
import { detailsText } from '../../dialect/details'
import type { Executor } from '../../executor'
import { Prepared } from '../../prepared'
import type { LeadsTable } from '../../schema'
import { affected } from '../../transaction'

/** The columns of a lead the pipeline reads back (reprocess, resume, operator actions). */
const PIPELINE_COLUMNS = [
  'id',
  'uuid',
  'status',
  'first_name',
  'last_name',
  'email',
  'phone',
  'address',
  'city',
  'county',
  'state',
  'zip',
  'details',
  'source_id',
  'category_id',
  'lead_type_id',
  'customer_id',
  'bid_id',
  'partner_id',
  'post_record_id',
  'charged_cents',
  'assigned_at',
  'processed_at',
  'resume_from',
  'idempotency_key',
  'created_at',
  'client_ip',
  'user_agent',
] as const satisfies readonly (keyof LeadsTable)[]

export type PipelineLead = Omit<Selectable<Pick<LeadsTable, (typeof PIPELINE_COLUMNS)[number]>>, 'status'> & {
  status: LeadStatus
}

export interface NewLead {
  uuid: string
  contact: Contact
  details: string
  sourceId: number | null
  categoryId: number | null
  leadTypeId: number | null
  importBatchId: number | null
  pingRecordId: number | null
  idempotencyKey: string | null
  resumeFrom: 'pipeline' | 'plan' | null
  /** Defaults to Pending. */
  status?: LeadStatus
  processedAt?: number | null
  /** Stored already assigned (the intake path decided the award before writing). */
  assigned?: { customerId: number; bidId: number; priceCents: number } | null
  /** The consumer's IP address and user agent, when the lead came over HTTP. */
  client?: { ip: string | null; userAgent: string | null } | null
  now: number
}

/** Columns a duplicate check can look up directly (indexed); other keys live in the details JSON. */
const INDEXED_KEYS: Record<string, 'email' | 'phone'> = { email: 'email', phone: 'phone' }
type ContactColumn = 'first_name' | 'last_name' | 'address' | 'city' | 'county' | 'state' | 'zip'
const CONTACT_COLUMNS = new Set<string>(['first_name', 'last_name', 'address', 'city', 'county', 'state', 'zip'])
const PRESENT_BATCH = 256
const SOLD = ['Assigned', 'Posted', 'Returned']

/**
 * The per-lead hot path: a handful of indexed reads and writes per lead. Every query is built the
 * same way each time, so its SQL text (and the prepared statement the SQLite dialect keeps for it)
 * is reused.
 */
export class PipelineRepository {
  constructor(private readonly dialect: Dialect) {}

  private readonly insertLeadQuery = new Prepared(
    [
      'uuid',
      'status',
      'first_name',
      'last_name',
      'email',
      'phone',
      'address',
      'city',
      'county',
      'state',
      'zip',
      'details',
      'source_id',
      'category_id',
      'lead_type_id',
      'import_batch_id',
      'ping_record_id',
      'idempotency_key',
      'resume_from',
      'processed_at',
      'customer_id',
      'bid_id',
      'charged_cents',
      'assigned_at',
      'created_at',
      'updated_at',
      'client_ip',
      'user_agent',
    ] as const,
    (db, v) => db.insertInto('leads').values(v).returning('id'),
  )

  async insertLead(db: Executor, l: NewLead): Promise<number> {
    const c = l.contact
    const result = await this.insertLeadQuery.execute(db, {
      uuid: l.uuid,
      status: l.status ?? 'Pending',
      first_name: c.first_name,
      last_name: c.last_name,
      email: c.email,
      phone: c.phone,
      address: c.address,
      city: c.city,
      county: c.county,
      state: c.state,
      zip: c.zip,
      details: l.details,
      source_id: l.sourceId,
      category_id: l.categoryId,
      lead_type_id: l.leadTypeId,
      import_batch_id: l.importBatchId,
      ping_record_id: l.pingRecordId,
      idempotency_key: l.idempotencyKey,
      resume_from: l.resumeFrom,
      processed_at: l.processedAt ?? null,
      customer_id: l.assigned?.customerId ?? null,
      bid_id: l.assigned?.bidId ?? null,
      charged_cents: l.assigned?.priceCents ?? null,
      assigned_at: l.assigned ? l.now : null,
      created_at: l.now,
      updated_at: l.now,
      client_ip: l.client?.ip ?? null,
      user_agent: l.client?.userAgent ?? null,
    })
    const row = result.rows[0]
    if (!row) throw new Error('The lead was not stored')
    return Number(row.id)
  }

  private readonly eventQuery = new Prepared(['lead_id', 'at', 'stage', 'kind', 'message', 'data'] as const, (db, v) =>
    db.insertInto('lead_events').values(v),
  )
  /** Multi-row event inserts, one prepared shape per number of rows. */
  private readonly eventsQueries = new Map<number, Prepared<string, unknown>>()

  async event(
    db: Executor,
    leadId: number,
    at: number,
    stage: string,
    kind: string,
    message: string,
    data?: unknown,
  ): Promise<void> {
    await this.eventQuery.execute(db, {
      lead_id: leadId,
      at,
      stage,
      kind,
      message,
      data: data === undefined ? null : JSON.stringify(data),
    })
  }

  /** Several events of one lead at once, in order (one statement). */
  async events(
    db: Executor,
    leadId: number,
    at: number,
    events: readonly { stage: string; kind: string; message: string; data?: unknown }[],
  ): Promise<void> {
    const first = events[0]
    if (first === undefined) return
    if (events.length === 1) return this.event(db, leadId, at, first.stage, first.kind, first.message, first.data)
    const n = events.length
    let query = this.eventsQueries.get(n)
    if (!query) {
      const names: string[] = ['lead_id', 'at']
      for (let i = 0; i < n; i++) names.push(`stage${i}`, `kind${i}`, `message${i}`, `data${i}`)
      query = new Prepared<string, unknown>(names, (db, v) =>
        db.insertInto('lead_events').values(
          Array.from({ length: n }, (_, i) => ({
            lead_id: v['lead_id'] as never,
            at: v['at'] as never,
            stage: v[`stage${i}`] as never,
            kind: v[`kind${i}`] as never,
            message: v[`message${i}`] as never,
            data: v[`data${i}`] as never,
          })),
        ),
      )
      this.eventsQueries.set(n, query)
    }
    const values: Record<string, unknown> = { lead_id: leadId, at }
    events.forEach((e, i) => {
      values[`stage${i}`] = e.stage
      values[`kind${i}`] = e.kind
      values[`message${i}`] = e.message
      values[`data${i}`] = e.data === undefined ? null : JSON.stringify(e.data)
    })
    await query.execute(db, values)
  }

  private readonly byIdQuery = new Prepared(['id'] as const, (db, v) =>
    db.selectFrom('leads').select(PIPELINE_COLUMNS).where('id', '=', v.id),
  )

  async byId(db: Executor, id: number): Promise<PipelineLead | undefined> {
    return (await this.byIdQuery.execute(db, { id })).rows[0] as PipelineLead | undefined
  }

  async byIdempotencyKey(db: Executor, sourceId: number, key: string): Promise<PipelineLead | undefined> {
    const row = await db
      .selectFrom('leads')
      .select('id')
      .where('source_id', '=', sourceId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst()
    return row ? this.byId(db, row.id) : undefined
  }

  /**
   * Which of these values of an indexed key (email, phone) the category holds at all, whatever
   * their age: a batch probe that lets a bulk check skip `findDuplicate` for values never seen.
   * Null for other keys (every value may match).
   */
  async presentValues(
    db: Executor,
    categoryId: number,
    key: string,
    values: readonly string[],
  ): Promise<Set<string> | null> {
    const column = INDEXED_KEYS[key]
    if (!column) return null
    const found = new Set<string>()
    for (let at = 0; at < values.length; at += PRESENT_BATCH) {
      const chunk: (string | null)[] = values.slice(at, at + PRESENT_BATCH)
      // Statement shapes in powers of two (at most 9 of them), the unused places NULL, which
      // matches nothing: a small chunk never pays for a large list.
      let places = 1
      while (places < chunk.length) places *= 2
      while (chunk.length < places) chunk.push(null)
      const rows = await db
        .selectFrom('leads')
        .select(sql<string>`${sql.ref(column)}`.as('v'))
        .distinct()
        .where(column, 'in', chunk)
        .where('category_id', '=', categoryId)
        .execute()
      for (const r of rows) found.add(r.v)
    }
    return found
  }

  private readonly probes = {
    email: new Prepared(['value', 'category_id'] as const, (db, v) =>
      db
        .selectFrom('leads')
        .select(sql<number>`1`.as('one'))
        .where('email', '=', v.value)
        .where('category_id', '=', v.category_id)
        .limit(1),
    ),
    phone: new Prepared(['value', 'category_id'] as const, (db, v) =>
      db
        .selectFrom('leads')
        .select(sql<number>`1`.as('one'))
        .where('phone', '=', v.value)
        .where('category_id', '=', v.category_id)
        .limit(1),
    ),
  }
  /** The windowed look-up, one prepared shape per column compared. */
  private readonly lookups = new Map<
    string,
    Prepared<'value' | 'since' | 'category_id' | 'before', { id: number; uuid: string }>
  >()

  private lookup(column: 'email' | 'phone' | ContactColumn) {
    let query = this.lookups.get(column)
    if (!query) {
      query = new Prepared(['value', 'since', 'category_id', 'before'] as const, (db, v) =>
        db
          .selectFrom('leads')
          .select(['id', 'uuid'])
          .where(column, '=', v.value)
          .where('created_at', '>=', v.since)
          .where('category_id', '=', v.category_id)
          .where('id', '<', v.before)
          .orderBy('created_at', 'desc')
          .limit(1),
      )
      this.lookups.set(column, query)
    }
    return query
  }

  /**
   * The newest earlier lead of the category with this key's value received since `since`.
   * `beforeId` keeps a reprocessed lead from matching itself or leads that came after it.
   */
  async findDuplicate(
    db: Executor,
    categoryId: number,
    key: string,
    value: string,
    since: number,
    beforeId: number | null,
  ): Promise<{ id: number; uuid: string } | undefined> {
    const before = beforeId ?? Number.MAX_SAFE_INTEGER
    const indexed = INDEXED_KEYS[key]
    // Most values were never seen in the category: a covering probe of the (key, category) index
    // answers those at a third of the cost of the windowed, ordered lookup below.
    if (indexed) {
      const seen = await this.probes[indexed].execute(db, { value, category_id: categoryId })
      if (seen.rows.length === 0) return undefined
    }
    const column = indexed ?? (CONTACT_COLUMNS.has(key) ? (key as ContactColumn) : null)
    if (column !== null) {
      const found = await this.lookup(column).execute(db, { value, since, category_id: categoryId, before })
      return found.rows[0]
    }
    // Custom keys are compared inside the details JSON; the category and window narrow the scan.
    return db
      .selectFrom('leads')
      .select(['id', 'uuid'])
      .where('category_id', '=', categoryId)
      .where('created_at', '>=', since)
      .where('id', '<', before)
      .where(detailsText(this.dialect, key), '=', value)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst()
  }

  async setClassification(
    db: Executor,
    id: number,
    categoryId: number | null,
    leadTypeId: number | null,
    now: number,
  ): Promise<void> {
    await db
      .updateTable('leads')
      .set({ category_id: categoryId, lead_type_id: leadTypeId, updated_at: now })
      .where('id', '=', id)
      .execute()
  }

  private readonly setStatusQuery = new Prepared(['status', 'resume_from', 'updated_at', 'id'] as const, (db, v) =>
    db
      .updateTable('leads')
      .set({ status: v.status, resume_from: v.resume_from, updated_at: v.updated_at })
      .where('id', '=', v.id),
  )

  /** A final or waiting status with nothing else about the lead changing; the lead leaves the resume list. */
  async setStatus(
    db: Executor,
    id: number,
    status: LeadStatus,
    now: number,
    resumeFrom: 'pipeline' | 'plan' | null = null,
  ): Promise<void> {
    await this.setStatusQuery.execute(db, { status, resume_from: resumeFrom, updated_at: now, id })
  }

  async setResume(db: Executor, id: number, resumeFrom: 'pipeline' | 'plan' | null, now: number): Promise<void> {
    await db.updateTable('leads').set({ resume_from: resumeFrom, updated_at: now }).where('id', '=', id).execute()
  }

  async markProcessed(db: Executor, id: number, now: number): Promise<void> {
    await db.updateTable('leads').set({ processed_at: now, updated_at: now }).where('id', '=', id).execute()
  }

  async markAssigned(
    db: Executor,
    a: { id: number; customerId: number; bidId: number | null; priceCents: number; now: number },
  ): Promise<number> {
    return affected(
      await db
        .updateTable('leads')
        .set({
          status: 'Assigned',
          customer_id: a.customerId,
          bid_id: a.bidId,
          charged_cents: a.priceCents,
          assigned_at: a.now,
          partner_id: null,
          return_reason: null,
          returned_at: null,
          resume_from: null,
          updated_at: a.now,
        })
        .where('id', '=', a.id)
        .where('status', 'not in', SOLD)
        .executeTakeFirst(),
    )
  }

  async markPosted(
    db: Executor,
    a: {
      id: number
      partnerId: number
      priceCents: number | null
      postRecordId: number | null
      now: number
    },
  ): Promise<number> {
    return affected(
      await db
        .updateTable('leads')
        .set((eb) => ({
          status: 'Posted',
          partner_id: a.partnerId,
          charged_cents: a.priceCents,
          post_record_id: eb.fn.coalesce(eb.val(a.postRecordId), 'post_record_id'),
          assigned_at: a.now,
          resume_from: null,
          updated_at: a.now,
        }))
        .where('id', '=', a.id)
        .where('status', 'not in', SOLD)
        .executeTakeFirst(),
    )
  }

  /** Returns a sold lead; 0 when it is no longer in the status the caller read (returned twice, changed meanwhile). */
  async markReturned(
    db: Executor,
    id: number,
    from: 'Assigned' | 'Posted',
    reason: string,
    now: number,
  ): Promise<number> {
    return affected(
      await db
        .updateTable('leads')
        .set({ status: 'Returned', return_reason: reason, returned_at: now, updated_at: now })
        .where('id', '=', id)
        .where('status', '=', from)
        .executeTakeFirst(),
    )
  }

  /**
   * A post that may have sold the lead: it waits for an operator, out of the resume list. Only a
   * lead still being distributed (Pending) or an expired listing being posted (Marketplace).
   */
  async markOutcomeUnknown(
    db: Executor,
    a: { id: number; partnerId: number; postRecordId: number | null; now: number },
  ): Promise<number> {
    return affected(
      await db
        .updateTable('leads')
        .set({
          status: 'Outcome Unknown',
          partner_id: a.partnerId,
          post_record_id: a.postRecordId,
          resume_from: null,
          updated_at: a.now,
        })
        .where('id', '=', a.id)
        .where('status', 'in', ['Pending', 'Marketplace'])
        .executeTakeFirst(),
    )
  }

  /** An operator confirmed the unknown post sold the lead. */
  async markPostedFromUnknown(
    db: Executor,
    a: { id: number; priceCents: number | null; now: number },
  ): Promise<number> {
    return affected(
      await db
        .updateTable('leads')
        .set({
          status: 'Posted',
          charged_cents: a.priceCents,
          assigned_at: a.now,
          resume_from: null,
          updated_at: a.now,
        })
        .where('id', '=', a.id)
        .where('status', '=', 'Outcome Unknown')
        .executeTakeFirst(),
    )
  }

  /** An operator said the unknown post did not sell the lead: back to Pending for the rest of its plan. */
  async reopenUnknown(db: Executor, id: number, now: number): Promise<number> {
    return affected(
      await db
        .updateTable('leads')
        .set({ status: 'Pending', partner_id: null, post_record_id: null, resume_from: 'plan', updated_at: now })
        .where('id', '=', id)
        .where('status', '=', 'Outcome Unknown')
        .executeTakeFirst(),
    )
  }

  /** A row of a partner's ledger: a sale (cents ≥ 0) or a return (cents ≤ 0). */
  async partnerLedger(
    db: Executor,
    e: {
      partnerId: number
      leadId: number
      kind: 'sale' | 'return'
      cents: number
      userId: number | null
      reason: string | null
      now: number
    },
  ): Promise<void> {
    await db
      .insertInto('partner_ledger')
      .values({
        partner_id: e.partnerId,
        lead_id: e.leadId,
        kind: e.kind,
        amount_cents: e.cents,
        user_id: e.userId,
        reason: e.reason,
        created_at: e.now,
      })
      .execute()
  }

  /** The data of the lead's latest event of a kind (what an earlier step left for a later decision). */
  async lastEventData(db: Executor, leadId: number, kind: string): Promise<string | null> {
    const row = await db
      .selectFrom('lead_events')
      .select('data')
      .where('lead_id', '=', leadId)
      .where('kind', '=', kind)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst()
    return row?.data ?? null
  }

  async partnerSale(
    db: Executor,
    leadId: number,
  ): Promise<{ partner_id: number | null; amount_cents: number } | undefined> {
    return db
      .selectFrom('partner_ledger')
      .select(['partner_id', 'amount_cents'])
      .where('lead_id', '=', leadId)
      .where('kind', '=', 'sale')
      .executeTakeFirst()
  }

  /**
   * Writes an operator's edit. With `expectedUpdatedAt` (when the editor read the lead), only if
   * nobody changed the lead since: false then, and nothing is written.
   */
  async updateData(
    db: Executor,
    id: number,
    contact: Contact,
    details: string,
    now: number,
    expectedUpdatedAt?: number,
  ): Promise<boolean> {
    const c = contact
    let q = db
      .updateTable('leads')
      .set({
        first_name: c.first_name,
        last_name: c.last_name,
        email: c.email,
        phone: c.phone,
        address: c.address,
        city: c.city,
        county: c.county,
        state: c.state,
        zip: c.zip,
        details,
        updated_at: now,
      })
      .where('id', '=', id)
    if (expectedUpdatedAt !== undefined) q = q.where('updated_at', '=', expectedUpdatedAt)
    return affected(await q.executeTakeFirst()) === 1
  }

  /**
   * The wallet charge of an assignment, for the hot path: the same ledger row and balance move as
   * `WalletsRepository.post`, guarded in SQL. Returns false (and writes nothing) when the balance
   * is below the price.
   */
  private readonly debitQuery = new Prepared(['cents', 'id'] as const, (db, v) =>
    db
      .updateTable('customers')
      .set((eb) => ({ balance_cents: eb('balance_cents', '-', v.cents) }))
      .where('id', '=', v.id)
      .where('balance_cents', '>=', v.cents),
  )
  private readonly chargeRowQuery = new Prepared(
    ['customer_id', 'amount_cents', 'lead_id', 'user_id', 'created_at'] as const,
    (db, v) => db.insertInto('wallet_transactions').values({ ...v, kind: 'charge', reason: null }),
  )

  async charge(
    db: Executor,
    customerId: number,
    cents: number,
    leadId: number,
    now: number,
    userId: number | null = null,
  ): Promise<boolean> {
    // Guarded in SQL: the balance moves only if it covers the price.
    const moved = Number((await this.debitQuery.execute(db, { cents, id: customerId })).numAffectedRows ?? 0)
    if (moved === 0) return false
    await this.chargeRowQuery.execute(db, {
      customer_id: customerId,
      amount_cents: -cents,
      lead_id: leadId,
      user_id: userId,
      created_at: now,
    })
    return true
  }

  async balance(db: Executor, customerId: number): Promise<number> {
    const row = await db.selectFrom('customers').select('balance_cents').where('id', '=', customerId).executeTakeFirst()
    return row?.balance_cents ?? 0
  }

  /** One prepared shape per number of customers read. */
  private readonly balancesQueries = new Map<number, Prepared<string, { id: number; balance_cents: number }>>()

  /** The balances of these customers (0 for one that does not exist), read at once before bidding. */
  async balances(db: Executor, customerIds: readonly number[]): Promise<Map<number, number>> {
    const found = new Map<number, number>()
    if (customerIds.length === 0) return found
    const n = customerIds.length
    let query = this.balancesQueries.get(n)
    if (!query) {
      const names = customerIds.map((_, i) => `id${i}`)
      query = new Prepared<string, { id: number; balance_cents: number }>(names, (db, v) =>
        db
          .selectFrom('customers')
          .select(['id', 'balance_cents'])
          .where(
            'id',
            'in',
            names.map((name) => v[name] as never),
          ),
      )
      this.balancesQueries.set(n, query)
    }
    const values: Record<string, unknown> = {}
    customerIds.forEach((id, i) => (values[`id${i}`] = id))
    const { rows } = await query.execute(db, values)
    for (const r of rows) found.set(r.id, r.balance_cents)
    for (const id of customerIds) if (!found.has(id)) found.set(id, 0)
    return found
  }

  /** Leads a stopped process left half-way; with `staleBefore`, only those untouched since then. */
  async resumable(db: Executor, staleBefore?: number): Promise<{ id: number; resume_from: string }[]> {
    let query = db.selectFrom('leads').select(['id', 'resume_from']).where('resume_from', 'is not', null)
    if (staleBefore !== undefined) query = query.where('updated_at', '<', staleBefore)
    return (await query.orderBy('id').execute()) as { id: number; resume_from: string }[]
  }

  /** When the lead last changed, whoever changed it. */
  async updatedAt(db: Executor, id: number): Promise<number | null> {
    const row = await db.selectFrom('leads').select('updated_at').where('id', '=', id).executeTakeFirst()
    return row ? Number(row.updated_at) : null
  }

  /**
   * Takes a lead out of Audit for a decision: Pending and resumable from its plan, so a process that
   * stops before distributing it leaves it to be resumed. False when it is no longer in Audit
   * (another reviewer decided it first, or it changed meanwhile).
   */
  async leaveAudit(db: Executor, id: number, now: number): Promise<boolean> {
    const result = await db
      .updateTable('leads')
      .set({ status: 'Pending', resume_from: 'plan', updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'Audit')
      .executeTakeFirst()
    return affected(result) === 1
  }

  /**
   * Takes an abandoned lead for this process: of servers racing to resume the same lead, the one
   * whose guarded UPDATE changes the row resumes it.
   */
  async claimAbandoned(db: Executor, id: number, staleBefore: number, now: number): Promise<boolean> {
    const result = await db
      .updateTable('leads')
      .set({ updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'Pending')
      .where('resume_from', 'is not', null)
      .where('updated_at', '<', staleBefore)
      .executeTakeFirst()
    return Number(result.numUpdatedRows) === 1
  }

  async oldestWithheld(db: Executor, limit: number): Promise<number[]> {
    const rows = await db
      .selectFrom('leads')
      .select('id')
      .where('status', '=', 'Withheld')
      .orderBy('id')
      .limit(limit)
      .execute()
    return rows.map((r) => r.id)
  }

  async countWithheld(db: Executor): Promise<number> {
    const row = await db
      .selectFrom('leads')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'Withheld')
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }
}
