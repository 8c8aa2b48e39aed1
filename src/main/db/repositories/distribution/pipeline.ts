import type { Contact, LeadStatus } from '../../../../shared/domain/lead'
import type { Selectable } from 'kysely'
import type { LeadsTable } from '../../schema'
import type { Store } from '../../store'

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
const INDEXED_KEYS: Record<string, string> = { email: 'email', phone: 'phone' }
const CONTACT_COLUMNS = new Set(['first_name', 'last_name', 'address', 'city', 'county', 'state', 'zip'])
const PRESENT_BATCH = 256
const PROBE: Record<string, string> = {
  email: `SELECT 1 FROM leads WHERE email = ? AND category_id = ? LIMIT 1`,
  phone: `SELECT 1 FROM leads WHERE phone = ? AND category_id = ? LIMIT 1`,
}

/**
 * Hand-written SQL for the per-lead hot path: each statement is prepared once and reused, so a lead
 * costs a handful of indexed reads and writes and no query building.
 */
export class PipelineRepository {
  constructor(private readonly store: Store) {}

  insertLead(l: NewLead): number {
    const c = l.contact
    const r = this.store
      .prepare(
        `INSERT INTO leads (uuid, status, first_name, last_name, email, phone, address, city, county, state, zip,
          details, source_id, category_id, lead_type_id, import_batch_id, ping_record_id, idempotency_key,
          resume_from, processed_at, customer_id, bid_id, charged_cents, assigned_at, created_at, updated_at,
          client_ip, user_agent)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        l.uuid,
        l.status ?? 'Pending',
        c.first_name,
        c.last_name,
        c.email,
        c.phone,
        c.address,
        c.city,
        c.county,
        c.state,
        c.zip,
        l.details,
        l.sourceId,
        l.categoryId,
        l.leadTypeId,
        l.importBatchId,
        l.pingRecordId,
        l.idempotencyKey,
        l.resumeFrom,
        l.processedAt ?? null,
        l.assigned?.customerId ?? null,
        l.assigned?.bidId ?? null,
        l.assigned?.priceCents ?? null,
        l.assigned ? l.now : null,
        l.now,
        l.now,
        l.client?.ip ?? null,
        l.client?.userAgent ?? null,
      )
    return Number(r.lastInsertRowid)
  }

  event(leadId: number, at: number, stage: string, kind: string, message: string, data?: unknown): void {
    this.store
      .prepare(`INSERT INTO lead_events (lead_id, at, stage, kind, message, data) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(leadId, at, stage, kind, message, data === undefined ? null : JSON.stringify(data))
  }

  byId(id: number): PipelineLead | undefined {
    return this.store
      .prepare(
        `SELECT ${PIPELINE_COLUMNS.join(', ')}
         FROM leads WHERE id = ?`,
      )
      .get(id) as PipelineLead | undefined
  }

  byIdempotencyKey(sourceId: number, key: string): PipelineLead | undefined {
    const row = this.store
      .prepare(`SELECT id FROM leads WHERE source_id = ? AND idempotency_key = ?`)
      .get(sourceId, key) as { id: number } | undefined
    return row ? this.byId(row.id) : undefined
  }

  /**
   * Which of these values of an indexed key (email, phone) the category holds at all, whatever
   * their age: a batch probe that lets a bulk check skip `findDuplicate` for values never seen.
   * Null for other keys (every value may match).
   */
  presentValues(categoryId: number, key: string, values: readonly string[]): Set<string> | null {
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
      const statement = this.store.prepare(
        `SELECT DISTINCT ${column} AS v FROM leads WHERE ${column} IN (${new Array<string>(places).fill('?').join(', ')}) AND category_id = ?`,
      )
      for (const r of statement.all(...chunk, categoryId) as { v: string }[]) found.add(r.v)
    }
    return found
  }

