import { sql } from 'kysely'
import type { Page } from '../../../shared/domain/page'
import { parseJson } from '../json'
import type { Store } from '../store'

export type DeliveryStatus = 'pending' | 'delivered' | 'failed'

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

export interface DeliveryAttemptInput {
  leadId: number
  customerId: number | null
  attempt: number
  url: string | null
  request: string | null
  response: string | null
  statusCode: number | null
  latencyMs: number | null
  ok: boolean
  error: string | null
  createdAt: number
}

export interface DeliveryAttemptRow {
  id: number
  leadId: number
  leadUuid: string
  customerId: number | null
  customerName: string | null
  attempt: number
  url: string | null
  request: string | null
  response: string | null
  statusCode: number | null
  latencyMs: number | null
  ok: boolean
  error: string | null
  createdAt: number
  deliveryStatus: string | null
}

const CONTACT_COLUMNS = [
  'first_name',
  'last_name',
  'email',
  'phone',
  'address',
  'city',
  'county',
  'state',
  'zip',
] as const

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

  list(input: { leadId?: number; status?: DeliveryStatus; page: number; pageSize: number }): Page<DeliveryAttemptRow> {
    let q = this.store.q
      .selectFrom('deliveries')
      .innerJoin('leads', 'leads.id', 'deliveries.lead_id')
      .leftJoin('customers', 'customers.id', 'deliveries.customer_id')
    if (input.leadId !== undefined) q = q.where('deliveries.lead_id', '=', input.leadId)
    if (input.status !== undefined) {
      q = q.where('leads.delivery_status', '=', input.status)
      // A lead's list entry for a status filter is its latest attempt only.
      q = q.where(
        'deliveries.id',
        '=',
        sql<number>`(SELECT MAX(d2.id) FROM deliveries d2 WHERE d2.lead_id = deliveries.lead_id)`,
      )
    }
    const total = this.store.first(q.select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0
    const rows = this.store.all(
      q
        .select([
          'deliveries.id',
          'deliveries.lead_id',
          'leads.uuid',
          'deliveries.customer_id',
          'customers.name',
          'deliveries.attempt',
          'deliveries.url',
          'deliveries.request',
          'deliveries.response',
          'deliveries.status_code',
          'deliveries.latency_ms',
          'deliveries.ok',
          'deliveries.error',
          'deliveries.created_at',
          'leads.delivery_status',
        ])
        .orderBy('deliveries.id', 'desc')
        .limit(input.pageSize)
        .offset((input.page - 1) * input.pageSize),
    )
    return {
      total,
      rows: rows.map((r) => ({
        id: r.id,
        leadId: r.lead_id,
        leadUuid: r.uuid,
        customerId: r.customer_id,
        customerName: r.name,
        attempt: r.attempt,
        url: r.url,
        request: r.request,
        response: r.response,
        statusCode: r.status_code,
        latencyMs: r.latency_ms,
        ok: r.ok === 1,
        error: r.error,
        createdAt: r.created_at,
        deliveryStatus: r.delivery_status,
      })),
    }
  }
}
