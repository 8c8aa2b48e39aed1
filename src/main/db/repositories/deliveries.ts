import type { Selectable } from 'kysely'
import { DELIVERY_STATUSES, type DeliveryAttempt, type DeliveryStatus } from '../../../shared/api/deliveries'
import type { Page } from '../../../shared/domain/page'
import { parseJson } from '../json'
import type { DeliveriesTable } from '../schema'
import type { Store } from '../store'
import { CONTACT_COLUMNS } from './lead-row'

/** What a delivery needs to know about an assigned lead. */
export interface DeliverableLead {
  id: number
  uuid: string
  status: string
  customerId: number | null
  customerDelivery: string | null
  categoryId: number | null
  categorySlug: string | null
  chargedCents: number | null
  assignedAt: number | null
  deliveryStatus: string | null
  values: Record<string, unknown>
}

/** One attempt as the delivery service records it; the joined names and the lead's status are read back. */
export type DeliveryAttemptInput = Omit<DeliveryAttempt, 'id' | 'leadUuid' | 'customerName' | 'deliveryStatus'>

const ATTEMPT_COLUMNS = `d.id, d.lead_id, l.uuid, d.customer_id, c.name AS customer_name, d.attempt, d.url, d.request,
  d.response, d.status_code, d.latency_ms, d.ok, d.error, d.created_at, l.delivery_status`

type AttemptSqlRow = Selectable<DeliveriesTable> & {
  uuid: string
  customer_name: string | null
  delivery_status: string | null
}

const isStatus = (s: string | null): s is DeliveryStatus =>
  s !== null && (DELIVERY_STATUSES as readonly string[]).includes(s)

function toAttempt(r: AttemptSqlRow): DeliveryAttempt {
  return {
    id: r.id,
    leadId: r.lead_id,
    leadUuid: r.uuid,
    customerId: r.customer_id,
    customerName: r.customer_name,
    attempt: r.attempt,
    url: r.url,
    request: r.request,
    response: r.response,
    statusCode: r.status_code,
    latencyMs: r.latency_ms,
    ok: r.ok === 1,
    error: r.error,
    createdAt: r.created_at,
    deliveryStatus: isStatus(r.delivery_status) ? r.delivery_status : null,
  }
}

/** Webhook attempts and the lead's delivery status; callers hold any transaction. */
export class DeliveriesRepository {
  constructor(private readonly store: Store) {}

  lead(leadId: number): DeliverableLead | undefined {
    const row = this.store.first(
      this.store.q
        .selectFrom('leads')
        .leftJoin('customers', 'customers.id', 'leads.customer_id')
        .leftJoin('categories', 'categories.id', 'leads.category_id')
        .select([
          'leads.id',
          'leads.uuid',
          'leads.status',
          'leads.customer_id',
          'customers.delivery',
          'leads.category_id',
          'categories.slug',
          'leads.charged_cents',
          'leads.assigned_at',
          'leads.delivery_status',
          'leads.details',
          ...CONTACT_COLUMNS.map((c) => `leads.${c}` as const),
        ])
        .where('leads.id', '=', leadId),
    )
    if (!row) return undefined
    const values: Record<string, unknown> = { ...parseJson<Record<string, unknown>>(row.details, {}) }
    for (const c of CONTACT_COLUMNS) values[c] = row[c]
    return {
      id: row.id,
      uuid: row.uuid,
      status: row.status,
      customerId: row.customer_id,
      customerDelivery: row.delivery,
      categoryId: row.category_id,
      categorySlug: row.slug,
      chargedCents: row.charged_cents,
      assignedAt: row.assigned_at,
      deliveryStatus: row.delivery_status,
      values,
    }
  }

  /** Keys of the fields a customer may receive in this category. */
  deliverableKeys(categoryId: number): string[] {
    return this.store
      .all(
        this.store.q
          .selectFrom('fields')
          .select('key')
          .where('category_id', '=', categoryId)
          .where('deliverable', '=', 1)
          .orderBy('position')
          .orderBy('id'),
      )
      .map((r) => r.key)
  }

  setStatus(leadId: number, status: DeliveryStatus | null): void {
    this.store.run(this.store.q.updateTable('leads').set({ delivery_status: status }).where('id', '=', leadId))
  }

  lastAttempt(leadId: number): number {
    const row = this.store.first(
      this.store.q
        .selectFrom('deliveries')
        .select((eb) => eb.fn.max<number | null>('attempt').as('n'))
        .where('lead_id', '=', leadId),
    )
    return row?.n ?? 0
  }

  insertAttempt(a: DeliveryAttemptInput): number {
    const result = this.store.run(
      this.store.q.insertInto('deliveries').values({
        lead_id: a.leadId,
        customer_id: a.customerId,
        attempt: a.attempt,
        url: a.url,
        request: a.request,
        response: a.response,
        status_code: a.statusCode,
        latency_ms: a.latencyMs,
        ok: a.ok ? 1 : 0,
        error: a.error,
        created_at: a.createdAt,
      }),
    )
    return Number(result.lastInsertRowid)
  }

  /** Leads a restart left with a delivery in flight. */
  pendingLeadIds(): number[] {
    return this.store
      .all(this.store.q.selectFrom('leads').select('id').where('delivery_status', '=', 'pending'))
      .map((r) => r.id)
  }

  list(input: { leadId?: number; status?: DeliveryStatus; page: number; pageSize: number }): Page<DeliveryAttempt> {
    const limit = input.pageSize
    const offset = (input.page - 1) * input.pageSize
    if (input.status !== undefined) {
      // One row per lead in that status, its latest attempt, newest leads first: driven by the
      // leads_delivery_status index, not by a scan of every attempt.
      const where = `l.delivery_status = ?${input.leadId !== undefined ? ' AND l.id = ?' : ''}`
      const params: unknown[] = input.leadId !== undefined ? [input.status, input.leadId] : [input.status]
      const total = (
        this.store.prepare(`SELECT count(*) AS n FROM leads l WHERE ${where}`).get(...params) as { n: number }
      ).n
      const rows = this.store
        .prepare(
          `SELECT ${ATTEMPT_COLUMNS} FROM leads l
           JOIN deliveries d ON d.id = (SELECT MAX(d2.id) FROM deliveries d2 WHERE d2.lead_id = l.id)
           LEFT JOIN customers c ON c.id = d.customer_id
           WHERE ${where} ORDER BY l.id DESC LIMIT ? OFFSET ?`,
        )
        .all(...params, limit, offset) as AttemptSqlRow[]
      return { total, rows: rows.map(toAttempt) }
    }
    const where = input.leadId !== undefined ? 'WHERE d.lead_id = ?' : ''
    const params: unknown[] = input.leadId !== undefined ? [input.leadId] : []
    const total = (
      this.store.prepare(`SELECT count(*) AS n FROM deliveries d ${where}`).get(...params) as { n: number }
    ).n
    const rows = this.store
      .prepare(
        `SELECT ${ATTEMPT_COLUMNS} FROM deliveries d
         JOIN leads l ON l.id = d.lead_id
         LEFT JOIN customers c ON c.id = d.customer_id
         ${where} ORDER BY d.id DESC LIMIT ? OFFSET ?`,
      )
      .all(...params, limit, offset) as AttemptSqlRow[]
    return { total, rows: rows.map(toAttempt) }
  }
}
