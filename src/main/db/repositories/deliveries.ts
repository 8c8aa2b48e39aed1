import { type Selectable, sql } from 'kysely'
import { DELIVERY_STATUSES, type DeliveryAttempt, type DeliveryStatus } from '../../../shared/api/deliveries'
import type { Page } from '../../../shared/domain/page'
import type { Dialect } from '../dialect'
import type { Executor } from '../executor'
import { parseJson } from '../json'
import type { DeliveriesTable } from '../schema'
import { affected, inTransaction } from '../transaction'
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

/** The first key of the advisory locks that order a lead's delivery after the unit of work queuing it. */
const QUEUED_LOCK = 0x6c64 // "ld"

/** A lead's second advisory-lock key (an int4; two leads sharing one only wait for each other). */
function leadLockKey(leadId: number): number {
  return leadId % 2_147_483_647
}

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

/** Webhook attempts and the lead's delivery status; callers pass their executor. */
export class DeliveriesRepository {
  async lead(db: Executor, leadId: number): Promise<DeliverableLead | undefined> {
    const row = await db
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
      .where('leads.id', '=', leadId)
      .executeTakeFirst()
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
  async deliverableKeys(db: Executor, categoryId: number): Promise<string[]> {
    const rows = await db
      .selectFrom('fields')
      .select('key')
      .where('category_id', '=', categoryId)
      .where('deliverable', '=', 1)
      .orderBy('position')
      .orderBy('id')
      .execute()
    return rows.map((r) => r.key)
  }

  async setStatus(db: Executor, leadId: number, status: DeliveryStatus | null): Promise<void> {
    await db.updateTable('leads').set({ delivery_status: status }).where('id', '=', leadId).execute()
  }

  /**
   * Held by the unit of work `db` that queues the lead's delivery, until it ends (PostgreSQL). The
   * queuing process sends the first attempt at once, from another connection, which cannot wait
   * for that unit through the rows it writes: an uncommitted queue row (and lead, when the unit
   * also inserted it, as intake does) is neither seen nor locked for it, so the claim would find
   * nothing and the attempt would wait for the next poll. It waits here instead (`afterQueuing`).
   * On SQLite the single writer already orders the claim after the unit.
   */
  async holdWhileQueuing(db: Executor, dialect: Dialect, leadId: number): Promise<void> {
    if (dialect !== 'postgres') return
    await sql`SELECT pg_advisory_xact_lock(${QUEUED_LOCK}::int, ${leadLockKey(leadId)}::int)`.execute(db)
  }

  /**
   * Resolves once no unit of work queuing the lead's delivery is still open (PostgreSQL): a shared
   * lock taken and released at once in a transaction of its own, so the claim that follows holds
   * nothing while it waits for the lead's row.
   */
  async afterQueuing(db: Executor, dialect: Dialect, leadId: number): Promise<void> {
    if (dialect !== 'postgres') return
    if (db.isTransaction) throw new Error('afterQueuing waits outside any transaction')
    await inTransaction(db, async (trx) => {
      await sql`SELECT pg_advisory_xact_lock_shared(${QUEUED_LOCK}::int, ${leadLockKey(leadId)}::int)`.execute(trx)
    })
  }

  /** A delivery becomes owed (pending) only while the lead is assigned; 0 = it is not (any more). */
  async markPending(db: Executor, leadId: number): Promise<number> {
    const result = await db
      .updateTable('leads')
      .set({ delivery_status: 'pending' })
      .where('id', '=', leadId)
      .where('status', '=', 'Assigned')
      .executeTakeFirst()
    return affected(result)
  }

  async lastAttempt(db: Executor, leadId: number): Promise<number> {
    const row = await db
      .selectFrom('deliveries')
      .select((eb) => eb.fn.max<number | null>('attempt').as('n'))
      .where('lead_id', '=', leadId)
      .executeTakeFirst()
    return Number(row?.n ?? 0)
  }

  async insertAttempt(db: Executor, a: DeliveryAttemptInput): Promise<number> {
    const row = await db
      .insertInto('deliveries')
      .values({
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
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return Number(row.id)
  }

  async list(
    db: Executor,
    input: { leadId?: number; status?: DeliveryStatus; page: number; pageSize: number },
  ): Promise<Page<DeliveryAttempt>> {
    const limit = input.pageSize
    const offset = (input.page - 1) * input.pageSize
    const columns = [
      'd.id',
      'd.lead_id',
      'l.uuid',
      'd.customer_id',
      'c.name as customer_name',
      'd.attempt',
      'd.url',
      'd.request',
      'd.response',
      'd.status_code',
      'd.latency_ms',
      'd.ok',
      'd.error',
      'd.created_at',
      'l.delivery_status',
    ] as const
    if (input.status !== undefined) {
      // One row per lead in that status, its latest attempt, newest leads first: driven by the
      // leads_delivery_status index, not by a scan of every attempt.
      let leads = db.selectFrom('leads as l').where('l.delivery_status', '=', input.status)
      if (input.leadId !== undefined) leads = leads.where('l.id', '=', input.leadId)
      const counted = await leads.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()
      const rows: AttemptSqlRow[] = await leads
        .innerJoin('deliveries as d', (join) =>
          join.on((eb) =>
            eb(
              'd.id',
              '=',
              eb
                .selectFrom('deliveries as d2')
                .select((e) => e.fn.max('d2.id').as('id'))
                .whereRef('d2.lead_id', '=', 'l.id'),
            ),
          ),
        )
        .leftJoin('customers as c', 'c.id', 'd.customer_id')
        .select(columns)
        .orderBy('l.id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute()
      return { total: Number(counted?.n ?? 0), rows: rows.map(toAttempt) }
    }
    let attempts = db.selectFrom('deliveries as d')
    if (input.leadId !== undefined) attempts = attempts.where('d.lead_id', '=', input.leadId)
    const counted = await attempts.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()
    const rows: AttemptSqlRow[] = await attempts
      .innerJoin('leads as l', 'l.id', 'd.lead_id')
      .leftJoin('customers as c', 'c.id', 'd.customer_id')
      .select(columns)
      .orderBy('d.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute()
    return { total: Number(counted?.n ?? 0), rows: rows.map(toAttempt) }
  }
}