  /**
   * The newest earlier lead of the category with this key's value received since `since`.
   * `beforeId` keeps a reprocessed lead from matching itself or leads that came after it.
   */
  findDuplicate(
    categoryId: number,
    key: string,
    value: string,
    since: number,
    beforeId: number | null,
  ): { id: number; uuid: string } | undefined {
    const before = beforeId ?? Number.MAX_SAFE_INTEGER
    const indexed = INDEXED_KEYS[key]
    // Most values were never seen in the category: a covering probe of the (key, category) index
    // answers those at a third of the cost of the windowed, ordered lookup below.
    if (indexed && !this.store.prepare(PROBE[indexed] ?? '').get(value, categoryId)) return undefined
    const column = indexed ?? (CONTACT_COLUMNS.has(key) ? key : null)
    if (column !== null) {
      return this.store
        .prepare(
          `SELECT id, uuid FROM leads WHERE ${column} = ? AND created_at >= ? AND category_id = ? AND id < ?
           ORDER BY created_at DESC LIMIT 1`,
        )
        .get(value, since, categoryId, before) as { id: number; uuid: string } | undefined
    }
    // Custom keys are compared inside the details JSON; the category and window narrow the scan.
    return this.store
      .prepare(
        `SELECT id, uuid FROM leads WHERE category_id = ? AND created_at >= ? AND id < ?
           AND CAST(json_extract(details, '$.' || json_quote(?)) AS TEXT) = ?
         ORDER BY created_at DESC LIMIT 1`,
      )
      .get(categoryId, since, before, key, value) as { id: number; uuid: string } | undefined
  }

  setClassification(id: number, categoryId: number | null, leadTypeId: number | null, now: number): void {
    this.store
      .prepare(`UPDATE leads SET category_id = ?, lead_type_id = ?, updated_at = ? WHERE id = ?`)
      .run(categoryId, leadTypeId, now, id)
  }

  /** A final or waiting status with nothing else about the lead changing; the lead leaves the resume list. */
  setStatus(id: number, status: LeadStatus, now: number, resumeFrom: 'pipeline' | 'plan' | null = null): void {
    this.store
      .prepare(`UPDATE leads SET status = ?, resume_from = ?, updated_at = ? WHERE id = ?`)
      .run(status, resumeFrom, now, id)
  }

  setResume(id: number, resumeFrom: 'pipeline' | 'plan' | null, now: number): void {
    this.store.prepare(`UPDATE leads SET resume_from = ?, updated_at = ? WHERE id = ?`).run(resumeFrom, now, id)
  }

  markProcessed(id: number, now: number): void {
    this.store.prepare(`UPDATE leads SET processed_at = ?, updated_at = ? WHERE id = ?`).run(now, now, id)
  }

  markAssigned(a: { id: number; customerId: number; bidId: number | null; priceCents: number; now: number }): number {
    return this.store
      .prepare(
        `UPDATE leads SET status = 'Assigned', customer_id = ?, bid_id = ?, charged_cents = ?, assigned_at = ?,
           partner_id = NULL, return_reason = NULL, returned_at = NULL, resume_from = NULL, updated_at = ?
         WHERE id = ? AND status NOT IN ('Assigned', 'Posted', 'Returned')`,
      )
      .run(a.customerId, a.bidId, a.priceCents, a.now, a.now, a.id).changes
  }

  markPosted(a: {
    id: number
    partnerId: number
    priceCents: number | null
    postRecordId: number | null
    now: number
  }): number {
    return this.store
      .prepare(
        `UPDATE leads SET status = 'Posted', partner_id = ?, charged_cents = ?, post_record_id = COALESCE(?, post_record_id),
           assigned_at = ?, resume_from = NULL, updated_at = ?
         WHERE id = ? AND status NOT IN ('Assigned', 'Posted', 'Returned')`,
      )
      .run(a.partnerId, a.priceCents, a.postRecordId, a.now, a.now, a.id).changes
  }

  /** Returns a sold lead; 0 when it is no longer in the status the caller read (returned twice, changed meanwhile). */
  markReturned(id: number, from: 'Assigned' | 'Posted', reason: string, now: number): number {
    return this.store
      .prepare(
        `UPDATE leads SET status = 'Returned', return_reason = ?, returned_at = ?, updated_at = ?
         WHERE id = ? AND status = ?`,
      )
      .run(reason, now, now, id, from).changes
  }

  /**
   * A post that may have sold the lead: it waits for an operator, out of the resume list. Only a
   * lead still being distributed (Pending) or an expired listing being posted (Marketplace).
   */
  markOutcomeUnknown(a: { id: number; partnerId: number; postRecordId: number | null; now: number }): number {
    return this.store
      .prepare(
        `UPDATE leads SET status = 'Outcome Unknown', partner_id = ?, post_record_id = ?, resume_from = NULL,
           updated_at = ?
         WHERE id = ? AND status IN ('Pending', 'Marketplace')`,
      )
      .run(a.partnerId, a.postRecordId, a.now, a.id).changes
  }

  /** An operator confirmed the unknown post sold the lead. */
  markPostedFromUnknown(a: { id: number; priceCents: number | null; now: number }): number {
    return this.store
      .prepare(
        `UPDATE leads SET status = 'Posted', charged_cents = ?, assigned_at = ?, resume_from = NULL, updated_at = ?
         WHERE id = ? AND status = 'Outcome Unknown'`,
      )
      .run(a.priceCents, a.now, a.now, a.id).changes
  }

  /** An operator said the unknown post did not sell the lead: back to Pending for the rest of its plan. */
  reopenUnknown(id: number, now: number): number {
    return this.store
      .prepare(
        `UPDATE leads SET status = 'Pending', partner_id = NULL, post_record_id = NULL, resume_from = 'plan',
           updated_at = ?
         WHERE id = ? AND status = 'Outcome Unknown'`,
      )
      .run(now, id).changes
  }

  /** A row of a partner's ledger: a sale (cents ≥ 0) or a return (cents ≤ 0). */
  partnerLedger(e: {
    partnerId: number
    leadId: number
    kind: 'sale' | 'return'
    cents: number
    userId: number | null
    reason: string | null
    now: number
  }): void {
    this.store
      .prepare(
        `INSERT INTO partner_ledger (partner_id, lead_id, kind, amount_cents, user_id, reason, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(e.partnerId, e.leadId, e.kind, e.cents, e.userId, e.reason, e.now)
  }

  /** The data of the lead's latest event of a kind (what an earlier step left for a later decision). */
  lastEventData(leadId: number, kind: string): string | null {
    const row = this.store
      .prepare(`SELECT data FROM lead_events WHERE lead_id = ? AND kind = ? ORDER BY id DESC LIMIT 1`)
      .get(leadId, kind) as { data: string | null } | undefined
    return row?.data ?? null
  }

  partnerSale(leadId: number): { partner_id: number | null; amount_cents: number } | undefined {
    return this.store
      .prepare(`SELECT partner_id, amount_cents FROM partner_ledger WHERE lead_id = ? AND kind = 'sale'`)
      .get(leadId) as { partner_id: number | null; amount_cents: number } | undefined
  }

  updateData(id: number, contact: Contact, details: string, now: number): void {
    const c = contact
    this.store
      .prepare(
        `UPDATE leads SET first_name = ?, last_name = ?, email = ?, phone = ?, address = ?, city = ?, county = ?,
           state = ?, zip = ?, details = ?, updated_at = ? WHERE id = ?`,
      )
      .run(c.first_name, c.last_name, c.email, c.phone, c.address, c.city, c.county, c.state, c.zip, details, now, id)
  }

  /**
   * The wallet charge of an assignment, hand-written for the hot path: the same ledger row and
   * balance move as `WalletsRepository.post`. Returns false (and writes nothing) when the balance
   * is below the price.
   */
  charge(customerId: number, cents: number, leadId: number, now: number, userId: number | null = null): boolean {
    const moved = this.store
      .prepare(`UPDATE customers SET balance_cents = balance_cents - ? WHERE id = ? AND balance_cents >= ?`)
      .run(cents, customerId, cents).changes
    if (moved === 0) return false
    this.store
      .prepare(
        `INSERT INTO wallet_transactions (customer_id, kind, amount_cents, lead_id, user_id, reason, created_at)
         VALUES (?, 'charge', ?, ?, ?, NULL, ?)`,
      )
      .run(customerId, -cents, leadId, userId, now)
    return true
  }

  balance(customerId: number): number {
    const row = this.store.prepare(`SELECT balance_cents FROM customers WHERE id = ?`).get(customerId) as
      { balance_cents: number } | undefined
    return row?.balance_cents ?? 0
  }

  resumable(): { id: number; resume_from: string }[] {
    return this.store.prepare(`SELECT id, resume_from FROM leads WHERE resume_from IS NOT NULL ORDER BY id`).all() as {
      id: number
      resume_from: string
    }[]
  }

  oldestWithheld(limit: number): number[] {
    return (
      this.store.prepare(`SELECT id FROM leads WHERE status = 'Withheld' ORDER BY id LIMIT ?`).all(limit) as {
        id: number
      }[]
    ).map((r) => r.id)
  }

  countWithheld(): number {
    return (this.store.prepare(`SELECT COUNT(*) AS n FROM leads WHERE status = 'Withheld'`).get() as { n: number }).n
  }
}
